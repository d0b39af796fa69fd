from django import template

from zhichuang.orgs.industries import industry_label

register = template.Library()


@register.filter
def industry(code: str) -> str:
    """ "38 电气机械和器材制造业" for a GB/T 4754 division code; the bare code if unknown."""
    return industry_label(code)
