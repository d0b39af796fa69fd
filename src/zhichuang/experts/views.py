"""The expert pool's pages: the search and its export, an expert's page with the city's decisions and the
declared conflicts, adding a person (the city invites, a union or the person applies), and the expert's
own reviews."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichuang.accounts.access import object_required, permission_required, user_required
from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.exports import listing_export
from zhichuang.core.errors import ApplicationError, NotFound
from zhichuang.core.views import add_service_error, error_text, paginate
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.selectors import organization_choices
from zhichuang.talent import selectors as talent_selectors

from . import selectors, services
from .enums import ExpertState
from .forms import ConflictForm, DecisionForm, ExpertFieldsForm, NewExpertForm, ReviewDeclineForm
from .listings import EXPERTS
from .permissions import ExpertPerm
from .workflow import EXPERT_WORKFLOW

E = ExpertState
PROFILE_MATCHES = 10

# decision in the URL → (the state it leads to, the service, its words when done)
DECISIONS = {
    "approve": (E.ACTIVE, "admit", _("Admitted to the expert pool.")),
    "accept": (E.ACTIVE, "admit", _("Admitted to the expert pool.")),
    "decline": (E.DECLINED, "decline", _("Not admitted.")),
    "renew": (E.ACTIVE, "renew", _("The term is renewed.")),
    "suspend": (E.SUSPENDED, "suspend", _("Suspended.")),
    "reinstate": (E.ACTIVE, "reinstate", _("Reinstated.")),
}


def access_expert(user, pk):
    return selectors.expert_get(user=user, pk=pk)


def access_own_review(user, pk):
    return selectors.assignment_get(user=user, pk=pk)


@permission_required(ExpertPerm.VIEW)
def expert_list(request):
    try:
        result = EXPERTS.read(request.user, request.GET)
    except NotFound:
        raise Http404 from None
    rows = result.selection and result.selection.rows
    districts = organization_choices(user=request.user, kind=OrgKind.DISTRICT, limit=50) or []
    context = {
        "form": result.form,
        "page": paginate(request, rows),
        "empty_text": _("Correct the filters above to see the list.") if rows is None else "",
        "districts": districts if len(districts) > 1 else [],
        "technical_fields": selectors.technical_fields(),
        "may_add": has_perm(request.user, ExpertPerm.NOMINATE),
        "export_max": EXPERTS.row_cap,
    }
    return render(request, "experts/list.html", context, status=400 if result.invalid else 200)


@permission_required(ExpertPerm.VIEW)
def expert_export(request):
    return listing_export(request, EXPERTS)


def _actions(user, expert) -> list[str]:
    """The decisions the user may take now, by their names in the URL."""
    targets = set(EXPERT_WORKFLOW.targets(user, expert))
    state = expert.state
    names = []
    if E.ACTIVE in targets:
        names += {E.APPLIED: ["approve"], E.INVITED: ["accept"], E.ACTIVE: ["renew"], E.SUSPENDED: ["reinstate"]}[state]
    if E.DECLINED in targets:
        names.append("decline")
    if E.SUSPENDED in targets:
        names.append("suspend")
    return names


@object_required(access_expert)
def expert_detail(request, expert):
    user = request.user
    may_edit = services.may_edit(user, expert)
    context = {
        "expert": expert,
        "fields": list(expert.fields.all()),
        "industries": expert.industries,
        "load": selectors.load_this_year(expert),
        "reviews": selectors.review_history(expert),
        "conflicts": selectors.expert_conflicts(expert),
        "history": selectors.expert_history(expert),
        "actions": _actions(user, expert),
        "decision_form": DecisionForm(initial={"expected_version": expert.version}),
        "may_edit": may_edit,
        "manages": services.manages(user),
        "conflict_form": ConflictForm() if may_edit else None,
    }
    return render(request, "experts/detail.html", context)


def _fields(data: dict) -> dict:
    """The form's expert fields as the services take them."""
    fields = {name: data[name] for name in ExpertFieldsForm.base_fields if name in data}
    fields["district"] = selectors.district_get(fields.pop("district", None))
    return fields


