"""A proposal's page and its steps: consent, transitions, evaluation, recommendation, implementation, rewards."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhichuang.accounts.access import object_required
from zhichuang.accounts.scoping import has_perm
from zhichuang.core.errors import ApplicationError
from zhichuang.core.money import yuan
from zhichuang.core.views import add_service_error
from zhichuang.payouts.permissions import PayoutPerm
from zhichuang.todo import selectors as todo_selectors

from .. import benefits, evaluation, rewards, rules, search, selectors, services, workflow
from ..access import access_proposal
from ..enums import EDITABLE_STATES, FINAL_STATES, AttachmentPurpose, BenefitType, Grade
from ..forms import ATTACHMENT_ACCEPT, EvaluationForm, TransitionForm, VersionForm
from ..permissions import ProposalPerm
from ..todo import PROPOSALS
from .common import (
    ACTION_LABELS,
    MAY_HAVE_CLAIMS,
    MAY_HAVE_RECOMMENDATIONS,
    MAY_HAVE_REWARDS,
    OUT_OF_DATE,
    OWN_PAGE_TARGETS,
    SIMILAR_LIMIT,
    S,
    _back_to,
    _error_text,
    _version,
    similar_context,
)


def _actions(user, proposal, members) -> list[dict]:
    """The transitions this user may take now, each with what its form needs."""
    actions = []
    for to_state in workflow.allowed_targets(user=user, proposal=proposal, members=members):
        if to_state in OWN_PAGE_TARGETS:
            continue
        step = workflow.STEPS[(proposal.state, to_state)]
        label, style = ACTION_LABELS[to_state]
        actions.append(
            {
                "to_state": to_state,
                "label": label,
                "style": style,
                "needs_reason": workflow.needs_reason in step.requires,
                "needs_target": to_state == S.MERGED,
                "needs_evidence": to_state == S.IMPLEMENTED,
                "confirm": to_state in (S.WITHDRAWN, S.NOT_ADOPTED),
                # Rarely taken and asking for a reason: a button that opens its box, not a box the page opens with.
                "collapsed": to_state == S.WITHDRAWN,
            }
        )
    return actions


def _detail_context(request, proposal, **extra):
    user = request.user
    enterprise = proposal.enterprise
    may_evaluate = has_perm(user, ProposalPerm.EVALUATE, enterprise)
    may_manage = has_perm(user, ProposalPerm.MANAGE, enterprise)
    may_verify = has_perm(user, ProposalPerm.VERIFY_BENEFITS, enterprise)
    members = selectors.proposal_members(proposal=proposal)
    is_proposer = rules.is_proposer(user, proposal, members)
    state = proposal.state
    # The page shows each claim's own figures; its lines and corrections are on the claim's page.
    claims = selectors.claim_list(proposal=proposal, items=False) if state in MAY_HAVE_CLAIMS else []
    context = {
        "proposal": proposal,
        "members": members,
        "attachments": selectors.proposal_attachments(proposal=proposal),
        "transitions": selectors.transition_list(proposal=proposal),
        # Who handles the next step by when, and 催办 for its proposers or an administrator above.
        "next_step": todo_selectors.timeline_next(
            user, PROPOSALS, proposal, started=state != S.DRAFT and rules.is_proposer(user, proposal, members)
        ),
        "duplicates": selectors.merged_duplicates(user=user, proposal=proposal),
        "merged_original": selectors.merged_original(user=user, proposal=proposal),
        "evaluations": selectors.evaluation_list(user=user, proposal=proposal),
        "recommendations": selectors.recommendation_list(proposal=proposal)
        if state in MAY_HAVE_RECOMMENDATIONS
        else [],
        "rewards": selectors.reward_list(proposal=proposal) if state in MAY_HAVE_REWARDS else [],
        "claims": claims,
        "benefit_totals": selectors.benefit_totals(proposal=proposal, claims=claims),
        "actions": _actions(user, proposal, members),
        "is_proposer": is_proposer,
        "my_membership": next((m for m in members if m.worker.user_id == user.pk), None),
        "editable": is_proposer and proposal.state in EDITABLE_STATES,
        "may_manage": may_manage,
        "may_verify": may_verify,
        "may_pay": has_perm(user, PayoutPerm.PAY, enterprise),
        "may_recommend": workflow.recommendation_allowed(user, proposal),
        "may_decline_recommendation": workflow.recommendation_decline_allowed(user, proposal),
        "may_reward": may_manage and proposal.state in rewards.REWARDABLE_STATES,
        "may_claim": (may_manage or is_proposer) and proposal.state in benefits.CLAIMABLE_STATES,
        "may_add_evidence": (may_manage or is_proposer) and proposal.state in (S.ADOPTED, S.IMPLEMENTING),
        "accept": ATTACHMENT_ACCEPT,
        "similar_enabled": may_evaluate or may_manage,
        "is_final": proposal.state in FINAL_STATES,
        "benefit_type_labels": [BenefitType(t).label for t in proposal.benefit_types if t in BenefitType.values],
    }
    if may_evaluate and proposal.state == S.EVALUATING and not is_proposer:
        scorecard = evaluation.scorecard_for(enterprise)
        mine = next(
            (e for e in context["evaluations"] if e.evaluator_id == user.pk and e.round == proposal.round), None
        )
        context["scorecard"] = scorecard
        context["evaluation_form"] = extra.pop("evaluation_form", None) or EvaluationForm(
            scorecard=scorecard,
            initial_scores=mine.scores if mine else None,
            initial={"comment": mine.comment if mine else ""},
        )
        context["aggregate"] = aggregate = evaluation.aggregate(proposal)
        context["suggested_grade"] = Grade(aggregate.grade).label if aggregate.grade else ""
    return context | extra


@never_cache
@object_required(access_proposal)
def proposal_detail(request, proposal):
    return render(request, "proposals/proposal_detail.html", _detail_context(request, proposal))


@object_required(access_proposal)
def evaluator_similar(request, proposal):
    """htmx: proposals similar to this one, for the evaluator (and the admin deciding on duplicates)."""
    if not rules.judges(request.user, proposal):
        raise Http404
    hits = search.similar_to_proposal(user=request.user, proposal_id=proposal.pk, limit=SIMILAR_LIMIT)
    return render(request, "proposals/_similar.html", similar_context(hits, typed=True, proposal=proposal))


@require_POST
@object_required(access_proposal)
def proposal_consent(request, proposal):
    consent = request.POST.get("consent") == "1"
    try:
        services.consent_set(actor=request.user, proposal=proposal, consent=consent)
    except ApplicationError as exc:
        messages.error(request, _error_text(exc))
    else:
        done = _("Your consent is recorded.") if consent else _("Your consent is withdrawn.")
        messages.success(request, done)
    return _back_to(proposal)


def _merge_target(request, value: str):
    """The pk of the proposal named by number (P2026-000123) or id, among those the user sees; else the raw value."""
    value = (value or "").strip()
    if value.isdigit():
        return int(value)
    match = selectors.proposal_list(user=request.user, number=value).values_list("pk", flat=True)
    return match.first() or value


@require_POST
@object_required(access_proposal)
def proposal_transition(request, proposal):
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(OUT_OF_DATE))
        return _back_to(proposal)
    data = form.cleaned_data
    extra = {}
    if data["to_state"] == S.MERGED:
        extra["merged_into"] = _merge_target(request, data["merged_into"])
    if data["to_state"] == S.IMPLEMENTED and data["evidence"].strip():
        extra["evidence"] = data["evidence"].strip()
    try:
        workflow.proposal_transition(
            actor=request.user,
            proposal=proposal,
            to_state=data["to_state"],
            reason=data["reason"],
            data=extra,
            expected_version=data["expected_version"],
        )
    except ApplicationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Done: the proposal is now “%(state)s”.") % {"state": S(data["to_state"]).label})
    return _back_to(proposal)


@require_POST
@object_required(access_proposal)
def proposal_evaluate(request, proposal):
    scorecard = evaluation.scorecard_for(proposal.enterprise)
    form = EvaluationForm(request.POST, scorecard=scorecard)
    if form.is_valid():
        try:
            record = evaluation.evaluation_record(
                actor=request.user, proposal=proposal, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Your scores are recorded: %(total)s.") % {"total": record.total})
            return _back_to(proposal)
    context = _detail_context(request, proposal, evaluation_form=form)
    return render(request, "proposals/proposal_detail.html", context, status=400)


@require_POST
@object_required(access_proposal)
def proposal_recommend(request, proposal):
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            recommendation = workflow.proposal_recommend(
                actor=request.user,
                proposal=proposal,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except ApplicationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Recommended: %(level)s.") % {"level": recommendation.get_level_display()})
    return _back_to(proposal)


@require_POST
@object_required(access_proposal)
def recommendation_decline(request, proposal):
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            workflow.recommendation_decline(
                actor=request.user,
                proposal=proposal,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except ApplicationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Not recommended further: it no longer waits on your decision."))
    return _back_to(proposal)


@require_POST
@object_required(access_proposal)
def implementation_evidence(request, proposal):
    uploads = request.FILES.getlist("files")
    if not uploads:
        messages.error(request, _("Choose a file first."))
    for upload in uploads:
        try:
            services.attachment_add(
                actor=request.user, proposal=proposal, uploaded_file=upload, purpose=AttachmentPurpose.IMPLEMENTATION
            )
        except ApplicationError as exc:
            messages.error(request, f"{upload.name}: {_error_text(exc)}")
        else:
            messages.success(request, _("Evidence added: %(name)s.") % {"name": upload.name})
    return _back_to(proposal)


def _reward_decided(reward) -> str:
    """What deciding did: the total, and each proposer's part as the service split it by their shares, each
    now waiting for its payout (recorded by finance or the enterprise admin)."""
    shares = list(reward.shares.select_related("worker").order_by("pk"))
    if len(shares) == 1:
        return _("Reward decided: %(total)s, all to %(name)s; it now waits for its payout.") % {
            "total": yuan(reward.total),
            "name": shares[0].worker.name,
        }
    parts = "、".join(f"{share.worker.name} {yuan(share.amount)}" for share in shares)
    message = _(
        "Reward decided: %(total)s, split by the proposers' shares (%(parts)s); each part now waits for its payout."
    )
    return message % {"total": yuan(reward.total), "parts": parts}


@require_POST
@object_required(access_proposal)
def reward_decide(request, proposal):
    try:
        reward = rewards.reward_decide(actor=request.user, proposal=proposal, expected_version=_version(request))
    except ApplicationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _reward_decided(reward))
    return _back_to(proposal)
