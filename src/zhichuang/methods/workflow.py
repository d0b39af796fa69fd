"""A recognition application's workflow, one level at a time (enterprise → district → city → province):

    (draft) → applied        the enterprise union applies on the inventors' behalf (or an inventor does)
    applied → endorsed       the enterprise endorses it (an application for the enterprise's own level goes
                             straight to the expert review: there is no district step below the district)
    endorsed → reviewing     the district reviews it and passes it on to the expert review
    reviewing → recognised   the deciding organisation (the enterprise, the district, the city; the province's
                             recognition is recorded by the city) decides, after at least one expert scored it
    … → returned / rejected / not_recognised, each with a reason; returned → applied again

Each step is an ApplicationTransition with its reason."""

from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.scoping import grants
from zhichuang.core.errors import PermissionDenied, ValidationFailed
from zhichuang.orgs.models import Organization
from zhichuang.orgs.selectors import city
from zhichuang.scoring.scorecards import grade_for
from zhichuang.workflow.steps import Step, StepContext, Workflow, needs_reason

from .enums import ApplicationState, MethodLevel
from .models import ApplicationTransition, MethodApplication
from .permissions import MethodPerm
from .scorecard import THRESHOLDS

A = ApplicationState


def enterprise_of(application: MethodApplication) -> Organization:
    return application.enterprise


def reviewing_district(application: MethodApplication) -> Organization:
    """The district reviews its enterprises' applications; the city those of an enterprise outside any."""
    return application.district if application.district_id else city()


def deciding_organization(application: MethodApplication) -> Organization:
    """Who organises the expert review and decides: the enterprise for its own level, the district for the
    district's, the city for the city's and (recording the province's decision) the province's."""
    if application.level == MethodLevel.ENTERPRISE:
        return application.enterprise
    if application.level == MethodLevel.DISTRICT:
        return reviewing_district(application)
    return city()


def decides_here(user, application: MethodApplication) -> bool:
    """Does the user hold DECIDE at the deciding organisation itself (for an enterprise, or one of its
    departments)? Recognition at a level is that level's own: a district does not decide the enterprise's
    recognition, nor the city the district's, although their scope covers them."""
    org = deciding_organization(application)
    return any(
        grant.permits(MethodPerm.DECIDE)
        and (
            grant.org_path == org.path
            or (application.level == MethodLevel.ENTERPRISE and grant.org_path.startswith(org.path))
        )
        for grant in grants(user)
    )


def _at_its_own_level(ctx: StepContext) -> None:
    if not decides_here(ctx.actor, ctx.row):
        raise PermissionDenied()


def is_inventor(user, application: MethodApplication) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return application.method.inventors.filter(worker__user_id=user.pk).exists()


def _enterprise_level(ctx: StepContext) -> None:
    if ctx.row.level != MethodLevel.ENTERPRISE:
        raise ValidationFailed(_("An application above the enterprise's level goes to the district's review."))


def _above_enterprise(ctx: StepContext) -> None:
    if ctx.row.level == MethodLevel.ENTERPRISE:
        raise ValidationFailed(_("An application for the enterprise's level goes straight to the expert review."))


def _scored(ctx: StepContext) -> None:
    """Recognition follows the experts' scores: at least one, and a reason where their mean falls short."""
    score = ctx.row.score
    if score is None:
        raise ValidationFailed(_("No expert has scored this method yet: invite experts and wait for their scores."))
    if not grade_for(score, THRESHOLDS) and not ctx.reason:
        raise ValidationFailed(
            _("The experts' mean score is below the pass mark: say why it is recognised all the same."),
            details={"reason": [_("Give a reason.")]},
        )
    ctx.updates["decided_at"] = ctx.now
    ctx.audit["score"] = str(score)


def _decided(ctx: StepContext) -> None:
    ctx.updates["decided_at"] = ctx.now


_APPLY = (MethodPerm.MANAGE, "inventor")
_ENDORSE = (MethodPerm.ENDORSE,)
_REVIEW = (MethodPerm.REVIEW,)
_DECIDE = (MethodPerm.DECIDE,)

APPLICATION_WORKFLOW = Workflow(
    name="methods.application",
    model=MethodApplication,
    steps={
        (A.DRAFT, A.APPLIED): Step("apply", _APPLY, org=enterprise_of),
        (A.RETURNED, A.APPLIED): Step("resubmit", _APPLY, org=enterprise_of),
        (A.APPLIED, A.ENDORSED): Step("endorse", _ENDORSE, (_above_enterprise,), org=enterprise_of),
        (A.APPLIED, A.REVIEWING): Step("endorse", _ENDORSE, (_enterprise_level,), org=enterprise_of),
        (A.APPLIED, A.RETURNED): Step("return", _ENDORSE, (needs_reason,), org=enterprise_of),
        (A.ENDORSED, A.REVIEWING): Step("district_pass", _REVIEW, org=reviewing_district),
        (A.ENDORSED, A.RETURNED): Step("return", _REVIEW, (needs_reason,), org=reviewing_district),
        (A.ENDORSED, A.REJECTED): Step("district_reject", _REVIEW, (needs_reason, _decided), org=reviewing_district),
        (A.REVIEWING, A.RECOGNISED): Step(
            "recognise", _DECIDE, (_at_its_own_level, _scored), org=deciding_organization
        ),
        (A.REVIEWING, A.NOT_RECOGNISED): Step(
            "not_recognise", _DECIDE, (_at_its_own_level, needs_reason, _decided), org=deciding_organization
        ),
    },
    history=ApplicationTransition,
    subject="application",
    organization=enterprise_of,
    relations={"inventor": is_inventor},
    related=("method", "enterprise", "district"),
    audit_prefix="methods",
    changed_at_field="state_changed_at",
    stale_message=_("Someone else changed this application meanwhile. Reload it and try again."),
)
