"""The named methods' pages: the list and its export, a method's page (inventors, effects, adoptions, courses,
its recognition applications with their history and the steps the viewer may take), entering and editing a
method, its effects, adoptions and courses, evidence files, applying, each step, and an inventor's consent."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhichuang.accounts.access import object_required, permission_required, worker_required
from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.exports import listing_export
from zhichuang.core.errors import ApplicationError, NotFound, ValidationFailed
from zhichuang.core.files import private_response
from zhichuang.core.views import CountKnown, add_service_error, paginate
from zhichuang.experts.selectors import technical_fields
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.selectors import organization_choices
from zhichuang.todo.selectors import timeline_next
from zhichuang.training.selectors import training_list

from .. import selectors, services
from ..access import access_application, access_managed_method, access_method
from ..enums import ApplicationState, MethodLevel, next_level
from ..forms import AdoptionForm, ApplyForm, ConsentForm, CoursesForm, EffectForm, MethodForm, StepForm
from ..listings import METHODS
from ..permissions import MethodPerm
from ..scorecard import CRITERIA
from ..todo import APPLICATIONS
from ..workflow import APPLICATION_WORKFLOW

A = ApplicationState
COURSE_CHOICES = 200

# What each step button does: (target state, what it says once done).
STEPS = {
    "endorse": (None, gettext_lazy("The enterprise endorsed the application.")),
    "pass": (A.REVIEWING, gettext_lazy("The district passed the application on to the expert review.")),
    "return": (A.RETURNED, gettext_lazy("The application is returned for correction.")),
    "reject": (A.REJECTED, gettext_lazy("The application did not pass the district's review.")),
    "recognise": (A.RECOGNISED, gettext_lazy("The method is recognised.")),
    "not_recognise": (A.NOT_RECOGNISED, gettext_lazy("The method is not recognised at this level.")),
    "resubmit": (A.APPLIED, gettext_lazy("The corrected application is sent to the enterprise again.")),
}


@permission_required(MethodPerm.VIEW)
def method_list(request):
    try:
        result = METHODS.read(request.user, request.GET)
    except NotFound:
        raise Http404 from None
    rows = result.selection and result.selection.rows
    if rows is not None:
        # Counted in full (a city's methods are thousands at most): a statistics figure opens a list of its count.
        rows = CountKnown(rows, rows.count())
    districts = organization_choices(user=request.user, kind=OrgKind.DISTRICT, limit=50)
    context = {
        "form": result.form,
        "page": paginate(request, rows),
        "empty_text": _("Correct the filters above to see the list.") if rows is None else "",
        "districts": districts if len(districts) > 1 else [],
        "fields": technical_fields(),
        "may_add": has_perm(request.user, MethodPerm.MANAGE),
        "export_max": METHODS.row_cap,
    }
    return render(request, "methods/list.html", context, status=400 if result.invalid else 200)


@permission_required(MethodPerm.VIEW)
def method_export(request):
    return listing_export(request, METHODS)


def _targets(user, application) -> set[str]:
    """The step buttons the user may press on the application now (the service decides)."""
    if application is None:
        return set()
    targets = set(APPLICATION_WORKFLOW.targets(user, application))
    allowed = {name for name, (state, _done) in STEPS.items() if state is not None and state in targets}
    if application.state == A.APPLIED and targets & {A.ENDORSED, A.REVIEWING}:
        allowed.add("endorse")
    if application.state != A.ENDORSED:
        allowed.discard("pass")  # APPLIED → REVIEWING is the enterprise's endorsement of its own level
    if not services.may_organise_review(user, application):
        allowed -= {"recognise", "not_recognise"}  # the level's own organisation decides
    return allowed


@object_required(access_method)
def method_detail(request, method):
    user = request.user
    manages = services.may_manage(user, method)
    current = selectors.open_application(method)
    shown = current or next(iter(selectors.applications(method)), None)
    inventors = selectors.inventors(method)
    mine = next((i for i in inventors if i.worker.user_id == user.pk), None)
    organiser = shown is not None and services.may_organise_review(user, shown)
    may_apply = current is None and bool(next_level(method.level)) and (manages or mine is not None)
    context = {
        "method": method,
        "manages": manages,
        "inventors": inventors,
        "mine": mine,
        "effects": selectors.effects(method),
        "adoptions": selectors.adoptions(method),
        "courses": selectors.courses(method),
        "applications": selectors.applications(method),
        "shown": shown,
        "history": list(selectors.history(shown)) if shown else [],
        "allowed": _targets(user, shown) if shown else set(),
        "step_form": StepForm(initial={"version": shown.version}) if shown else None,
        "organiser": organiser,
        "scores": selectors.scores(shown) if shown and (organiser or manages) else [],
        "criteria": CRITERIA,
        "may_apply": may_apply,
        "apply_level": MethodLevel(next_level(method.level)).label if may_apply else "",
        "apply_form": ApplyForm(),
        "consent_form": ConsentForm(initial={"consent": mine.consented_at is not None}) if mine else None,
        "next": timeline_next(user, APPLICATIONS, shown) if shown else None,
    }
    return render(request, "methods/detail.html", context)


def _resolve_inventors(request, form, enterprise):
    """(worker, share) pairs for the form's inventor rows: each name one worker of the enterprise."""
    rows = form.inventor_rows()
    found = selectors.workers_named(user=request.user, enterprise=enterprise, names=[name for name, _s in rows])
    pairs, errors = [], []
    for name, share in rows:
        workers = found.get(name, [])
        if not workers:
            errors.append(_("No worker of this enterprise is called %(name)s.") % {"name": name})
        elif len(workers) > 1:
            errors.append(
                _(
                    "Several workers of this enterprise are called %(name)s: "
                    "the method cannot name one of them by name alone."
                )
                % {"name": name}
            )
        else:
            pairs.append((workers[0], share))
    if errors:
        raise ValidationFailed(details={"inventors": errors})
    return pairs


