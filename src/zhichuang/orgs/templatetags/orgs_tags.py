from django import template

from zhichuang.orgs.industries import industry_name

register = template.Library()


@register.filter
def industry(code: str) -> str:
    """ "38 电气机械和器材制造业" for a GB/T 4754 division code; the bare code if unknown."""
    if not code:
        return ""
    try:
        return f"{code} {industry_name(code)}"
    except KeyError:
        return code
