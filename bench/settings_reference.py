"""Settings for the load run (bench/load_run.py): the product's settings plus two bare reference views.

The references live in bench/reference_urls.py, never in the product's URLs.
"""

from pathlib import Path

from zhichuang.settings import *  # noqa: F403
from zhichuang.settings import TEMPLATES

ROOT_URLCONF = "bench.reference_urls"
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]}]
