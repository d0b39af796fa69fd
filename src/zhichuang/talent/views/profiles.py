"""The talent pool's search, a person's profile with their record, creating and editing a profile, consent,
and the worker's own record."""

from pathlib import PurePath

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichuang.accounts.access import object_required, permission_required, worker_required
from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.exports import listing_export
from zhichuang.core.errors import ApplicationError, NotFound
from zhichuang.core.files import private_response
from zhichuang.core.forms import parse_id
from zhichuang.core.views import CountKnown, add_service_error, paginate
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.orgs.selectors import organization_choices

from .. import selectors, services
from ..enums import ConsentPart, SkillEntryState
from ..forms import ConsentForm, ExternalProfileForm, ProfileFieldsForm, WorkerProfileForm
from ..listings import TALENT
from ..permissions import TalentPerm

WORKER_MATCHES = 20


def access_profile(user, pk):
    return selectors.profile_get(user=user, pk=pk)


@permission_required(TalentPerm.VIEW)
def talent_list(request):
    try:
        result = TALENT.read(request.user, request.GET)
    except NotFound:
        raise Http404 from None
    rows = result.selection and result.selection.rows
    if rows is not None and not hasattr(rows, "page_rows"):
        # Counted in full (the pool is tens of thousands at most): a statistics figure opens a list of its count.
        rows = CountKnown(rows, rows.count())
    districts = organization_choices(user=request.user, kind=OrgKind.DISTRICT, limit=50)
    context = {
        "form": result.form,
        "page": paginate(request, rows),
        "empty_text": _("Correct the filters above to see the list.") if rows is None else "",
        "districts": districts if len(districts) > 1 else [],
        "honour_types": selectors.honour_types(active_only=False),
        "may_add": has_perm(request.user, TalentPerm.MANAGE),
        "export_max": TALENT.row_cap,
    }
    return render(request, "talent/list.html", context, status=400 if result.invalid else 200)


@permission_required(TalentPerm.VIEW)
def talent_export(request):
    return listing_export(request, TALENT)


def _profile_context(request, profile) -> dict:
    user = request.user
    worker = profile.worker
    own = worker is not None and worker.user_id == user.pk
    manages = services.may_manage(user, profile)
    entries = selectors.skill_entries(worker=worker) if worker else []
    return {
        "profile": profile,
        "category_words": [word for word in profile.categories.split("、") if word],
        "own": own,
        "manages": manages,
        "honours": list(selectors.honour_list(user=user, profile=profile)),
        "entries": entries,
        "proposed": [e for e in entries if e.state == SkillEntryState.PROPOSED],
        "record": selectors.record_parts(profile, user=user),
        "consent_form": ConsentForm(initial={"parts": [p for p in ConsentPart.values if getattr(profile, p)]}),
        "consent_parts": [(label, getattr(profile, value)) for value, label in ConsentPart.choices],
        "may_consent": services.may_consent(user, profile),
    }


@object_required(access_profile)
def profile_detail(request, profile):
    return render(request, "talent/profile.html", _profile_context(request, profile))


@worker_required
def my_record(request, worker):
    """The worker's own record: their profile where the union has made one, else what the platform knows."""
    profile = selectors.own_profile(request.user)
    if profile is not None:
        return redirect("talent:profile", pk=profile.pk)
    context = {
        "worker": worker,
        "record": [shown for shown in selectors.record_parts_of_worker(worker, user=request.user) if shown.part.total],
        "entries": selectors.skill_entries(worker=worker),
    }
    return render(request, "talent/my_record.html", context)


@object_required(access_profile)
def profile_photo(request, profile):
    if not profile.photo:
        raise Http404
    return private_response(profile.photo, filename=f"photo{PurePath(profile.photo.name).suffix}")


def _partners():
    return list(Organization.objects.filter(kind=OrgKind.PARTNER).order_by("name").only("pk", "name"))


@permission_required(TalentPerm.MANAGE)
def profile_new(request):
    """A worker's profile (the worker chosen from a search of the user's enterprises), or, for the city,
    an external person's."""
    external = request.GET.get("external") == "1" or request.POST.get("external") == "1"
    may_external = has_perm(request.user, TalentPerm.MANAGE, services.city())
    if external and not may_external:
        raise Http404
    form_class = ExternalProfileForm if external else WorkerProfileForm
    kwargs = {"partners": _partners()} if external else {}
    chosen = None
    if request.method == "GET" and not external and request.GET.get("worker"):
        chosen = selectors.worker_for_profile(user=request.user, pk=parse_id(request.GET["worker"]) or 0)
    initial = {"worker": chosen.pk} if chosen else {}
    form = form_class(request.POST or None, request.FILES or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo", None)
        try:
            if external:
                organization = Organization.objects.filter(pk=data.pop("organization")).first()
                profile = services.profile_create(actor=request.user, organization=organization, **data)
            else:
                chosen = selectors.worker_for_profile(user=request.user, pk=data.pop("worker"))
                if chosen is None:
                    raise NotFound()
                profile = services.profile_create(actor=request.user, worker=chosen, **data)
            if photo is not None:
                services.profile_update(actor=request.user, profile=profile, photo=photo)
        except NotFound:
            form.add_error("worker", _("Choose a worker of your enterprises."))
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The talent profile of %(name)s is created.") % {"name": profile.name})
            return redirect("talent:profile", pk=profile.pk)
    elif request.method == "POST" and not external and form.cleaned_data.get("worker"):
        chosen = selectors.worker_for_profile(user=request.user, pk=form.cleaned_data["worker"])
    context = {"form": form, "external": external, "may_external": may_external, "chosen": chosen}
    return render(request, "talent/profile_form.html", context, status=400 if request.method == "POST" else 200)


@permission_required(TalentPerm.MANAGE)
def worker_search(request):
    """Workers of the user's enterprises without a profile, by the start of their name (htmx)."""
    name = request.GET.get("name", "").strip()[:50]
    workers = selectors.workers_for_profile(user=request.user, name=name, limit=WORKER_MATCHES) if name else []
    return render(request, "talent/_worker_matches.html", {"workers": workers, "name": name})


@object_required(access_profile)
def profile_edit(request, profile):
    if not services.may_manage(request.user, profile) and not (
        profile.worker_id and profile.worker.user_id == request.user.pk
    ):
        raise Http404
    manages = services.may_manage(request.user, profile)
    initial = {name: getattr(profile, name) for name in ProfileFieldsForm.base_fields if name != "photo"}
    form = ProfileFieldsForm(request.POST or None, request.FILES or None, initial=initial)
    if not manages:  # the person themselves: their own words only
        for name in list(form.fields):
            if name not in ("expertise", "biography", "photo"):
                del form.fields[name]
    if profile.worker_id is None and "enterprise_head" in form.fields:
        del form.fields["enterprise_head"]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo", None)
        try:
            services.profile_update(actor=request.user, profile=profile, photo=photo, **data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("talent:profile", pk=profile.pk)
    return render(
        request,
        "talent/profile_edit.html",
        {"form": form, "profile": profile},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@object_required(access_profile)
def profile_consent(request, profile):
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose from the list."))
        return redirect("talent:profile", pk=profile.pk)
    try:
        services.consent_save(actor=request.user, profile=profile, parts=form.cleaned_data["parts"])
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Your choice is saved: the public pages show only what you chose."))
    return redirect("talent:profile", pk=profile.pk)
