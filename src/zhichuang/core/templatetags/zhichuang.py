from decimal import Decimal
from functools import cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

from zhichuang.core.modules import nav_entries

register = template.Library()


@cache
def _nav_urls(script_prefix: str, urlconf) -> tuple[str, ...]:
    return tuple(reverse(entry.url_name) for entry in nav_entries())


def _at_or_below(url: str, path: str) -> bool:
    """The home page ("/") holds only itself; any other url holds the pages below it."""
    return path == url if url == "/" else path.startswith(url)


@register.filter
def is_current(url: str, path: str) -> bool:
    """Is url the menu entry of the page at path: the longest menu URL that holds path?

    "/proposals/" holds "/proposals/campaigns/" too, but there the Campaigns entry is current, not both.
    """
    if not _at_or_below(url, path):
        return False
    urls = _nav_urls(get_script_prefix(), get_urlconf())
    return not any(len(other) > len(url) and _at_or_below(other, path) for other in urls)


@register.filter
def bs(field):
    """Render a form field's widget with Bootstrap's classes (and is-invalid when it has errors)."""
    css = {"checkbox": "form-check-input", "select": "form-select", "nullbooleanselect": "form-select"}.get(
        field.widget_type, "form-control"
    )
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


@register.filter
def yuan(value, places=2) -> str:
    """Money for display: ¥ with thousands separators (to the fen unless told), whatever the locale's grouping."""
    if value is None or value == "":
        return "—"
    return f"¥{Decimal(value):,.{int(places)}f}"


@register.filter
def thousands(value) -> str:
    """A count for display with thousands separators (10,100), grouped as yuan groups money, whatever the locale."""
    if value is None or value == "":
        return "—"
    return f"{int(value):,}"
