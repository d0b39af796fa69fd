"""Proposal pages: submit from a phone, follow, evaluate, implement, verify savings, reward.

Views are thin: they parse forms, call selectors (reads, always with the user) and
services (writes), and show ApplicationErrors as form errors or messages.
"""

import uuid
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhichuang.accounts.models import Worker
from zhichuang.accounts.roles import Perm
from zhichuang.accounts.scoping import has_perm
from zhichuang.accounts.selectors import own_worker
from zhichuang.core.errors import ApplicationError, Conflict
from zhichuang.core.exports import Column, xlsx_response
from zhichuang.core.forms import CountField, IdField, parse_id
from zhichuang.core.views import CountCapped, add_service_error, found, paginate, permission_required
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.selectors import organization_choices, organization_ids_named
from zhichuang.statistics.selectors import reward_totals

from . import benefits, evaluation, rewards, selectors, services, workflow
from .enums import (
    FINAL_STATES,
    AttachmentPurpose,
    BenefitType,
    ClaimStatus,
    Grade,
    PayoutStatus,
    ProposalKind,
    ProposalState,
)
from .forms import (
    ATTACHMENT_ACCEPT,
    MEMBER_ROWS_MAX,
    CampaignForm,
    ClaimForm,
    ColleagueSearchForm,
    CorrectionForm,
    CriterionFormSet,
    DeadlineForm,
    EvaluationForm,
    LineFormSet,
    NotificationReadForm,
    PayoutForm,
    ProposalFilterForm,
    ProposalForm,
    ReturnForm,
    RewardRuleForm,
    TagFormSet,
    ThresholdForm,
    TransitionForm,
    VersionForm,
    parse_members,
)
from .models import Proposal

S = ProposalState
ORG_OPTIONS_MAX = 200
# An enterprise name filter may stand for this many enterprises at most (proposal_id IN their ids).
ENTERPRISE_MATCHES_MAX = 200
EXPORT_MAX_ROWS = 100_000
SIMILAR_LIMIT = 8
SHOWCASE_PER_PAGE = 20
COLLEAGUE_LIMIT = 10

# Buttons for the generic transition form. Submission, verification and the reward have their own pages/forms.
ACTION_LABELS = {
    S.EVALUATING: (_("Accept for evaluation"), "primary"),
    S.ADOPTED: (_("Adopt"), "success"),
    S.NOT_ADOPTED: (_("Do not adopt"), "outline-danger"),
    S.RETURNED: (_("Return for revision"), "outline-secondary"),
    S.MERGED: (_("Mark as duplicate"), "outline-secondary"),
    S.IMPLEMENTING: (_("Start implementation"), "primary"),
    S.IMPLEMENTED: (_("Implementation completed"), "success"),
    S.WITHDRAWN: (_("Withdraw"), "outline-danger"),
}
OWN_PAGE_TARGETS = {S.SUBMITTED, S.VERIFIED, S.REWARDED}
# The detail page asks for claims, rewards and recommendations only in the states where they can
# exist: each is made only in the states its service allows, and from there on only along STEPS.
MAY_HAVE_CLAIMS = workflow.states_from(benefits.CLAIMABLE_STATES)
MAY_HAVE_REWARDS = workflow.states_from(rewards.REWARDABLE_STATES)
MAY_HAVE_RECOMMENDATIONS = workflow.states_from(workflow.RECOMMENDABLE_STATES)


def similarity_module():
    """The similarity app's selectors, or None while it is not installed."""
    try:
        from zhichuang.similarity import selectors as similarity
    except ImportError:
        return None
    return similarity


def _own_worker(user) -> Worker | None:
    return own_worker(user=user)


def _version(request) -> int | None:
    try:
        return CountField().clean(request.POST.get("expected_version") or request.POST.get("version") or "")
    except ValidationError:
        return None


def _back_to(proposal):
    return redirect("proposals:detail", pk=proposal.pk)


# ---- lists ----------------------------------------------------------------------------


