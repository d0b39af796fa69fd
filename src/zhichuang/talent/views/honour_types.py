"""The city's list of honours (荣誉目录), which the city extends, each with its eligibility rules."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zhichuang.accounts.access import permission_required
from zhichuang.core.errors import ApplicationError
from zhichuang.core.views import add_service_error

from .. import eligibility, selectors, services
from ..forms import HonourTypeForm
from ..models import HonourType
from ..permissions import TalentPerm


@permission_required(TalentPerm.CONFIRM)
def honour_type_list(request):
    types = selectors.honour_types(active_only=False)
    rows = [
        (t, [eligibility.RULES[r["rule"]].label(r) for r in t.rules if r.get("rule") in eligibility.RULES])
        for t in types
    ]
    return render(request, "talent/honour_types.html", {"rows": rows})


@permission_required(TalentPerm.CONFIRM)
def honour_type_edit(request, pk=None):
    honour_type = get_object_or_404(HonourType, pk=pk) if pk else None
    initial = HonourTypeForm.initial_for(honour_type) if honour_type else {"active": True}
    form = HonourTypeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.honour_type_save(
                actor=request.user,
                honour_type=honour_type,
                name=data["name"],
                category=data["category"],
                level=data["level"],
                issuing_body=data["issuing_body"],
                active=data["active"],
                rules=form.rules(),
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("%(name)s is saved in the honour list.") % {"name": saved.name})
            return redirect("talent:honour_types")
    context = {"form": form, "honour_type": honour_type}
    return render(request, "talent/honour_type_form.html", context, status=400 if request.method == "POST" else 200)
