"""The bounded form fields: every integer, decimal and text a form reads goes through one of these.

A value the database cannot hold or compare (an id beyond 64 bits, a count beyond a 32-bit column,
NaN, a text with NUL or of a million characters) is refused here with a message in the user's
language, before any service or query sees it. tests/security/test_bounded_fields.py checks that
every form of the project uses them; docs/conventions.md "Adding a field safely" says which to use.
The API's equivalents are the Annotated types in zhichuang.api.schemas.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.forms.models import ModelFormMetaclass

from .validators import COUNT_MAX, FILTER_DATE_MAX, FILTER_DATE_MIN, ID_MAX


class IdField(forms.IntegerField):
    """A record's id: 1 to 2**63 - 1 (a larger number fails the query on SQLite instead of matching nothing)."""

    def __init__(self, *, min_value=1, max_value=ID_MAX, **kwargs):
        super().__init__(min_value=max(1, min_value), max_value=min(ID_MAX, max_value), **kwargs)


class CountField(forms.IntegerField):
    """A count or a small number: 0 to the column's maximum (PostgreSQL's integer is 32-bit)."""

    def __init__(self, *, min_value=0, max_value=COUNT_MAX, **kwargs):
        super().__init__(min_value=max(-COUNT_MAX - 1, min_value), max_value=min(COUNT_MAX, max_value), **kwargs)


class BoundedDecimalField(forms.DecimalField):
    """A decimal within its column: max_digits and decimal_places are required (NaN and ±Infinity are
    always refused by Django's field)."""

    def __init__(self, *, max_digits: int, decimal_places: int, **kwargs):
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)


class TextField(forms.CharField):
    """A text with a required max_length; NUL characters are refused (Django's CharField validator)."""

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(max_length=max_length, **kwargs)


def parse_id(value) -> int | None:
    """A raw id from a request (a query value, a hidden input) as an int, or None if no record can have it."""
    try:
        return IdField().clean(value)
    except ValidationError:
        return None


def id_filter(label, unknown, *, error_messages=None, **kwargs) -> IdField:
    """An optional id filter (a district, an enterprise…): a number no id can be is refused with unknown."""
    return IdField(
        label=label,
        required=False,
        error_messages={"min_value": unknown, "max_value": unknown, **(error_messages or {})},
        **kwargs,
    )


def date_filter(label) -> forms.DateField:
    """An optional date filter, refused (with Django's own message) outside what the database can compare."""
    return forms.DateField(
        label=label,
        required=False,
        validators=[MinValueValidator(FILTER_DATE_MIN), MaxValueValidator(FILTER_DATE_MAX)],
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class FilterSelect(forms.Select):
    """The select of an optional filter. Never required, so it need not read its first choice to decide:
    Django's Select does on every render, and for choices from a function (the 97 industries) that
    normalises the whole list again on every list page."""

    def use_required_attribute(self, initial) -> bool:
        return False


class YesNoFilter(forms.TypedChoiceField):
    """An optional yes/no filter: True, False or None (any), from the two values the page's select sends
    ("1"/"0", "yes"/"no"); the API takes it as a boolean (api.listings)."""

    def __init__(self, *, label, any_label, yes: tuple[str, str], no: tuple[str, str], **kwargs):
        self.yes_value = yes[0]
        super().__init__(
            label=label,
            required=False,
            choices=[("", any_label), yes, no],
            coerce=self._is_yes,
            empty_value=None,
            **kwargs,
        )

    def _is_yes(self, value) -> bool:
        return value == self.yes_value


# The longest text a TextField column (unbounded in the database) takes from a form or the API.
LONG_TEXT_MAX = 5000


def bounded_formfield(db_field: models.Field, **kwargs):
    """A model field's form field, bounded like its column: ModelForm's formfield_callback."""
    return bound_formfield(db_field, db_field.formfield(**kwargs))


def bound_formfield(db_field: models.Field, field):
    """Bound a form field derived from db_field (by a ModelForm or the admin) like the column.

    Integer columns get their type's range (an id 64 bits, an integer 32 bits), text columns without a
    max_length get LONG_TEXT_MAX; DecimalField and CharField columns already carry their limits.
    """
    if isinstance(field, forms.IntegerField):
        low, high = _integer_range(db_field)
        field.min_value = low if field.min_value is None else max(field.min_value, low)
        field.max_value = high if field.max_value is None else min(field.max_value, high)
        field.validators += [MinValueValidator(field.min_value), MaxValueValidator(field.max_value)]
        field.widget.attrs.update({"min": field.min_value, "max": field.max_value})
    elif isinstance(field, forms.CharField) and field.max_length is None:
        field.max_length = LONG_TEXT_MAX
        field.validators.append(MaxLengthValidator(LONG_TEXT_MAX))
        field.widget.attrs["maxlength"] = str(LONG_TEXT_MAX)
    return field


def _integer_range(db_field) -> tuple[int, int]:
    if isinstance(db_field, (models.BigIntegerField, models.BigAutoField)) or db_field.is_relation:
        low = 1 if db_field.is_relation or isinstance(db_field, models.BigAutoField) else -ID_MAX - 1
        return low, ID_MAX
    if isinstance(db_field, (models.PositiveIntegerField, models.PositiveSmallIntegerField)):
        return 0, 32767 if isinstance(db_field, models.PositiveSmallIntegerField) else COUNT_MAX
    if isinstance(db_field, models.SmallIntegerField):
        return -32768, 32767
    return -COUNT_MAX - 1, COUNT_MAX


class _BoundedModelFormMetaclass(ModelFormMetaclass):
    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            meta.formfield_callback = bounded_formfield
        return super().__new__(mcs, name, bases, attrs)


class BoundedModelForm(forms.ModelForm, metaclass=_BoundedModelFormMetaclass):
    """The base of every ModelForm of the project: fields derived from model fields are bounded
    (Meta.formfield_callback is bounded_formfield unless the form names its own).
    The admin's forms are bounded by accounts.admin_site.SysadminModelAdmin.formfield_for_dbfield."""