def _filtered(request):
    """The filter form and the proposals it selects, or None when a filter is invalid.

    An invalid filter selects nothing rather than dropping it: a list narrowed by only some of the
    filters would pass for the one asked for (benefit_min=abc listing every benefit), so the page shows
    the errors over an empty list and the export refuses.
    """
    form = ProposalFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None, {}
    kwargs = form.selector_kwargs() if form.is_bound else {}
    query = form.cleaned_data["q"].strip() if form.is_bound else ""
    filters = {k: _filter_text(v) for k, v in {**kwargs, "q": query}.items() if v not in (None, "")}
    name = form.cleaned_data["enterprise_name"].strip() if form.is_bound else ""
    if name and not kwargs.get("enterprise"):
        found_ids = organization_ids_named(
            user=request.user, kind=OrgKind.ENTERPRISE, name=name, limit=ENTERPRISE_MATCHES_MAX + 1
        )
        if not found_ids:
            form.add_error("enterprise_name", _("No enterprise in your scope has this in its name."))
        elif len(found_ids) > ENTERPRISE_MATCHES_MAX:
            form.add_error(
                "enterprise_name",
                _("More than %(n)d enterprises match: type more of the name.") % {"n": ENTERPRISE_MATCHES_MAX},
            )
        if form.errors:
            return form, None, {}
        kwargs["enterprise"], filters["enterprise_name"] = found_ids, name
    results = selectors.proposal_results(user=request.user, search=query or None, **kwargs)
    return form, results, filters


def _filter_text(value) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


@permission_required(Perm.VIEW_PROPOSALS)
def proposal_list(request):
    form, results, _filters = _filtered(request)
    districts = organization_choices(user=request.user, kind=OrgKind.DISTRICT, limit=ORG_OPTIONS_MAX)
    enterprises = organization_choices(user=request.user, kind=OrgKind.ENTERPRISE, limit=ORG_OPTIONS_MAX + 1)
    page = paginate(request, Proposal.objects.none() if results is None else results)
    context = {
        "form": form,
        "page": page,
        "totals": _list_totals(results, page),
        "empty_text": _("Correct the filters above to see the list.") if results is None else "",
        "districts": districts if len(districts) > 1 else [],
        "enterprises": enterprises if 1 < len(enterprises) <= ORG_OPTIONS_MAX else [],
        "enterprise_search": len(enterprises) > ORG_OPTIONS_MAX,
        "campaign": _campaign_filter(request, form),
        "search_enabled": similarity_module() is not None,
        "export_max": EXPORT_MAX_ROWS,
    }
    return render(request, "proposals/proposal_list.html", context, status=400 if results is None else 200)


def _list_totals(results, page) -> dict | None:
    """The money of a list counted in full (at most LIST_COUNT_CAP rows), summed as the statistics
    sum it, so that a figure reconciles with the list it links to; None for longer lists and searches."""
    if results is None or hasattr(results, "page_rows") or not page.count_exact or not page.rows:
        return None
    return results.order_by().aggregate(
        net=Sum("net_annual_benefit"), reward=Sum("reward_total"), paid=Sum("reward_paid")
    )


def _campaign_filter(request, form):
    # Validated by _filtered; cleaned_data keeps a valid campaign when another filter is wrong, so the
    # page stays the campaign's while the user corrects that one.
    campaign_id = form.cleaned_data.get("campaign") if form.is_bound else None
    return found(selectors.campaign_get, user=request.user, pk=campaign_id) if campaign_id else None


def _money(value):
    return value if value is not None else ""


EXPORT_COLUMNS = [
    # Chinese headers whatever the interface language, like the other exports.
    Column("编号", lambda p: p.number or "", 16),
    Column("标题", lambda p: p.title, 40),
    Column("类别", lambda p: p.get_kind_display(), 12),
    Column("状态", lambda p: p.get_state_display(), 10),
    Column("企业", lambda p: p.enterprise.name, 28),
    Column("区县", lambda p: p.district.name, 16),
    Column("行业", lambda p: p.industry, 6),
    Column("第一提案人", lambda p: p.lead.name, 10),
    Column("提交时间", lambda p: p.submitted_at, 18),
    Column("办理期限", lambda p: p.due_at, 18),
    Column("超期", lambda p: bool(p.is_overdue_now), 6),
    Column("评分", lambda p: p.score if p.score is None else str(p.score), 8),
    Column("等级", lambda p: p.get_grade_display(), 8),
    Column("核定年净效益(元)", lambda p: _money(p.net_annual_benefit and str(p.net_annual_benefit)), 16),
    Column("奖励(元)", lambda p: _money(p.reward_total and str(p.reward_total)), 12),
    Column("已发放(元)", lambda p: _money(p.reward_paid and str(p.reward_paid)), 12),
]


