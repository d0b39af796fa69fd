"""GB/T 4754-2017 国民经济行业分类: its 20 sections (门类) and 97 divisions (大类).

The table lives in data/gbt4754_2017.csv and is read once, on first use.
``SECTIONS`` maps a section letter ("C") and ``DIVISIONS`` a two-digit division
code ("13") to an :class:`Industry`. The names are the standard's official
Chinese names, so they are not translated.
"""

import csv
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

DATA_FILE = "gbt4754_2017.csv"


@dataclass(frozen=True, slots=True)
class Industry:
    code: str
    name: str
    # The section letter of a division; "" for a section itself.
    section: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@functools.cache
def _catalogue() -> tuple[Mapping[str, Industry], Mapping[str, Industry]]:
    sections: dict[str, Industry] = {}
    divisions: dict[str, Industry] = {}
    source = resources.files(__package__).joinpath("data", DATA_FILE)
    with source.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            industry = Industry(code=row["code"], name=row["name"], section=row["section"])
            (divisions if industry.section else sections)[industry.code] = industry
    return MappingProxyType(sections), MappingProxyType(divisions)


def __getattr__(name: str) -> Mapping[str, Industry]:
    # SECTIONS and DIVISIONS are loaded lazily, so importing this module (say,
    # from models.py) costs nothing until a lookup is made.
    if name == "SECTIONS":
        return _catalogue()[0]
    if name == "DIVISIONS":
        return _catalogue()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _normalise(code: str) -> str:
    return code.strip().upper()


def industry_name(code: str) -> str:
    """Return the name of a section ("C") or division ("13"); KeyError if unknown."""
    code = _normalise(code)
    sections, divisions = _catalogue()
    industry = sections.get(code) or divisions.get(code)
    if industry is None:
        raise KeyError(code)
    return industry.name


def section_of(division_code: str) -> str:
    """Return the section letter of a division: section_of("13") == "C"."""
    return _catalogue()[1][_normalise(division_code)].section


def is_valid_division(code: str) -> bool:
    return _normalise(code) in _catalogue()[1]


def division_choices(*, grouped: bool = False) -> list:
    """Choices for a division field, labelled like "13 农副食品加工业".

    Flat by default; with grouped=True, Django's grouped form, one
    ("C 制造业", [(code, label), …]) group per section.
    """
    sections, divisions = _catalogue()
    if not grouped:
        return [(division.code, division.label) for division in divisions.values()]
    return [
        (
            section.label,
            [(d.code, d.label) for d in divisions.values() if d.section == section.code],
        )
        for section in sections.values()
    ]


def industry_label(code: str) -> str:
    """ "28 化学纤维制造业" for a section or division code: the name beside the code; the bare code if unknown."""
    if not code:
        return ""
    try:
        return f"{code} {industry_name(code)}"
    except KeyError:
        return code