def _field(form):
    pk = form.cleaned_data.get("field")
    return next((f for f in technical_fields() if f.pk == pk), None) if pk else None


@permission_required(MethodPerm.MANAGE)
def method_new(request):
    enterprises = selectors.managed_enterprises(user=request.user)
    form = MethodForm(request.POST or None, enterprises=enterprises, fields=technical_fields())
    if request.method == "POST" and form.is_valid():
        enterprise = next((e for e in enterprises if e.pk == form.cleaned_data["enterprise"]), None)
        try:
            if enterprise is None:
                raise ValidationFailed(details={"enterprise": [_("Choose an enterprise.")]})
            method = services.method_create(
                actor=request.user,
                enterprise=enterprise,
                name=form.cleaned_data["name"],
                trade=form.cleaned_data["trade"],
                field=_field(form),
                description=form.cleaned_data["description"],
                steps=form.step_list(),
                inventors=_resolve_inventors(request, form, enterprise),
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The method is entered."))
            return redirect("methods:detail", pk=method.pk)
    context = {"form": form, "method": None}
    return render(request, "methods/form.html", context, status=400 if request.method == "POST" else 200)


@object_required(access_managed_method)
def method_edit(request, method):
    initial = {
        "name": method.name,
        "trade": method.trade,
        "field": method.field_id,
        "description": method.description,
        "steps": "\n".join(method.steps),
    }
    for n, inventor in enumerate(selectors.inventors(method), start=1):
        initial[f"inventor_{n}"] = inventor.worker.name
        initial[f"share_{n}"] = inventor.share
    form = MethodForm(
        request.POST or None, initial=initial, fields=technical_fields(), fixed_enterprise=method.enterprise
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.method_update(
                actor=request.user,
                method=method,
                name=form.cleaned_data["name"],
                trade=form.cleaned_data["trade"],
                field=_field(form),
                description=form.cleaned_data["description"],
                steps=form.step_list(),
                inventors=_resolve_inventors(request, form, method.enterprise),
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The method is saved."))
            return redirect("methods:detail", pk=method.pk)
    context = {"form": form, "method": method}
    return render(request, "methods/form.html", context, status=400 if request.method == "POST" else 200)


@object_required(access_managed_method)
def effect_new(request, method):
    form = EffectForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.effect_add(actor=request.user, method=method, **form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The measured effect is recorded."))
            return redirect("methods:detail", pk=method.pk)
    context = {"form": form, "method": method, "heading": _("Record a measured effect")}
    return render(request, "methods/part_form.html", context, status=400 if request.method == "POST" else 200)


@object_required(access_managed_method)
def adoption_new(request, method):
    form = AdoptionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.adoption_record(
                actor=request.user,
                method=method,
                enterprise=selectors.enterprise_by_credit_code(data["credit_code"]),
                since=data["since"],
                benefit=data["benefit"],
                benefit_unit=data["benefit_unit"],
                description=data["description"],
                evidence=data["evidence"],
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The enterprise practising the method is recorded."))
            return redirect("methods:detail", pk=method.pk)
    context = {"form": form, "method": method, "heading": _("Record where it is practised")}
    return render(request, "methods/part_form.html", context, status=400 if request.method == "POST" else 200)


@object_required(access_managed_method)
def courses_edit(request, method):
    trainings = list(training_list(user=request.user)[:COURSE_CHOICES])
    chosen = [t.pk for t in selectors.courses(method)]
    trainings += [t for t in selectors.courses(method) if t.pk not in {x.pk for x in trainings}]
    form = CoursesForm(request.POST or None, trainings=trainings, initial={"courses": chosen})
    if request.method == "POST" and form.is_valid():
        picked = [t for t in trainings if t.pk in set(form.cleaned_data["courses"])]
        try:
            services.courses_set(actor=request.user, method=method, trainings=picked)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The courses are saved."))
            return redirect("methods:detail", pk=method.pk)
    context = {"form": form, "method": method, "heading": _("Courses that teach it")}
    return render(request, "methods/part_form.html", context, status=400 if request.method == "POST" else 200)


@object_required(access_method)
def effect_evidence(request, method, effect_pk):
    effect = selectors.effect_get(method, effect_pk) if _may_read_evidence(request.user, method) else None
    if effect is None or not effect.evidence:
        raise Http404
    return private_response(effect.evidence, filename=effect.evidence_name or "evidence")


@object_required(access_method)
def adoption_evidence(request, method, adoption_pk):
    adoption = selectors.adoption_get(method, adoption_pk) if _may_read_evidence(request.user, method) else None
    if adoption is None or not adoption.evidence:
        raise Http404
    return private_response(adoption.evidence, filename=adoption.evidence_name or "evidence")


def _may_read_evidence(user, method) -> bool:
    return has_perm(user, MethodPerm.VIEW, method.enterprise)


@require_POST
@object_required(access_method)
def method_apply(request, method):
    form = ApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("methods:detail", pk=method.pk)
    try:
        services.application_apply(actor=request.user, method=method, reason=form.cleaned_data["reason"])
    except ApplicationError as exc:
        messages.error(request, _service_words(exc))
    else:
        messages.success(request, _("The application is sent to the enterprise for its endorsement."))
    return redirect("methods:detail", pk=method.pk)


def _service_words(exc) -> str:
    details = exc.details if isinstance(exc.details, dict) else {}
    texts = [str(exc.message)] + [str(m) for found in details.values() for m in found]
    return " ".join(dict.fromkeys(t for t in texts if t))


@require_POST
@object_required(access_application)
def application_step(request, application, step):
    if step not in STEPS:
        raise Http404
    to_state, done = STEPS[step]
    if step == "endorse":
        to_state = A.REVIEWING if application.level == MethodLevel.ENTERPRISE else A.ENDORSED
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect("methods:detail", pk=application.method_id)
    try:
        services.application_move(
            actor=request.user,
            application=application,
            to_state=to_state,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except ApplicationError as exc:
        messages.error(request, _service_words(exc))
    else:
        messages.success(request, str(done))
    return redirect("methods:detail", pk=application.method_id)


@require_POST
@object_required(access_method)
def method_consent(request, method):
    form = ConsentForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.consent_set(actor=request.user, method=method, consent=form.cleaned_data["consent"])
    except ApplicationError:
        raise Http404 from None
    messages.success(
        request,
        _("You agreed that the method may be listed publicly once recognised.")
        if form.cleaned_data["consent"]
        else _("The method will not be listed publicly."),
    )
    return redirect("methods:detail", pk=method.pk)


@worker_required
def my_methods(request, worker):
    """The methods the worker is an inventor of, whatever their state: where they give their consent."""
    context = {"methods": list(selectors.methods_of_inventor(worker))}
    return render(request, "methods/mine.html", context)