@permission_required(Perm.VIEW_PROPOSALS)
def proposal_export(request):
    _form, results, filters = _filtered(request)
    if results is None:  # the list shows what is wrong with the filters
        return redirect(f"{reverse('proposals:list')}?{request.GET.urlencode()}")
    qs = getattr(results, "matches", results)  # a search's matches, all of them, newest first
    return xlsx_response(
        filename="proposals",
        sheet="提案",
        columns=EXPORT_COLUMNS,
        rows=qs[:EXPORT_MAX_ROWS].iterator(chunk_size=2000),
        filters=filters,
    )


@login_required
def my_proposals(request):
    worker = _own_worker(request.user)
    qs = selectors.proposal_list(user=request.user, member=request.user)
    return render(request, "proposals/my_proposals.html", {"page": paginate(request, qs), "worker": worker})


# ---- the submission form ------------------------------------------------------------


def _open_campaigns(user):
    return list(selectors.campaign_list(user=user, open_on=timezone.localdate()).order_by("ends_on")[:50])


def _member_rows(user, lead, members):
    """[(worker, share)] for the form, the lead first, from [(worker id, share)]."""
    ids = [worker_id for worker_id, _share in members]
    workers = selectors.colleague_list(user=user).in_bulk(ids)
    rows = [(workers[worker_id], share) for worker_id, share in members if worker_id in workers]
    if not any(worker.pk == lead.pk for worker, _share in rows):
        rows.insert(0, (lead, "100"))
    return rows


def _form_context(request, lead, proposal, form, members, client_token=None):
    similarity = similarity_module()
    return {
        "form": form,
        "lead": lead,
        "proposal": proposal,
        "members": members,
        "client_token": client_token or uuid.uuid4(),
        "attachments": selectors.proposal_attachments(proposal=proposal) if proposal else [],
        "accept": ATTACHMENT_ACCEPT,
        "similar_enabled": similarity is not None,
    }


def _proposal_initial(proposal) -> dict:
    names = ("title", "kind", "problem", "change", "expected_benefit", "benefit_types", "keywords")
    initial = {name: getattr(proposal, name) for name in names}
    initial["campaign"] = proposal.campaign_id
    # The form's box is the lead's own answer (the proposal's flag waits for every proposer).
    initial["public_consent"] = proposal.members.filter(is_lead=True, public_consent=True).exists()
    return initial


def _require_worker(request):
    lead = _own_worker(request.user)
    if lead is None:
        raise Http404
    return lead


@never_cache
@login_required
def proposal_new(request):
    lead = _require_worker(request)
    form = ProposalForm(campaigns=_open_campaigns(request.user), initial={"campaign": request.GET.get("campaign")})
    context = _form_context(request, lead, None, form, [(lead, Decimal("100"))])
    return render(request, "proposals/proposal_form.html", context)


def _editable(request, pk):
    """A draft or returned proposal of the user's own, or 404."""
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
    if not workflow.is_proposer(request.user, proposal) or proposal.state not in services.EDITABLE_STATES:
        raise Http404
    return proposal


@never_cache
@login_required
def proposal_edit(request, pk):
    lead = _require_worker(request)
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
    if not workflow.is_proposer(request.user, proposal) or proposal.state not in services.EDITABLE_STATES:
        messages.info(request, _("This proposal can no longer be edited."))
        return _back_to(proposal)
    form = ProposalForm(campaigns=_open_campaigns(request.user), initial=_proposal_initial(proposal))
    members = [(m.worker, m.share) for m in selectors.proposal_members(proposal=proposal)]
    return render(request, "proposals/proposal_form.html", _form_context(request, lead, proposal, form, members))


def _posted_proposal(request):
    pk = request.POST.get("proposal")
    if not pk:
        return None
    try:
        pk = IdField().clean(pk)
    except ValidationError:
        raise Http404 from None
    return _editable(request, pk)


