from django import template

from zhichuang.orgs.industries import industry_name

register = template.Library()


@register.filter
def is_current(url: str, path: str) -> bool:
    """Is path the page at url or below it? The home page ("/") matches only itself."""
    return path == url if url == "/" else path.startswith(url)


@register.filter
def industry(code: str) -> str:
    """ "38 电气机械和器材制造业" for a GB/T 4754 division code; the bare code if unknown."""
    if not code:
        return ""
    try:
        return f"{code} {industry_name(code)}"
    except KeyError:
        return code


@register.filter
def bs(field):
    """Render a form field's widget with Bootstrap's classes (and is-invalid when it has errors)."""
    css = {"checkbox": "form-check-input", "select": "form-select", "nullbooleanselect": "form-select"}.get(
        field.widget_type, "form-control"
    )
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})
