"""Proposal settings of an organisation: its scorecard, reward rule and service deadlines."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from zhichuang.accounts.access import permission_required
from zhichuang.core.errors import ApplicationError
from zhichuang.core.views import add_service_error, found

from .. import evaluation, rewards, selectors, services
from ..enums import Grade
from ..forms import CriterionFormSet, DeadlineForm, RewardRuleForm, ThresholdForm
from ..permissions import ProposalPerm
from .common import ORG_OPTIONS_MAX

SETTINGS_SECTIONS = ("scorecard", "reward_rule", "deadlines")


def _criteria_initial(scorecard) -> list[dict]:
    return [{"key": c["key"], "name": c["name"], "weight": c["weight"]} for c in scorecard.criteria]


def _deadline_source(setting) -> str:
    if setting.set_by is None:
        return _("Default")
    return _("Set by %(org)s") % {"org": setting.set_by.name}


def _rule_initial(rule) -> dict:
    """A new version starts from the rule in force (its amounts, share and cap), from today."""
    if rule is None:
        return {}
    return {**rule.grade_amounts, "benefit_percent": rule.benefit_percent, "cap": rule.cap}


def _settings_forms(organization, scorecard, rule_in_force, deadlines, posted=None, section=None) -> dict:
    """The three forms, the posted one bound to the request's data, the others showing what is in force."""

    def data_for(name):
        return posted if section == name else None

    thresholds = {t["grade"]: t["min_score"] for t in scorecard.thresholds}
    return {
        # Bound without initial rows: every posted row counts (an unchanged existing criterion stays).
        "criteria": CriterionFormSet(data_for("scorecard"), prefix="criteria")
        if section == "scorecard"
        else CriterionFormSet(prefix="criteria", initial=_criteria_initial(scorecard)),
        "thresholds": ThresholdForm(data_for("scorecard"), prefix="thresholds", initial=thresholds),
        "rule_form": RewardRuleForm(data_for("reward_rule"), prefix="rule", initial=_rule_initial(rule_in_force)),
        "deadline_form": DeadlineForm(
            data_for("deadlines"),
            prefix="days",
            steps=[(d.state, _deadline_source(d)) for d in deadlines],
            initial={d.state: d.days for d in deadlines},
        ),
    }


def _save_settings(request, organization, section, forms, deadlines) -> bool:
    """Call the service of the posted section; errors go onto its form. True when saved."""
    user = request.user
    if section == "scorecard":
        criteria, thresholds = forms["criteria"], forms["thresholds"]
        if not (criteria.is_valid() and thresholds.is_valid()):
            return False
        try:
            card = evaluation.scorecard_save(
                actor=user, organization=organization, criteria=criteria.criteria(), thresholds=thresholds.thresholds()
            )
        except ApplicationError as exc:
            _scorecard_error(criteria, thresholds, exc)
            return False
        messages.success(request, _("Scorecard v%(version)s is in use from now on.") % {"version": card.version})
        return True
    if section == "reward_rule":
        form = forms["rule_form"]
        if not form.is_valid():
            return False
        try:
            rule = rewards.reward_rule_save(actor=user, organization=organization, **form.service_fields())
        except ApplicationError as exc:
            _add_prefixed_errors(form, exc)
            return False
        messages.success(
            request,
            _("Reward rule v%(version)s applies to decisions from %(day)s.")
            % {"version": rule.version, "day": rule.effective_from},
        )
        return True
    form = forms["deadline_form"]
    if not form.is_valid():
        return False
    changed = [d for d in deadlines if form.cleaned_data[d.state] != d.days]
    try:
        with transaction.atomic():
            for setting in changed:
                services.step_deadline_set(
                    actor=user, organization=organization, state=setting.state, days=form.cleaned_data[setting.state]
                )
    except ApplicationError as exc:
        add_service_error(form, exc)
        return False
    messages.success(request, _("Service deadlines saved."))
    return True


def _scorecard_error(criteria, thresholds, exc: ApplicationError) -> None:
    details = exc.details if isinstance(exc.details, dict) else {}
    if not details:
        thresholds.add_error(None, str(exc.message))
    for field, texts in details.items():
        if field == "thresholds":
            thresholds.add_error(None, list(texts))
        else:
            criteria._non_form_errors = criteria.error_class([*criteria.non_form_errors(), *map(str, texts)])


def _add_prefixed_errors(form, exc: ApplicationError) -> None:
    """The reward service names fields like grade_amounts.first; show them on the form's own fields."""
    details = exc.details if isinstance(exc.details, dict) else {}
    renamed = {field.removeprefix("grade_amounts."): texts for field, texts in details.items()}
    add_service_error(form, ApplicationError(exc.message, details=renamed) if details else exc)


@never_cache
@permission_required(ProposalPerm.MANAGE)
def proposal_settings(request):
    """One organisation's scorecard, reward rules and service deadlines, for those who manage its proposals."""
    organizations = list(selectors.managed_organization_list(user=request.user)[:ORG_OPTIONS_MAX])
    org_id = request.POST.get("org") or request.GET.get("org")
    if org_id:
        organization = found(selectors.managed_organization_get, user=request.user, pk=org_id)
    elif organizations:
        organization = organizations[0]
    else:
        raise Http404
    deadlines = selectors.deadline_settings(user=request.user, organization=organization)
    scorecard = evaluation.scorecard_for(organization)
    section = request.POST.get("section") if request.method == "POST" else None
    if section is not None and section not in SETTINGS_SECTIONS:
        raise Http404
    in_force = rewards.rule_in_force(organization, timezone.localdate())
    forms = _settings_forms(organization, scorecard, in_force, deadlines, request.POST or None, section)
    if section is not None and _save_settings(request, organization, section, forms, deadlines):
        return redirect(f"{reverse('proposals:settings')}?org={organization.pk}#{section}")
    rules = selectors.reward_rule_history(user=request.user, organization=organization)
    context = {
        "organization": organization,
        "organizations": organizations,
        "section": section,
        "scorecard": scorecard,
        "scorecard_inherited": scorecard.pk is not None and scorecard.organization_id != organization.pk,
        "rules": rules,
        "rule_in_force": in_force,
        "deadlines": deadlines,
        "grades": [(g.value, g.label) for g in (Grade.FIRST, Grade.SECOND, Grade.THIRD)],
        **forms,
    }
    return render(request, "proposals/settings.html", context, status=400 if section else 200)
