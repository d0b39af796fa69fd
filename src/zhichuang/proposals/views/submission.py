"""Submitting from a phone: the form, drafts saved as the worker types, co-proposers, similar proposals."""

import uuid
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhichuang.accounts.access import object_required, user_required, worker_required
from zhichuang.core.errors import ApplicationError, Conflict, NotFound
from zhichuang.core.forms import IdField, parse_id
from zhichuang.core.views import add_service_error, found

from .. import rules, search, selectors, services
from ..access import access_editable_proposal, access_proposal
from ..forms import ATTACHMENT_ACCEPT, MEMBER_ROWS_MAX, ColleagueSearchForm, ProposalForm, parse_members
from .common import SIMILAR_LIMIT, _back_to, _error_text, _own_worker, _version, similar_context

COLLEAGUE_LIMIT = 10


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
    return {
        "form": form,
        "lead": lead,
        "proposal": proposal,
        "members": members,
        "client_token": client_token or uuid.uuid4(),
        "attachments": selectors.proposal_attachments(proposal=proposal) if proposal else [],
        "accept": ATTACHMENT_ACCEPT,
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
@worker_required
def proposal_new(request, lead):
    form = ProposalForm(campaigns=_open_campaigns(request.user), initial={"campaign": request.GET.get("campaign")})
    context = _form_context(request, lead, None, form, [(lead, Decimal("100"))])
    return render(request, "proposals/proposal_form.html", context)


@never_cache
@object_required(access_proposal)
def proposal_edit(request, proposal):
    lead = _require_worker(request)
    if not rules.may_edit(request.user, proposal):
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
        return access_editable_proposal(request.user, IdField().clean(pk))
    except (ValidationError, NotFound):
        raise Http404 from None


def _save_draft(request, lead, proposal, form, members):
    fields = {k: v for k, v in form.cleaned_data.items() if not (k == "kind" and not v)}
    if proposal is None:
        return services.proposal_save_draft(actor=request.user, members=members, **fields)
    return services.proposal_save_draft(
        actor=request.user, proposal=proposal, expected_version=_version(request), members=members, **fields
    )


@require_POST
@worker_required
def draft_save(request, lead):
    """htmx: save the draft as the worker types (and store any photos picked); answer with the save status."""
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
@worker_required
def proposal_submit(request, lead):
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


@worker_required
def colleague_search(request, lead):
    """htmx: colleagues of the same enterprise whose name starts with q, to add as co-proposers."""
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


@worker_required
def member_row(request, lead):
    """htmx: one co-proposer row for the form."""
    worker = found(selectors.colleague_get, user=request.user, pk=request.GET.get("worker", ""))
    return render(request, "proposals/_member_row.html", {"worker": worker, "share": "", "lead": lead})


@user_required(rules.follows_proposals)
def similar_panel(request):
    """htmx: the most similar proposals city-wide to what is being typed (restricted fields outside scope),
    and the notice under the title field ("may be similar to N existing proposals"), swapped in out of band."""
    text = " ".join(request.GET.get(name, "") for name in ("title", "keywords", "problem", "change")).strip()
    exclude = request.GET.get("proposal")
    hits = []
    if len(text) >= 4:
        hits = search.similar_proposals(
            user=request.user,
            text=text,
            exclude_id=parse_id(exclude) if exclude else None,
            limit=SIMILAR_LIMIT,
        )
    context = similar_context(hits, typed=bool(text), notice=True, notice_oob=True)
    return render(request, "proposals/_similar.html", context)