def _save_draft(request, lead, proposal, form, members):
    fields = {k: v for k, v in form.cleaned_data.items() if not (k == "kind" and not v)}
    if proposal is None:
        return services.proposal_save_draft(actor=request.user, members=members, **fields)
    return services.proposal_save_draft(
        actor=request.user, proposal=proposal, expected_version=_version(request), members=members, **fields
    )


def _error_text(exc: ApplicationError) -> str:
    details = exc.details if isinstance(exc.details, dict) else {}
    texts = [str(m) for messages_ in details.values() for m in messages_]
    return " ".join(texts) or str(exc.message)


@require_POST
@login_required
def draft_save(request):
    """htmx: save the draft as the worker types (and store any photos picked); answer with the save status."""
    lead = _require_worker(request)
    proposal = _posted_proposal(request)
    form = ProposalForm(request.POST, campaigns=_open_campaigns(request.user))
    status, level, upload_errors = _("Draft saved"), "success", []
    # A form error is answered 400 with the errors (htmx swaps it in: see core/static/zhichuang/app.js).
    code = 200
    try:
        rows = parse_members(request.POST, lead)
    except ValidationError as exc:
        form.add_error(None, exc)
    if not form.is_valid():
        status, level, code = " ".join(str(e) for errors in form.errors.values() for e in errors), "warning", 400
    else:
        members = _member_rows(request.user, lead, rows)
        try:
            proposal = _save_draft(request, lead, proposal, form, members)
        except Conflict as exc:
            status, level, code = str(exc.message), "danger", 409
        except ApplicationError as exc:
            status, level, code = _("Not saved: %(error)s") % {"error": _error_text(exc)}, "warning", 400
    if proposal is not None and level != "danger":
        for upload in request.FILES.getlist("files"):
            try:
                services.attachment_add(actor=request.user, proposal=proposal, uploaded_file=upload)
            except ApplicationError as exc:
                upload_errors.append(f"{upload.name}: {_error_text(exc)}")
    context = {
        "proposal": proposal,
        "status": status,
        "level": level,
        "saved_at": timezone.localtime(),
        "upload_errors": upload_errors,
        "attachments": selectors.proposal_attachments(proposal=proposal) if proposal else [],
        "uploaded": "files" in request.FILES,
    }
    return render(request, "proposals/_draft_status.html", context, status=code)


