from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _

from zhichuang.accounts.access import permission_required
from zhichuang.accounts.roles import Perm

from .exports import listing_export
from .listings import AUDIT_LOG


@permission_required(Perm.VIEW_AUDIT)
def audit_list(request):
    result = AUDIT_LOG.page(request)
    if result.invalid:  # the form shows each error on its field; the message says why the list is empty
        messages.error(request, _("Correct the filters above to see the list."))
    context = {"form": result.form, "page": result.page, "listing": AUDIT_LOG}
    return render(request, "audit/list.html", context, status=400 if result.invalid else 200)


@permission_required(Perm.VIEW_AUDIT)
def audit_export(request):
    return listing_export(request, AUDIT_LOG)
