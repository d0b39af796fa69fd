"""Attachments, served privately to those who may see the proposal, and removed by its editors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from zhichuang.core.errors import ApplicationError
from zhichuang.core.views import found

from .. import selectors, services
from .common import _back_to


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