@require_POST
@login_required
def proposal_submit(request):
    lead = _require_worker(request)
    token = request.POST.get("client_token", "")
    # A replay (a double tap, the back button) of a submission already made shows that proposal, even
    # when the form was an autosaved draft's that is no longer editable.
    submitted = selectors.proposal_submitted_with(user=request.user, client_token=token)
    if submitted is not None:
        return redirect("proposals:detail", pk=submitted.pk)
    proposal = _posted_proposal(request)
    form = ProposalForm(request.POST, campaigns=_open_campaigns(request.user))
    try:
        members = parse_members(request.POST, lead)
    except ValidationError as exc:
        form.add_error(None, exc)
        members = [(lead.pk, "100")]
    if form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if not (k == "kind" and not v)}
        try:
            submitted = services.proposal_submit(
                actor=request.user,
                client_token=token,
                proposal=proposal,
                expected_version=_version(request),
                members=_member_rows(request.user, lead, members),
                **fields,
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
            if isinstance(exc.details, dict) and "members" in exc.details:
                form.add_error(None, list(exc.details["members"]))
        else:
            messages.success(
                request, _("Submitted as %(number)s. You will be told of every step.") % {"number": submitted.number}
            )
            return redirect("proposals:detail", pk=submitted.pk)
    if proposal is not None:
        proposal.refresh_from_db(fields=["version"])
    members = _member_rows(request.user, lead, members)
    context = _form_context(request, lead, proposal, form, members, client_token=token)
    return render(request, "proposals/proposal_form.html", context, status=400)


@login_required
def colleague_search(request):
    """htmx: colleagues of the same enterprise whose name starts with q, to add as co-proposers."""
    lead = _require_worker(request)
    search = ColleagueSearchForm(request.GET)
    if not search.is_valid():
        return render(request, "proposals/_colleagues.html", {"people": [], "query": ""}, status=400)
    query = search.cleaned_data["q"]
    chosen = {parse_id(v) for v in request.GET.getlist("member")[:MEMBER_ROWS_MAX]} - {None} | {lead.pk}
    people = []
    if query:
        colleagues = selectors.colleague_list(user=request.user, name=query)
        people = [worker for worker in colleagues[: COLLEAGUE_LIMIT + len(chosen)] if worker.pk not in chosen]
        people = people[:COLLEAGUE_LIMIT]
    return render(request, "proposals/_colleagues.html", {"people": people, "query": query})


@login_required
def member_row(request):
    """htmx: one co-proposer row for the form."""
    lead = _require_worker(request)
    worker = found(selectors.colleague_get, user=request.user, pk=request.GET.get("worker", ""))
    return render(request, "proposals/_member_row.html", {"worker": worker, "share": "", "lead": lead})


@login_required
def similar_panel(request):
    """htmx: the most similar proposals city-wide to what is being typed (restricted fields outside scope)."""
    similarity = similarity_module()
    if similarity is None:
        raise Http404
    text = " ".join(request.GET.get(name, "") for name in ("title", "keywords", "problem", "change")).strip()
    exclude = request.GET.get("proposal")
    hits = []
    if len(text) >= 4:
        hits = similarity.similar_proposals(
            user=request.user,
            text=text,
            exclude_id=parse_id(exclude) if exclude else None,
            limit=SIMILAR_LIMIT,
        )
    return render(request, "proposals/_similar.html", {"hits": hits, "typed": bool(text)})


# ---- files --------------------------------------------------------------------------


@login_required
def attachment_file(request, pk, attachment_pk):
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
    attachment = next((a for a in selectors.proposal_attachments(proposal=proposal) if a.pk == attachment_pk), None)
    if attachment is None:
        raise Http404
    stored = attachment.thumbnail if request.GET.get("thumb") and attachment.thumbnail else attachment.file
    content_type = "image/jpeg" if stored is attachment.thumbnail else attachment.content_type
    response = FileResponse(stored.open("rb"), content_type=content_type, filename=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
@login_required
def attachment_remove(request, pk, attachment_pk):
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
    attachment = next((a for a in selectors.proposal_attachments(proposal=proposal) if a.pk == attachment_pk), None)
    if attachment is None:
        raise Http404
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    if request.headers.get("HX-Request"):
        attachments = selectors.proposal_attachments(proposal=proposal)
        return render(
            request, "proposals/_attachments.html", {"proposal": proposal, "attachments": attachments, "editable": True}
        )
    return _back_to(proposal)


# ---- detail and actions ---------------------------------------------------------------


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
            }
        )
    return actions


def _detail_context(request, proposal, **extra):
    user = request.user
    enterprise = proposal.enterprise
    may_evaluate = has_perm(user, Perm.EVALUATE_PROPOSALS, enterprise)
    may_manage = has_perm(user, Perm.MANAGE_PROPOSALS, enterprise)
    may_verify = has_perm(user, Perm.VERIFY_BENEFITS, enterprise)
    members = selectors.proposal_members(proposal=proposal)
    is_proposer = workflow.is_proposer(user, proposal, members)
    state = proposal.state
    # The page shows each claim's own figures; its lines and corrections are on the claim's page.
    claims = selectors.claim_list(proposal=proposal, items=False) if state in MAY_HAVE_CLAIMS else []
    context = {
        "proposal": proposal,
        "members": members,
        "attachments": selectors.proposal_attachments(proposal=proposal),
        "transitions": selectors.transition_list(proposal=proposal),
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
        "editable": is_proposer and proposal.state in services.EDITABLE_STATES,
        "may_manage": may_manage,
        "may_verify": may_verify,
        "may_pay": may_manage or may_verify,
        "may_recommend": workflow.recommendation_allowed(user, proposal),
        "may_reward": may_manage and proposal.state in rewards.REWARDABLE_STATES,
        "may_claim": (may_manage or is_proposer) and proposal.state in benefits.CLAIMABLE_STATES,
        "may_add_evidence": (may_manage or is_proposer) and proposal.state in (S.ADOPTED, S.IMPLEMENTING),
        "accept": ATTACHMENT_ACCEPT,
        "similar_enabled": similarity_module() is not None and (may_evaluate or may_manage),
        "payout_form": PayoutForm(),
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
@login_required
def proposal_detail(request, pk):
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
    return render(request, "proposals/proposal_detail.html", _detail_context(request, proposal))


@login_required
def evaluator_similar(request, pk):
    """htmx: proposals similar to this one, for the evaluator (and the admin deciding on duplicates)."""
    similarity = similarity_module()
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
    if similarity is None or not (
        has_perm(request.user, Perm.EVALUATE_PROPOSALS, proposal.enterprise)
        or has_perm(request.user, Perm.MANAGE_PROPOSALS, proposal.enterprise)
    ):
        raise Http404
    hits = similarity.similar_to_proposal(user=request.user, proposal_id=proposal.pk, limit=SIMILAR_LIMIT)
    return render(request, "proposals/_similar.html", {"hits": hits, "typed": True, "proposal": proposal})


@require_POST
@login_required
def proposal_consent(request, pk):
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
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
@login_required
def proposal_transition(request, pk):
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form is out of date. Reload the page and try again."))
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
@login_required
def proposal_evaluate(request, pk):
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
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
@login_required
def proposal_recommend(request, pk):
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
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
@login_required
def implementation_evidence(request, pk):
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
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


@require_POST
@login_required
def reward_decide(request, pk):
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
    try:
        reward = rewards.reward_decide(actor=request.user, proposal=proposal, expected_version=_version(request))
    except ApplicationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request, _("Reward decided: %(total)s yuan, split among the proposers.") % {"total": reward.total}
        )
    return _back_to(proposal)


