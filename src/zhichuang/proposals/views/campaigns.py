"""Campaigns (征集活动): the list, creating one, and one campaign's page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.accounts.access import object_required, permission_required, user_required
from zhichuang.accounts.scoping import has_perm
from zhichuang.core.errors import ApplicationError
from zhichuang.core.views import add_service_error, paginate

from .. import rules, selectors, services
from ..access import access_campaign
from ..forms import CampaignForm
from ..permissions import ProposalPerm
from .common import ORG_OPTIONS_MAX, _own_worker


def _campaign_organizations(user):
    return list(selectors.managed_organization_list(user=user)[:ORG_OPTIONS_MAX])


@user_required(rules.follows_proposals)
def campaign_list(request):
    campaigns = selectors.campaign_list(user=request.user)
    context = {
        "page": paginate(request, campaigns),
        "may_create": has_perm(request.user, ProposalPerm.MANAGE),
        "today": timezone.localdate(),
    }
    return render(request, "proposals/campaign_list.html", context)


@permission_required(ProposalPerm.MANAGE)
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


@object_required(access_campaign)
def campaign_detail(request, campaign):
    proposals = selectors.proposal_list(user=request.user, campaign=campaign)
    target = campaign.target_count
    context = {
        "campaign": campaign,
        "page": paginate(request, proposals),
        "progress": min(100, round(campaign.proposal_count * 100 / target)) if target else None,
        "is_worker": _own_worker(request.user) is not None,
        "list_url": reverse("proposals:list") + f"?campaign={campaign.pk}",
        "may_list": has_perm(request.user, ProposalPerm.VIEW),
    }
    return render(request, "proposals/campaign_detail.html", context)
