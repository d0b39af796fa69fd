"""What can be imported: the kinds the modules declare (core.modules.Importer), each with the module
that validates and writes its rows (validate/write functions and COLUMNS)."""

from zhichuang.core.modules import importers, resolve


def importer(kind: str):
    return resolve(importers()[kind].module)


def columns(kind: str):
    return importer(kind).COLUMNS