@require_POST
@login_required
def payout_mark_paid(request, pk, share_pk):
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
    share = next(
        (s for r in selectors.reward_list(proposal=proposal) for s in r.shares.all() if s.pk == share_pk), None
    )
    if share is None:
        raise Http404
    form = PayoutForm(request.POST)
    if not form.is_valid():
        messages.error(request, _error_text(ApplicationError(details=form.errors)))
        return _back_to(proposal)
    try:
        rewards.payout_mark_paid(actor=request.user, share=share, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request, _("Paid to %(name)s: %(amount)s yuan.") % {"name": share.worker.name, "amount": share.amount}
        )
    return _back_to(proposal)


# ---- benefit claims -----------------------------------------------------------------


def _claim(proposal, claim_pk):
    claim = next((c for c in selectors.claim_list(proposal=proposal) if c.pk == claim_pk), None)
    if claim is None:
        raise Http404
    return claim


def _line_initial(claim) -> list[dict]:
    return [
        {
            "category": line.category,
            "description": line.description,
            "quantity": line.quantity,
            "unit": line.unit,
            "unit_price": line.unit_price,
            "keep_evidence": line.evidence.name if line.evidence else "",
        }
        for line in claim.lines.all()
    ]


@never_cache
@login_required
def claim_edit(request, pk, claim_pk=None):
    """Create or revise an itemised benefit claim (draft or returned)."""
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
    claim = _claim(proposal, claim_pk) if claim_pk else None
    if claim is not None and claim.status not in benefits.EDITABLE:
        return redirect("proposals:claim_detail", pk=proposal.pk, claim_pk=claim.pk)
    if request.method == "POST":
        form = ClaimForm(request.POST)
        lines = LineFormSet(request.POST, request.FILES, prefix="lines")
        tags = TagFormSet(request.POST, prefix="tags")
        if form.is_valid() and lines.is_valid() and tags.is_valid():
            try:
                claim = benefits.claim_save(
                    actor=request.user,
                    proposal=proposal,
                    claim=claim,
                    lines=lines.lines(),
                    tags=[t.cleaned_data for t in tags.forms if t.has_changed() and not tags._should_delete_form(t)],
                    **form.cleaned_data,
                )
                if "submit" in request.POST:
                    benefits.claim_submit(actor=request.user, claim=claim)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                if "submit" in request.POST:
                    messages.success(request, _("The claim is submitted to finance for verification."))
                else:
                    messages.success(request, _("The claim is saved."))
                return redirect("proposals:claim_detail", pk=proposal.pk, claim_pk=claim.pk)
    elif claim is not None:
        fields = ("period_start", "period_end", "implementation_cost")
        form = ClaimForm(initial={k: getattr(claim, k) for k in fields} | {"expected_version": claim.version})
        lines = LineFormSet(prefix="lines", initial=_line_initial(claim))
        tags = TagFormSet(
            prefix="tags",
            initial=[{"benefit_type": t.benefit_type, "description": t.description} for t in claim.tags.all()],
        )
    else:
        today = timezone.localdate()
        form = ClaimForm(
            initial={"period_start": today.replace(month=1, day=1), "period_end": today.replace(month=12, day=31)}
        )
        lines = LineFormSet(prefix="lines")
        tags = TagFormSet(prefix="tags")
    context = {"proposal": proposal, "claim": claim, "form": form, "lines": lines, "tags": tags}
    return render(request, "proposals/claim_form.html", context, status=400 if request.method == "POST" else 200)


