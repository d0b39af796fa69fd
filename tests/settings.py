"""The settings the tests run with: the project's own, plus apps that exist only for tests.

tests.sample_module is a module that plugs in the way every real one does (its module.py and one line
here), to show that nothing else needs an edit. tests.workflow_toy is a model with its own table for the shared
workflow's tests.
"""

from zhichuang.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.sample_module", "tests.workflow_toy"]  # noqa: F405
