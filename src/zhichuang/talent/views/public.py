"""The public talent pages: the people who chose to be listed, each with only what they chose to show."""

from django.http import Http404
from django.shortcuts import render

from zhichuang.accounts.access import public
from zhichuang.core.files import private_response
from zhichuang.core.views import found, paginate

from .. import selectors

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
    if not (profile.public_photo and profile.photo):
        raise Http404
    return private_response(profile.photo, filename="photo")