@never_cache
@login_required
def claim_detail(request, pk, claim_pk):
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
    claim = _claim(proposal, claim_pk)
    may_verify = has_perm(request.user, Perm.VERIFY_BENEFITS, proposal.enterprise)
    context = {
        "proposal": proposal,
        "claim": claim,
        "may_verify": may_verify and claim.status == ClaimStatus.SUBMITTED,
        "may_correct": may_verify and claim.status == ClaimStatus.VERIFIED,
        "may_edit": claim.status in benefits.EDITABLE
        and (
            workflow.is_proposer(request.user, proposal)
            or has_perm(request.user, Perm.MANAGE_PROPOSALS, proposal.enterprise)
        ),
        "return_form": ReturnForm(),
    }
    return render(request, "proposals/claim_detail.html", context)


@require_POST
@login_required
def claim_decide(request, pk, claim_pk, decision):
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
    claim = _claim(proposal, claim_pk)
    try:
        if decision == "verify":
            benefits.claim_verify(actor=request.user, claim=claim)
            messages.success(request, _("Verified. The figures are now locked."))
        elif decision == "return":
            benefits.claim_return(actor=request.user, claim=claim, reason=request.POST.get("reason", ""))
            messages.success(request, _("Returned with your reason."))
        elif decision == "submit":
            benefits.claim_submit(actor=request.user, claim=claim)
            messages.success(request, _("The claim is submitted to finance for verification."))
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("proposals:claim_detail", pk=proposal.pk, claim_pk=claim.pk)


