"""Benefit claims: entered with evidence, verified or returned by finance, corrected with a reason."""

from pathlib import Path

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhichuang.accounts.access import object_required
from zhichuang.accounts.scoping import has_perm
from zhichuang.core.errors import ApplicationError
from zhichuang.core.files import private_response
from zhichuang.core.views import add_service_error
from zhichuang.todo import selectors as todo_selectors

from .. import benefits, rules, selectors
from ..access import access_proposal
from ..enums import ClaimStatus
from ..forms import ClaimForm, CorrectionForm, LineFormSet, TagFormSet, VersionForm
from ..permissions import ProposalPerm
from ..todo import CLAIMS
from .common import _error_text, _out_of_date


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
@object_required(access_proposal)
def claim_edit(request, proposal, claim_pk=None):
    """Create or revise an itemised benefit claim (draft or returned)."""
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
@object_required(access_proposal)
def claim_detail(request, proposal, claim_pk):
    claim = _claim(proposal, claim_pk)
    may_verify = has_perm(request.user, ProposalPerm.VERIFY_BENEFITS, proposal.enterprise)
    context = {
        "proposal": proposal,
        "claim": claim,
        "may_verify": may_verify and claim.status == ClaimStatus.SUBMITTED,
        "may_correct": may_verify and claim.status == ClaimStatus.VERIFIED,
        "may_edit": claim.status in benefits.EDITABLE and rules.proposer_or_manager(request.user, proposal),
        "transitions": selectors.claim_transition_list(claim=claim),
        # Whoever entered the claim waits on finance, and may chase it.
        "next_step": todo_selectors.timeline_next(
            request.user, CLAIMS, claim, started=claim.created_by_id == request.user.pk
        ),
    }
    return render(request, "proposals/claim_detail.html", context)


@require_POST
@object_required(access_proposal)
def claim_decide(request, proposal, claim_pk, decision):
    """Submit, verify or return the claim as the page showed it: the form's version is the claim's when the
    page was drawn, so a step someone else took meanwhile refuses this one and changes nothing."""
    claim = _claim(proposal, claim_pk)
    if decision not in ("verify", "return", "submit"):
        raise Http404
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _out_of_date(form))
        return redirect("proposals:claim_detail", pk=proposal.pk, claim_pk=claim.pk)
    version = form.cleaned_data["expected_version"]
    try:
        if decision == "verify":
            benefits.claim_verify(actor=request.user, claim=claim, expected_version=version)
            messages.success(request, _("Verified. The figures are now locked."))
        elif decision == "return":
            reason = form.cleaned_data["reason"]
            benefits.claim_return(actor=request.user, claim=claim, reason=reason, expected_version=version)
            messages.success(request, _("Returned with your reason."))
        else:
            benefits.claim_submit(actor=request.user, claim=claim, expected_version=version)
            messages.success(request, _("The claim is submitted to finance for verification."))
    except ApplicationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("proposals:claim_detail", pk=proposal.pk, claim_pk=claim.pk)


@never_cache
@object_required(access_proposal)
def claim_correct(request, proposal, claim_pk):
    """Finance corrects verified figures with a reason; the original figures stay on record."""
    claim = _claim(proposal, claim_pk)
    if (
        not has_perm(request.user, ProposalPerm.VERIFY_BENEFITS, proposal.enterprise)
        or claim.status != ClaimStatus.VERIFIED
    ):
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
                    expected_version=form.cleaned_data["expected_version"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The correction is recorded; the original figures stay on record."))
                return redirect("proposals:claim_detail", pk=proposal.pk, claim_pk=claim.pk)
    else:
        initial = {"implementation_cost": claim.implementation_cost, "expected_version": claim.version}
        form = CorrectionForm(initial=initial)
        lines = LineFormSet(prefix="lines", initial=_line_initial(claim))
    context = {"proposal": proposal, "claim": claim, "form": form, "lines": lines, "correcting": True}
    return render(request, "proposals/claim_form.html", context, status=400 if request.method == "POST" else 200)


@object_required(access_proposal)
def line_evidence(request, proposal, claim_pk, line_pk):
    claim = _claim(proposal, claim_pk)
    line = next((line for line in claim.lines.all() if line.pk == line_pk and line.evidence), None)
    if line is None:
        raise Http404
    return private_response(line.evidence, filename=Path(line.evidence.name).name, as_attachment=True)