@permission_required(ExpertPerm.NOMINATE)
def expert_new(request):
    """The city invites a person; a union applies for one of its people. The person is chosen in the talent
    pool (?profile=) or, for the city, named (a partner organisation's person or an independent)."""
    user = request.user
    invites = has_perm(user, ExpertPerm.MANAGE, services.city())
    profile = None
    wanted = request.POST.get("profile") or request.GET.get("profile")
    if wanted:
        try:
            profile = talent_selectors.profile_get(user=user, pk=wanted)
        except NotFound:
            raise Http404 from None
    form = NewExpertForm(request.POST or None, initial={"profile": getattr(profile, "pk", None), "yearly_limit": 20})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organization = selectors.partner_get(data["organization"])
        if data["organization"] and organization is None:
            form.add_error("organization", _("Choose a partner organisation."))
        else:
            act = services.expert_invite if invites else services.expert_apply
            try:
                expert = act(
                    actor=user,
                    profile=profile,
                    name=data["name"],
                    organization=organization,
                    **_fields(data),
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("%(name)s is entered in the expert pool.") % {"name": expert.profile.name})
                return redirect("experts:expert", pk=expert.pk)
    name = request.GET.get("name", "").strip()[:50]
    context = {
        "form": form,
        "profile": profile,
        "name": name,
        # People of the talent pool by the start of their name, to choose from.
        "profiles": list(talent_selectors.profile_list(user=user).filter(name__startswith=name)[:PROFILE_MATCHES])
        if name and profile is None
        else [],
        "invites": invites,
        "partners": selectors.partners() if invites else [],
        "districts": organization_choices(user=user, kind=OrgKind.DISTRICT, limit=50) or [],
    }
    return render(request, "experts/new.html", context, status=400 if request.method == "POST" else 200)


@object_required(access_expert)
def expert_edit(request, expert):
    if not services.may_edit(request.user, expert):
        raise Http404
    initial = {
        "title": expert.title,
        "fields": list(expert.fields.all()),
        "industries": expert.industries,
        "expertise": expert.expertise,
        "employer_credit_code": expert.employer_credit_code,
        "district": expert.district_id,
        "busy_until": expert.busy_until,
        "yearly_limit": expert.yearly_limit,
    }
    form = ExpertFieldsForm(request.POST or None, initial=initial)
    if not services.manages(request.user):  # the expert themselves: their own words and tags only
        for name in set(form.fields) - services.OWN_FIELDS:
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        fields = _fields(data) if "district" in data else data
        try:
            services.expert_update(actor=request.user, expert=expert, **fields)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The expert is saved."))
            return redirect("experts:expert", pk=expert.pk)
    context = {
        "form": form,
        "expert": expert,
        "districts": organization_choices(user=request.user, kind=OrgKind.DISTRICT, limit=50) or [],
    }
    return render(request, "experts/edit.html", context, status=400 if request.method == "POST" else 200)


@require_POST
@object_required(access_expert)
def expert_decide(request, expert, decision: str):
    if decision not in DECISIONS:
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Correct the form: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("experts:expert", pk=expert.pk)
    data = form.cleaned_data
    _state, service, done = DECISIONS[decision]
    common = {"actor": request.user, "expert": expert, "expected_version": data["expected_version"]}
    try:
        if service == "admit":
            services.expert_admit(
                **common, term_start=data["term_start"], term_end=data["term_end"], reason=data["reason"]
            )
        elif service == "renew":
            services.expert_renew(**common, term_end=data["term_end"], reason=data["reason"])
        else:
            getattr(services, f"expert_{service}")(**common, reason=data["reason"])
    except ApplicationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, done)
    return redirect("experts:expert", pk=expert.pk)


@require_POST
@object_required(access_expert)
def conflict_add(request, expert):
    form = ConflictForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        person = None
        if data["person"]:
            try:
                person = talent_selectors.profile_get(user=request.user, pk=data["person"])
            except NotFound:
                form.add_error("person", _("No such person in the talent pool you see."))
        if not form.errors:
            try:
                services.conflict_declare(
                    actor=request.user,
                    expert=expert,
                    credit_code=data["credit_code"],
                    person=person,
                    note=data["note"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The conflict of interest is recorded."))
                return redirect("experts:expert", pk=expert.pk)
    messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect("experts:expert", pk=expert.pk)


@require_POST
@object_required(access_expert)
def conflict_delete(request, expert, conflict_pk: int):
    try:
        conflict = selectors.conflict_get(expert=expert, pk=conflict_pk)
        services.conflict_remove(actor=request.user, conflict=conflict)
    except ApplicationError:
        raise Http404 from None
    messages.success(request, _("The conflict of interest is removed."))
    return redirect("experts:expert", pk=expert.pk)


@user_required(selectors.is_expert)
def my_reviews(request):
    context = {
        "membership": selectors.own_membership(request.user),
        "page": paginate(request, selectors.my_reviews(user=request.user)),
        "decline_form": ReviewDeclineForm(),
    }
    return render(request, "experts/mine.html", context)


@object_required(access_own_review)
def review_open(request, assignment):
    """Open the item to review on its module's page."""
    return redirect(assignment.url)


@require_POST
@object_required(access_own_review)
def review_answer(request, assignment, answer: str):
    if answer not in ("accept", "decline"):
        raise Http404
    form = ReviewDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This page is out of date. Reload it and try again."))
        return redirect("experts:mine")
    version = form.cleaned_data["expected_version"]
    try:
        if answer == "accept":
            services.review_accept(actor=request.user, assignment=assignment, expected_version=version)
        else:
            services.review_decline(
                actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"], expected_version=version
            )
    except ApplicationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Your answer is recorded."))
    return redirect("experts:mine")
