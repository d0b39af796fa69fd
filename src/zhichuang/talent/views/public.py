"""The public talent pages: the people who chose to be listed, each with only what they chose to show."""

from pathlib import PurePath

from django.http import Http404
from django.shortcuts import render

from zhichuang.accounts.access import public
from zhichuang.core.files import private_response
from zhichuang.core.views import found, paginate

from .. import selectors
from ..models import TalentProfile

PER_PAGE = 24


@public
def public_list(request):
    return render(
        request, "talent/public_list.html", {"page": paginate(request, selectors.public_profiles(), PER_PAGE)}
    )


@public
def public_detail(request, pk):
    profile = found(selectors.public_profile_get, pk=pk)
    context = {"profile": profile, "honours": selectors.public_honours(profile)}
    return render(request, "talent/public_detail.html", context)


@public
def public_photo(request, pk):
    profile = found(selectors.public_profile_get, pk=pk)
    if not profile.shown_photo:
        raise Http404
    stored = TalentProfile._meta.get_field("photo").storage.open(profile.shown_photo)
    return private_response(stored, filename=f"photo{PurePath(profile.shown_photo).suffix}")
