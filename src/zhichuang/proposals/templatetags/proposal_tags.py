from django import template

from ..enums import ProposalState

register = template.Library()

S = ProposalState
_STATE_STYLE = {
    S.DRAFT: "text-bg-light border",
    S.SUBMITTED: "text-bg-primary",
    S.EVALUATING: "text-bg-info",
    S.ADOPTED: "text-bg-success",
    S.NOT_ADOPTED: "text-bg-secondary",
    S.RETURNED: "text-bg-warning",
    S.IMPLEMENTING: "text-bg-primary",
    S.IMPLEMENTED: "text-bg-success",
    S.VERIFIED: "text-bg-success",
    S.REWARDED: "text-bg-danger",
    S.MERGED: "text-bg-secondary",
    S.WITHDRAWN: "text-bg-secondary",
}


@register.filter
def state_style(state: str) -> str:
    """Bootstrap badge classes for a proposal state."""
    return _STATE_STYLE.get(state, "text-bg-light border")


@register.filter
def state_label(state: str) -> str:
    return S(state).label if state in S.values else state


@register.filter
def grade_amount(rule, grade: str) -> str:
    """A reward rule's fixed amount for a grade, as stored ("0.00" when the rule leaves it out)."""
    return rule.grade_amounts.get(grade, "0.00")
