"""Attachments, served privately to those who may see the proposal, and removed by its editors."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from zhichuang.accounts.access import object_required
from zhichuang.core.errors import ApplicationError
from zhichuang.core.files import private_response

from .. import selectors, services
from ..access import access_proposal
from .common import _back_to


@object_required(access_proposal)
def attachment_file(request, proposal, attachment_pk):
    attachment = next((a for a in selectors.proposal_attachments(proposal=proposal) if a.pk == attachment_pk), None)
    if attachment is None:
        raise Http404
    stored = attachment.thumbnail if request.GET.get("thumb") and attachment.thumbnail else attachment.file
    content_type = "image/jpeg" if stored is attachment.thumbnail else attachment.content_type
    return private_response(stored, content_type=content_type, filename=attachment.original_name)


@require_POST
@object_required(access_proposal)
def attachment_remove(request, proposal, attachment_pk):
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