@never_cache
@login_required
def claim_correct(request, pk, claim_pk):
    """Finance corrects verified figures with a reason; the original figures stay on record."""
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
    claim = _claim(proposal, claim_pk)
    if not has_perm(request.user, Perm.VERIFY_BENEFITS, proposal.enterprise) or claim.status != ClaimStatus.VERIFIED:
        raise Http404
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        lines = LineFormSet(request.POST, request.FILES, prefix="lines")
        if form.is_valid() and lines.is_valid():
            try:
                benefits.benefit_correct(
                    actor=request.user,
                    claim=claim,
                    lines=lines.lines(),
                    reason=form.cleaned_data["reason"],
                    implementation_cost=form.cleaned_data["implementation_cost"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The correction is recorded; the original figures stay on record."))
                return redirect("proposals:claim_detail", pk=proposal.pk, claim_pk=claim.pk)
    else:
        form = CorrectionForm(initial={"implementation_cost": claim.implementation_cost})
        lines = LineFormSet(prefix="lines", initial=_line_initial(claim))
    context = {"proposal": proposal, "claim": claim, "form": form, "lines": lines, "correcting": True}
    return render(request, "proposals/claim_form.html", context, status=400 if request.method == "POST" else 200)


@login_required
def line_evidence(request, pk, claim_pk, line_pk):
    proposal = found(selectors.proposal_get, user=request.user, pk=pk)
    claim = _claim(proposal, claim_pk)
    line = next((line for line in claim.lines.all() if line.pk == line_pk and line.evidence), None)
    if line is None:
        raise Http404
    response = FileResponse(line.evidence.open("rb"), as_attachment=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---- rewards, campaigns, notifications ---------------------------------------------------


@login_required
def my_rewards(request):
    shares = selectors.my_reward_shares(user=request.user)
    context = {
        "page": paginate(request, shares),
        "totals": selectors.my_reward_totals(user=request.user),
        "paid": PayoutStatus.PAID,
    }
    return render(request, "proposals/my_rewards.html", context)


@permission_required(Perm.VIEW_PROPOSALS)
def payout_ledger(request):
    """What the enterprises in the user's scope owe their proposers and have paid: totals and every share."""
    status = request.GET.get("status", "")
    status = status if status in PayoutStatus.values else ""
    decided, paid = reward_totals(user=request.user)
    context = {
        # Counted to 100: a district's owed payouts are found by joining the city's (1,000: 66-76 ms at 1M).
        "page": paginate(request, CountCapped(selectors.payout_list(user=request.user, status=status or None), 100)),
        "totals": selectors.PayoutTotals(pending=decided - paid, paid=paid),
        "status": status,
        "statuses": PayoutStatus.choices,
        "paid": PayoutStatus.PAID,
    }
    return render(request, "proposals/payout_ledger.html", context)


def _campaign_organizations(user):
    return list(selectors.managed_organization_list(user=user)[:ORG_OPTIONS_MAX])


@login_required
def campaign_list(request):
    campaigns = selectors.campaign_list(user=request.user)
    context = {
        "page": paginate(request, campaigns),
        "may_create": has_perm(request.user, Perm.MANAGE_PROPOSALS),
        "today": timezone.localdate(),
    }
    return render(request, "proposals/campaign_list.html", context)


@permission_required(Perm.MANAGE_PROPOSALS)
def campaign_create(request):
    organizations = _campaign_organizations(request.user)
    form = CampaignForm(request.POST or None, organizations=organizations)
    if form.is_bound and form.is_valid():
        data = dict(form.cleaned_data)
        org = next(o for o in organizations if o.pk == data.pop("organization"))
        try:
            campaign = services.campaign_create(actor=request.user, organization=org, **data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Campaign “%(title)s” is created.") % {"title": campaign.title})
            return redirect("proposals:campaign_detail", pk=campaign.pk)
    return render(request, "proposals/campaign_form.html", {"form": form}, status=400 if form.is_bound else 200)


@login_required
def campaign_detail(request, pk):
    campaign = found(selectors.campaign_get, user=request.user, pk=pk)
    proposals = selectors.proposal_list(user=request.user, campaign=campaign)
    target = campaign.target_count
    context = {
        "campaign": campaign,
        "page": paginate(request, proposals),
        "progress": min(100, round(campaign.proposal_count * 100 / target)) if target else None,
        "is_worker": _own_worker(request.user) is not None,
        "list_url": reverse("proposals:list") + f"?campaign={campaign.pk}",
        "may_list": has_perm(request.user, Perm.VIEW_PROPOSALS),
    }
    return render(request, "proposals/campaign_detail.html", context)


@never_cache
@login_required
def notification_list(request):
    page = paginate(request, selectors.notification_list(user=request.user))
    return render(request, "proposals/notification_list.html", {"page": page})


@require_POST
@login_required
def notification_read(request):
    """Mark one notification (id) or all read; opening one goes to its proposal."""
    form = NotificationReadForm(request.POST)
    if not form.is_valid():
        # Not "mark all": a bad id marks nothing.
        return HttpResponseBadRequest(form.errors.as_text())
    pk, target = form.cleaned_data["id"], form.cleaned_data["open"]
    services.notifications_mark_read(user=request.user, ids=[pk] if pk else None)
    if target:
        return redirect("proposals:detail", pk=target)
    return redirect("proposals:notifications")


# ---- proposal settings: scorecard, reward rule, service deadlines --------------------------------

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
@permission_required(Perm.MANAGE_PROPOSALS)
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


# ---- the public showcase ----------------------------------------------------------------


def showcase(request):
    """City excellent results, for everyone (no login): the ideas, never the people."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in ProposalKind.values else ""
    page = paginate(request, selectors.showcase_list(kind=kind or None), per_page=SHOWCASE_PER_PAGE)
    return render(request, "proposals/showcase_list.html", {"page": page, "kind": kind, "kinds": ProposalKind.choices})


def showcase_detail(request, pk):
    result = found(selectors.showcase_get, pk=pk)
    benefit_labels = dict(BenefitType.choices)
    benefits = [benefit_labels[value] for value in result.benefit_types if value in benefit_labels]
    return render(request, "proposals/showcase_detail.html", {"result": result, "benefits": benefits})
