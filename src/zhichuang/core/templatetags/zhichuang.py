import html
from functools import cache, lru_cache

from django import forms, template
from django.forms.utils import flatatt
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from zhichuang.core import money
from zhichuang.core.forms import FilterSelect
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
    css = {
        "checkbox": "form-check-input",
        "select": "form-select",
        "filterselect": "form-select",
        "nullbooleanselect": "form-select",
    }.get(field.widget_type, "form-control")
    if field.errors:
        css += " is-invalid"
    if type(field.field.widget) in (forms.Select, FilterSelect):
        return _select(field, css)
    return field.as_widget(attrs={"class": css})


def _select(field, css: str):
    """A single <select> written here as Django's widget templates write it. They render each option
    through a template of its own, and a list page with the 97 industries of GB/T 4754 spent milliseconds
    on that one field (docs/benchmarks.md, "Before and after issue 10")."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({**widget.attrs, "class": css})
    if field.auto_id and "id" not in attrs:
        attrs["id"] = field.auto_id
    chosen = tuple(widget.format_value(field.value()))
    choices = field.field.choices
    source = getattr(choices, "func", None)
    if hasattr(source, "cache_info"):
        # Choices from a cached function (the industries) are the same list on every page: their options
        # are written once per chosen value and language.
        options = _fixed_options(source, chosen, get_language())
    else:
        options = _options(choices, chosen)
    if options is None:  # an optgroup: Django's own templates write those
        return field.as_widget(attrs={"class": css})
    return mark_safe(f'<select name="{_escape(field.html_name)}"{flatatt(attrs)}>\n{options}\n</select>')


def _options(choices, chosen: tuple) -> str | None:
    options, selected = [], False
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            return None
        value = "" if value is None else str(value)
        mark = not selected and value in chosen
        selected = selected or mark
        options.append(_option(value, str(label), mark))
    return "\n".join(options)


@lru_cache(maxsize=256)
def _fixed_options(source, chosen: tuple, language: str) -> str | None:
    return _options(source(), chosen)


@lru_cache(maxsize=4096, typed=True)  # typed: a safe label is not an unsafe one
def _option(value: str, label: str, selected: bool) -> str:
    """One <option>: the same few hundred (the industries, the states) on every list page, escaped once."""
    return f'<option value="{_escape(value)}"{" selected" if selected else ""}>{_escape(label)}</option>'


def _escape(text) -> str:
    """conditional_escape without its lazy-string wrapper, which cost more than the escaping."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


@register.simple_tag
def field_errors(field, shown=False) -> str:
    """A filter field's errors at the field: after its input (Bootstrap shows .invalid-feedback after an
    .is-invalid input), or on a line of their own (shown) for a filter the page has no input for. A tag, not
    an included template: a list page asks it for every filter on every request."""
    if not field.errors:
        return ""
    css = "text-danger small mt-2" if shown else "invalid-feedback"
    html = '<div class="{}" id="id_{}_error" data-error-for="{}">{}</div>'
    return format_html(html, css, field.name, field.name, " ".join(field.errors))


@register.filter
def yuan(value, places=2) -> str:
    """Money for display (core.money.yuan): ¥13,590.00."""
    return money.yuan(value, places)


@register.filter
def thousands(value) -> str:
    """A count for display with thousands separators (10,100), grouped as yuan groups money, whatever the locale."""
    if value is None or value == "":
        return "—"
    return f"{int(value):,}"
