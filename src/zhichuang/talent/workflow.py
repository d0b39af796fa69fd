"""An honour's workflow: the enterprise union enters or nominates it, the district checks it (with the
honour's eligibility checks beside it), and from the city's level up the city confirms it. Each step is
a HonourTransition with its reason; returning and refusing need one, and so does passing a nomination
whose eligibility checks are not all met."""

from django.utils.translation import gettext_lazy as _

from zhichuang.core.errors import ValidationFailed
from zhichuang.orgs.models import Organization
from zhichuang.orgs.selectors import city
from zhichuang.workflow.steps import Step, StepContext, Workflow, needs_reason

from .enums import CITY_CONFIRMS, HonourState
from .models import Honour, HonourTransition
from .permissions import TalentPerm

H = HonourState


def _city(honour: Honour) -> Organization:
    return city()


def checking_organization(honour: Honour) -> Organization:
    """The district checks its enterprises' nominations; the city those of people outside any district."""
    return honour.district if honour.district_id else _city(honour)


def _city_level(ctx: StepContext) -> None:
    if ctx.row.honour_type.level not in CITY_CONFIRMS:
        raise ValidationFailed(_("An honour below the city's level is confirmed by the district's check."))


def _below_city_level(ctx: StepContext) -> None:
    if ctx.row.honour_type.level in CITY_CONFIRMS:
        raise ValidationFailed(_("An honour of the city's level or higher is confirmed by the city."))


def _checked_or_explained(ctx: StepContext) -> None:
    """Passing a nomination that does not meet every eligibility check needs a reason."""
    from .selectors import honour_checks  # the record reads every module's part of it

    checks = honour_checks(ctx.row)
    if not ctx.reason and not all(check.met for check in checks):
        raise ValidationFailed(
            _("Not every eligibility check is met: say why it passes all the same."),
            details={"reason": [_("Give a reason.")]},
        )
    ctx.audit["checks"] = {check.rule: check.met for check in checks}


_ENTER = (TalentPerm.MANAGE,)
_VERIFY = (TalentPerm.VERIFY,)
_CONFIRM = (TalentPerm.CONFIRM,)

HONOUR_WORKFLOW = Workflow(
    name="talent.honour",
    model=Honour,
    steps={
        (H.DRAFT, H.NOMINATED): Step("honour_nominate", _ENTER),
        (H.RETURNED, H.NOMINATED): Step("honour_resubmit", _ENTER),
        (H.NOMINATED, H.VERIFIED): Step(
            "honour_verify", _VERIFY, (_city_level, _checked_or_explained), org=checking_organization
        ),
        (H.NOMINATED, H.CONFIRMED): Step(
            "honour_verify", _VERIFY, (_below_city_level, _checked_or_explained), org=checking_organization
        ),
        (H.NOMINATED, H.RETURNED): Step("honour_return", _VERIFY, (needs_reason,), org=checking_organization),
        (H.NOMINATED, H.REJECTED): Step("honour_reject", _VERIFY, (needs_reason,), org=checking_organization),
        (H.VERIFIED, H.CONFIRMED): Step("honour_confirm", _CONFIRM, org=_city),
        (H.VERIFIED, H.RETURNED): Step("honour_return", _CONFIRM, (needs_reason,), org=_city),
        (H.VERIFIED, H.REJECTED): Step("honour_reject", _CONFIRM, (needs_reason,), org=_city),
    },
    history=HonourTransition,
    subject="honour",
    organization=lambda honour: honour.organization,
    related=("honour_type", "profile", "organization", "district"),
    audit_prefix="talent",
    changed_at_field="state_changed_at",
    stale_message=_("Someone else changed this honour meanwhile. Reload it and try again."),
)
