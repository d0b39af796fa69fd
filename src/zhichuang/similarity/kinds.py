"""Document kinds: which records of which module the search piece indexes and searches.

The module that owns the records declares its kind in its module.py (`Module.documents`); the
search piece reads the declarations and never imports the module. A kind names

- the records' model, whose querysets `selectors.matching_text` / `TextSearch` narrow by a query,
  and the text columns a search looks in;
- a rebuild source: a dotted path to a callable returning (id, text fields) of every record that
  belongs in the similar-document index, for `services.index_rebuild` and the build command.

The owning module keeps the index up to date itself (`services.index_document` / `index_remove`
when a record changes) and decides who may see which result: the search piece filters only by
the queryset or ids it is given.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models

from zhichuang.core.modules import modules, resolve


@dataclass(frozen=True)
class DocumentKind:
    name: str  # stored in the index ("proposal"); never change it once documents are indexed
    label: str  # what the records are called, plural ("proposals"), for the build command's report
    model: str  # "app_label.ModelName" of the records
    search_fields: tuple[str, ...]  # the text columns a full-text search looks in (NOT NULL)
    # "package.module:callable" → iterable of (id, [text fields]) of every indexable record; "" for a kind that
    # is searched only, never compared for similar records (talent profiles).
    documents: str = ""

    def record_model(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def all_documents(self):
        return resolve(self.documents)() if self.documents else iter(())


@cache
def document_kinds() -> dict[str, DocumentKind]:
    """The declared kinds by name. (Tests register a kind of their own with monkeypatch.setitem.)"""
    found: dict[str, DocumentKind] = {}
    for module in modules():
        for kind in module.documents:
            if kind.name in found:
                raise ValueError(f"Document kind {kind.name!r} is declared twice")
            found[kind.name] = kind
    return found


def kind_named(name: str) -> DocumentKind:
    try:
        return document_kinds()[name]
    except KeyError:
        raise LookupError(f"No module declares the document kind {name!r}") from None


def kind_of_model(model: type[models.Model]) -> DocumentKind:
    label = model._meta.label
    for kind in document_kinds().values():
        if kind.model == label:
            return kind
    raise LookupError(f"No document kind is declared for {label}")
