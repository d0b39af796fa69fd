"""What anyone may see of a kind of record, as one rule every module's public pages use.

A module declares, once, the records that are published (consent and recognition, as a Q) and the
fixed fields the public sees of them. published_list() loads exactly those fields with Django's
FETCH_RAISE fetch mode: a template, API or export that touches any other field or relation (a
proposer, an attachment, a creator) raises FieldFetchBlocked instead of loading it, so nothing about
a person can reach a visitor by a later edit of a template. Nothing here knows a domain model.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet

from .errors import NotFound


@dataclass(frozen=True)
class PublicRecords:
    model: type[models.Model]
    # The fields the public sees, as .only() takes them ("enterprise__name" loads that one column of the join).
    fields: tuple[str, ...]
    # What makes a record public: consent of every person it is about, and whatever recognition it needs.
    published: Q

    def __post_init__(self):
        for name in self.fields:
            _field_path(self.model, name)  # a misspelt field fails at start-up, not on a visitor's page

    def published_list(self) -> QuerySet:
        relations = sorted({name.rsplit("__", 1)[0] for name in self.fields if "__" in name})
        return (
            self.model.objects.filter(self.published)
            .select_related(*relations)
            .only(*self.fields)
            .fetch_mode(models.FETCH_RAISE)
        )

    def published_get(self, pk, queryset: QuerySet | None = None):
        """One published record by id (NotFound otherwise, also for an id that is not a number)."""
        found = (
            (queryset if queryset is not None else self.published_list()).filter(pk=pk).first()
            if str(pk).isdigit()
            else None
        )
        if found is None:
            raise NotFound()
        return found


def _field_path(model, name: str):
    for part in name.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            raise FieldDoesNotExist(f"{model.__name__} has no field {name!r} to publish") from None
        model = field.related_model or model
    return field
