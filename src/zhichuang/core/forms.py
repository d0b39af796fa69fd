"""Form fields the list filters share."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from .validators import FILTER_DATE_MAX, FILTER_DATE_MIN


def date_filter(label) -> forms.DateField:
    """An optional date filter, refused (with Django's own message) outside what the database can compare."""
    return forms.DateField(
        label=label,
        required=False,
        validators=[MinValueValidator(FILTER_DATE_MIN), MaxValueValidator(FILTER_DATE_MAX)],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
