"""Honours: entering or nominating one for a person, its page with the eligibility checks and history,
the district's and the city's decisions, resubmitting a returned one, its evidence; and skill levels."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhichuang.accounts.access import object_required
from zhichuang.core.errors import ApplicationError
from zhichuang.core.files import private_response
from zhichuang.core.views import add_service_error
from zhichuang.todo.selectors import timeline_next

from .. import selectors, services
from ..enums import CITY_CONFIRMS, HonourState
from ..forms import DecisionForm, HonourForm, SkillDecisionForm, SkillLevelForm
from ..models import HonourType, SkillLevelEntry
from ..todo import HONOURS
from ..workflow import HONOUR_WORKFLOW
from .profiles import access_profile

# What each decision button does, and what it says once done.
DECISIONS = {
    "verify": (services.honour_verify, gettext_lazy("The honour passed the district's check.")),
    "confirm": (services.honour_confirm, gettext_lazy("The honour is confirmed.")),
    "return": (services.honour_return, gettext_lazy("The honour is returned to the union that entered it.")),
    "reject": (services.honour_reject, gettext_lazy("The honour is refused.")),
}


def access_honour(user, pk):
    return selectors.honour_get(user=user, pk=pk)


def _allowed(user, honour) -> set[str]:
    """The decisions the user may take on the honour now (the buttons shown; the service decides)."""
    targets = set(HONOUR_WORKFLOW.targets(user, honour))
    allowed = {
        name for name, state in (("return", HonourState.RETURNED), ("reject", HonourState.REJECTED)) if state in targets
    }
    if HonourState.NOMINATED in targets:
        allowed.add("resubmit")
    if honour.state == HonourState.NOMINATED and targets & {HonourState.VERIFIED, HonourState.CONFIRMED}:
        allowed.add("verify")
    if honour.state == HonourState.VERIFIED and HonourState.CONFIRMED in targets:
        allowed.add("confirm")
    return allowed


@object_required(access_profile)
def honour_new(request, profile):
    if not services.may_manage(request.user, profile):
        raise Http404
    types = selectors.honour_types()
    form = HonourForm(request.POST or None, request.FILES or None, types=types)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        honour_type = next((t for t in types if t.pk == data["honour_type"]), None)
        try:
            if honour_type is None:
                raise HonourType.DoesNotExist
            honour = services.honour_enter(
                actor=request.user,
                profile=profile,
                honour_type=honour_type,
                year=data["year"],
                issuing_body=data["issuing_body"],
                certificate_no=data["certificate_no"],
                evidence=data["evidence"],
                reason=data["reason"],
            )
        except HonourType.DoesNotExist:
            form.add_error("honour_type", _("Choose an honour of the list."))
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The honour is sent to the district for its check."))
            return redirect("talent:honour", pk=honour.pk)
    context = {"form": form, "profile": profile}
    return render(request, "talent/honour_form.html", context, status=400 if request.method == "POST" else 200)


@object_required(access_honour)
def honour_detail(request, honour):
    allowed = _allowed(request.user, honour)
    checks = selectors.honour_checks(honour) if honour.state in (HonourState.NOMINATED, HonourState.VERIFIED) else []
    context = {
        "honour": honour,
        "checks": checks,
        "all_met": all(check.met for check in checks),
        "history": list(honour.transitions.select_related("actor").order_by("at", "id")),
        "allowed": allowed,
        "decision_form": DecisionForm(initial={"version": honour.version}),
        "city_levels": CITY_CONFIRMS,
        "next": timeline_next(request.user, HONOURS, honour),
        "resubmit_form": HonourForm(
            fixed_type=honour.honour_type,
            initial={
                "year": honour.year,
                "issuing_body": honour.issuing_body,
                "certificate_no": honour.certificate_no,
            },
        )
        if "resubmit" in allowed
        else None,
    }
    return render(request, "talent/honour.html", context)


@require_POST
@object_required(access_honour)
def honour_decide(request, honour, decision):
    if decision not in DECISIONS:
        raise Http404
    service, done = DECISIONS[decision]
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect("talent:honour", pk=honour.pk)
    try:
        service(
            actor=request.user,
            honour=honour,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except ApplicationError as exc:
        details = exc.details if isinstance(exc.details, dict) else {}
        texts = [str(exc.message)] + [str(m) for messages_ in details.values() for m in messages_]
        messages.error(request, " ".join(dict.fromkeys(texts)))
    else:
        messages.success(request, str(done))
    return redirect("talent:honour", pk=honour.pk)


@require_POST
@object_required(access_honour)
def honour_resubmit(request, honour):
    form = HonourForm(request.POST, request.FILES, fixed_type=honour.honour_type)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.honour_resubmit(
                actor=request.user,
                honour=honour,
                year=data["year"],
                issuing_body=data["issuing_body"],
                certificate_no=data["certificate_no"],
                evidence=data["evidence"],
                reason=data["reason"],
                expected_version=honour.version,
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The corrected honour is sent to the district again."))
            return redirect("talent:honour", pk=honour.pk)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("talent:honour", pk=honour.pk)


@object_required(access_honour)
def honour_evidence(request, honour):
    if not honour.evidence:
        raise Http404
    return private_response(honour.evidence, filename=honour.evidence_name or "evidence")


@object_required(access_profile)
def skill_level_new(request, profile):
    if profile.worker_id is None or not services.may_manage(request.user, profile):
        raise Http404
    form = SkillLevelForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.skill_level_enter(actor=request.user, worker=profile.worker, **form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The skill level is recorded."))
            return redirect("talent:profile", pk=profile.pk)
    context = {"form": form, "profile": profile}
    return render(request, "talent/skill_form.html", context, status=400 if request.method == "POST" else 200)


@require_POST
@object_required(access_profile)
def skill_level_decide(request, profile, entry_pk, decision):
    entry = SkillLevelEntry.objects.filter(pk=entry_pk, worker_id=profile.worker_id).first()
    if entry is None or decision not in ("confirm", "decline") or not services.may_manage(request.user, profile):
        raise Http404
    form = SkillDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("talent:profile", pk=profile.pk)
    try:
        services.skill_level_decide(
            actor=request.user,
            entry=entry,
            confirm=decision == "confirm",
            certificate_no=form.cleaned_data["certificate_no"],
        )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The proposed level is confirmed.") if decision == "confirm" else _("Declined."))
    return redirect("talent:profile", pk=profile.pk)
