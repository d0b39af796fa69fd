"""A declared list (core.listing.Listing) as an API list: its filter form's bounded fields become the
endpoint's query parameters, its selector gives the rows, and the API pages them with core.views.window.

Each kind of form field becomes its twin in api.schemas (the table in docs/conventions.md, "Adding a
field safely"), so the page and the API refuse the same values:

    IdField → Id · CountField → Count · BoundedDecimalField → Money(max_digits, decimal_places)
    TextField → Text(max_length) · DateField (date_filter) → Day · YesNoFilter → bool
    ChoiceField → one of its values (an enum in the document) · a multiple choice → a list of them

A form field of another kind is refused at import time: it would be a parameter without its limits.
"""

import enum
from typing import Any, Literal

from django import forms
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import create_model

from zhichuang.core.errors import NotFound, ValidationFailed
from zhichuang.core.forms import BoundedDecimalField, CountField, IdField, TextField, YesNoFilter
from zhichuang.core.listing import FilterErrors, Listing
from zhichuang.core.validators import FILTER_DATE_MAX, FILTER_DATE_MIN

from .schemas import Count, Day, Id, Money, Text

# The most values a repeated parameter (?state=a&state=b) takes.
LIST_VALUES_MAX = 20


def _choices(field: forms.ChoiceField, name: str):
    values = [value for value, _label in field.choices if value not in ("", None)]
    if values and all(isinstance(value, int) for value in values):
        return enum.IntEnum(name, {f"V{value}": value for value in values})
    return Literal[tuple(str(value) for value in values)]


def _parameter(listing: Listing, name: str, field: forms.Field) -> tuple[Any, Any]:
    description = str(field.help_text or field.label or "") or None
    if isinstance(field, YesNoFilter):
        return bool | None, Field(None, description=description)
    if isinstance(field, forms.MultipleChoiceField):
        item = _choices(field, _enum_name(listing, name))
        description = f"{description or name}: one or more (repeat the parameter)."
        return list[item], Field([], max_length=LIST_VALUES_MAX, description=description)
    if isinstance(field, forms.ChoiceField):
        return _choices(field, _enum_name(listing, name)) | None, Field(None, description=description)
    if isinstance(field, IdField):
        return Id | None, Field(None, description=description)
    if isinstance(field, CountField):
        return Count | None, Field(None, description=description)
    if isinstance(field, BoundedDecimalField):
        return Money(field.max_digits, field.decimal_places, in_query=True) | None, Field(None, description=description)
    if isinstance(field, forms.DateField):
        bounds = (FILTER_DATE_MIN, FILTER_DATE_MAX)
        if not all(any(getattr(v, "limit_value", None) == b for v in field.validators) for b in bounds):
            raise TypeError(f"{listing.key}.{name}: a date filter is core.forms.date_filter")
        return Day | None, Field(None, description=description)
    if isinstance(field, TextField):
        return Text(field.max_length), Field("", description=description)
    raise TypeError(f"{listing.key}.{name}: {type(field).__name__} has no bounded API twin (api.listings)")


def _enum_name(listing: Listing, name: str) -> str:
    return "".join(part.title() for part in f"{listing.key}.{name}".replace("_", ".").split("."))


def query_schema(listing: Listing) -> type[Schema]:
    """The query parameters of listing's API list, one per filter field, named as listing.api_names says."""
    fields = {}
    for name, field in listing.filters.base_fields.items():
        fields[listing.api_names.get(name, name)] = _parameter(listing, name, field)
    title = "".join(part.title() for part in listing.key.replace("_", ".").split(".")) + "Filters"
    return create_model(title, __base__=Schema, **fields)


class FilterInvalid(ValidationFailed):
    """A filter valid alone but not here: answered like a parameter ninja refuses (422, "invalid")."""

    status = 422


def api_rows(listing: Listing, request, filters: Schema):
    """The rows of listing for the API's caller: the same selector, scope and filter errors as the page
    (a filter valid alone but not here is a 422 naming the parameter, as ninja names a wrong one)."""
    values = filters.dict()
    cleaned = {name: values[listing.api_names.get(name, name)] for name in listing.filters.base_fields}
    for name, field in listing.filters.base_fields.items():
        if isinstance(field, forms.ChoiceField) and not isinstance(field, YesNoFilter):
            cleaned[name] = _value(cleaned[name], field)
    try:
        return listing.rows(request.auth, cleaned).rows
    except FilterErrors as exc:
        if exc.not_found:
            raise NotFound(str(next(iter(exc.errors.values()))[0])) from None
        details = {listing.api_names.get(k, k): [str(m) for m in v] for k, v in exc.errors.items()}
        raise FilterInvalid(_("Some of the values are not valid."), details=details) from None


def _value(value, field: forms.ChoiceField):
    """A choice as the form cleans it: "" for none, the plain value (not the enum member)."""
    if isinstance(value, list):
        return [_value(v, field) for v in value]
    if value is None:
        return field.empty_value if isinstance(field, forms.TypedChoiceField) else ""
    return value.value if isinstance(value, enum.Enum) else value
