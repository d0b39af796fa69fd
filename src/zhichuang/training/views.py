"""The module's pages: the trainings list and each training with its sessions, enrolment, the session's
check-in QR code and its scan landing page, the roll call and completion; 我的培训 with hours per year and
certificates; the 师带徒 pairs with milestones and assessment. Views stay thin: selectors read, services write."""

import segno
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichuang.accounts.access import object_required, permission_required, worker_required
from zhichuang.accounts.scoping import has_perm, scope_for
from zhichuang.accounts.selectors import worker_get
from zhichuang.audit.exports import listing_export
from zhichuang.core.access import own_records, public
from zhichuang.core.errors import ApplicationError, NotFound
from zhichuang.core.files import private_response
from zhichuang.core.forms import parse_id
from zhichuang.core.views import CountKnown, add_service_error, paginate
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.payouts.permissions import PayoutPerm

from . import checkin, selectors, services
from .certificates import certificate_pdf
from .enums import EnrolmentState, PairState, TrainingState
from .forms import (
    AssessForm,
    EnrolWorkerForm,
    MaterialForm,
    MilestoneDoneForm,
    MilestoneForm,
    PairFilterForm,
    PairForm,
    ReasonForm,
    SessionForm,
    TrainingForm,
    VerifyForm,
)
from .listings import COMPLETIONS, TRAININGS
from .models import Milestone
from .permissions import TrainingPerm
from .rollup import completion_figures


def access_training(user, pk):
    return selectors.training_get(user=user, pk=pk)


def access_pair(user, pk):
    return selectors.pair_get(user=user, pk=pk)


def access_enrolment(user, pk):
    return selectors.enrolment_get(user=user, pk=pk)


def _fail(request, exc: ApplicationError) -> None:
    messages.error(request, str(exc.message))


# ---- trainings ------------------------------------------------------------------------------------------


@permission_required(TrainingPerm.VIEW)
def training_list(request):
    try:
        result = TRAININGS.read(request.user, request.GET)
    except NotFound:
        raise Http404 from None
    rows = result.selection and result.selection.rows
    context = {
        "form": result.form,
        "page": paginate(request, rows),
        "may_add": has_perm(request.user, TrainingPerm.MANAGE),
        "export_max": TRAININGS.row_cap,
    }
    return render(request, "training/list.html", context, status=400 if result.invalid else 200)


@permission_required(TrainingPerm.VIEW)
def training_export(request):
    return listing_export(request, TRAININGS)


@permission_required(TrainingPerm.VIEW)
def completion_list(request):
    """The hours credited (one row a completion), counted in full with their hours and workers: each figure
    of the statistics' training section opens this list with its filters, and the totals are the figure."""
    try:
        result = COMPLETIONS.read(request.user, request.GET)
    except NotFound:
        raise Http404 from None
    rows = result.selection and result.selection.rows
    totals = None
    if rows is not None:  # one node's figures from the rollup; a worker's (or a scope of several) counted here
        chosen = result.form.cleaned_data if result.form.is_bound else {}
        year, worker = chosen.get("year"), chosen.get("worker")
        totals = None if worker else completion_figures(user=request.user, year=year, **result.named)
        totals = totals or selectors.completion_totals(rows)
    context = {
        "form": result.form,
        "page": paginate(request, CountKnown(rows, totals["count"]) if rows is not None else None),
        "totals": totals,
        "named": result.named,
        "export_max": COMPLETIONS.row_cap,
    }
    return render(request, "training/completions.html", context, status=400 if result.invalid else 200)


@permission_required(TrainingPerm.VIEW)
def completion_export(request):
    return listing_export(request, COMPLETIONS)


def _organizers(user) -> list[Organization]:
    scope = scope_for(user, TrainingPerm.MANAGE)
    return list(
        Organization.objects.filter(scope.q("path"), kind__in=services.ORGANISERS)
        .order_by("path")
        .only("pk", "name")[:200]
    )


def _training_values(data: dict, teachers) -> dict:
    teacher_pk = data.pop("teacher", None)
    data["teacher"] = next((t for t in teachers if t.pk == teacher_pk), None)
    return data


@permission_required(TrainingPerm.MANAGE)
def training_new(request):
    organizers = _organizers(request.user)
    teachers = selectors.teachers_in_scope(user=request.user)
    form = TrainingForm(request.POST or None, organizers=organizers, teachers=teachers)
    if request.method == "POST" and form.is_valid():
        data = _training_values(dict(form.cleaned_data), teachers)
        organizer = next((o for o in organizers if o.pk == data.pop("organizer")), None)
        try:
            if organizer is None:
                raise NotFound()
            training = services.training_create(actor=request.user, organizer=organizer, **data)
        except NotFound:
            form.add_error("organizer", _("Choose an organisation where you organise training."))
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The training is created as a draft: add its sessions, then open it."))
            return redirect("training:detail", pk=training.pk)
    return render(request, "training/form.html", {"form": form}, status=400 if form.errors else 200)


@object_required(access_training)
def training_edit(request, training):
    if not selectors.may_manage(request.user, training):
        raise Http404
    teachers = selectors.teachers_in_scope(user=request.user)
    initial = {
        name: getattr(training, name)
        for name in ("title", "subject", "trade", "description", "capacity", "hours", "attendance_share")
    }
    initial["teacher"] = training.teacher_id
    form = TrainingForm(request.POST or None, initial=initial, teachers=teachers, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_update(
                actor=request.user, training=training, **_training_values(dict(form.cleaned_data), teachers)
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The training is saved."))
            return redirect("training:detail", pk=training.pk)
    return render(
        request, "training/form.html", {"form": form, "training": training}, status=400 if form.errors else 200
    )


@object_required(access_training)
def training_detail(request, training):
    user = request.user
    manages = selectors.may_manage(user, training)
    own = selectors.own_enrolment(training, user)
    worker = selectors.own_worker(user)
    context = {
        "training": training,
        "sessions": selectors.sessions(training),
        "materials": list(training.materials.all()),
        "manages": manages,
        "runs": selectors.may_run_check_in(user, training),
        "own": own,
        "is_worker": worker is not None,
        "waiting_position": selectors.waiting_position(own) if own and own.state == EnrolmentState.WAITING else None,
        "may_enrol": worker is not None
        and own is None
        and training.state == TrainingState.OPEN
        and services.covers(training, worker),
        "may_cancel": own is not None
        and services.before_first_session(training)
        and training.state != TrainingState.FINISHED,
        "enrolled": list(selectors.enrolments(training, state=EnrolmentState.ENROLLED)) if manages else [],
        "waiting": list(selectors.enrolments(training, state=EnrolmentState.WAITING)) if manages else [],
        "taken": training.enrolments.filter(state=EnrolmentState.ENROLLED).count(),
        "session_form": SessionForm(),
        "material_form": MaterialForm(),
        "workers": selectors.workers_in_scope(user=user) if manages and training.state == TrainingState.OPEN else [],
        "states": TrainingState,
    }
    return render(request, "training/detail.html", context)


@require_POST
@object_required(access_training)
def session_add(request, training):
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.session_add(actor=request.user, training=training, **form.cleaned_data)
            messages.success(request, _("The session is added."))
        except ApplicationError as exc:
            _fail(request, exc)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("training:detail", pk=training.pk)


@require_POST
@object_required(access_training)
def session_remove(request, training, session_pk):
    try:
        services.session_remove(actor=request.user, session=selectors.session_get(training, session_pk))
        messages.success(request, _("The session is removed."))
    except NotFound:
        raise Http404 from None
    except ApplicationError as exc:
        _fail(request, exc)
    return redirect("training:detail", pk=training.pk)


@require_POST
@object_required(access_training)
def material_add(request, training):
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(actor=request.user, training=training, upload=form.cleaned_data["file"])
            messages.success(request, _("The material is added."))
        except ApplicationError as exc:
            _fail(request, exc)
    return redirect("training:detail", pk=training.pk)


@object_required(access_training)
def material_download(request, training, material_pk):
    material = training.materials.filter(pk=parse_id(material_pk) or 0).first()
    if material is None:
        raise Http404
    return private_response(material.file, filename=material.name, as_attachment=True)


@require_POST
@object_required(access_training)
def training_move(request, training, to_state):
    if to_state not in (TrainingState.OPEN, TrainingState.CLOSED):
        raise Http404
    try:
        services.training_move(actor=request.user, training=training, to_state=to_state)
        messages.success(request, _("The training is now: %(state)s.") % {"state": TrainingState(to_state).label})
    except ApplicationError as exc:
        _fail(request, exc)
    return redirect("training:detail", pk=training.pk)


@require_POST
@object_required(access_training)
def training_enrol(request, training):
    """The worker's own enrolment, or a union's enrolment of one of its workers (worker=<id>)."""
    worker = None
    if "worker" in request.POST:
        form = EnrolWorkerForm(request.POST)
        if form.is_valid():
            try:
                worker = worker_get(user=request.user, pk=form.cleaned_data["worker"])
            except NotFound:
                worker = None
    else:
        worker = selectors.own_worker(request.user)
    if worker is None:
        raise Http404
    try:
        enrolment = services.enrol(actor=request.user, training=training, worker=worker)
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        if enrolment.state == EnrolmentState.ENROLLED:
            messages.success(request, _("%(name)s is enrolled.") % {"name": worker.name})
        else:
            messages.warning(
                request, _("The training is full: %(name)s is on the waiting list.") % {"name": worker.name}
            )
    return redirect("training:detail", pk=training.pk)


@require_POST
@object_required(access_enrolment)
def enrolment_cancel(request, enrolment):
    try:
        services.enrolment_cancel(actor=request.user, enrolment=enrolment)
        messages.success(request, _("The place is cancelled."))
    except ApplicationError as exc:
        _fail(request, exc)
    return redirect("training:detail", pk=enrolment.training_id)


def _session_for_running(request, training, session_pk):
    if not selectors.may_run_check_in(request.user, training):
        raise Http404
    try:
        return selectors.session_get(training, session_pk)
    except NotFound:
        raise Http404 from None


@object_required(access_training)
def session_check_in(request, training, session_pk):
    """The organiser's (or teacher's) screen: the session's QR code, a new one every minute (htmx)."""
    session = _session_for_running(request, training, session_pk)
    token = checkin.make_token(session.pk)
    url = request.build_absolute_uri(reverse("training:scan", args=[token]))
    context = {
        "training": training,
        "session": session,
        "qr": segno.make(url, error="m").svg_inline(scale=6, dark="#000", light="#fff"),
        "url": url,
        "rotate": checkin.ROTATE_SECONDS,
        "not_today": session.date != timezone.localdate(),
        "present": session.attendances.count(),
        "enrolled": training.enrolments.filter(state=EnrolmentState.ENROLLED).count(),
    }
    template = "training/_qr.html" if request.headers.get("HX-Request") else "training/check_in.html"
    return render(request, template, context)


@own_records
def scan(request, token):
    """Where the worker's phone lands after scanning: checked in once, or told politely why not."""
    try:
        attendance, made = services.check_in(actor=request.user, token=token)
    except services.CheckInRefused as exc:
        return render(request, "training/scan.html", {"refused": str(exc.message)}, status=400)
    context = {
        "attendance": attendance,
        "made": made,
        "session": attendance.session,
        "training": attendance.session.training,
    }
    return render(request, "training/scan.html", context)


@object_required(access_training)
def roll_call(request, training, session_pk):
    session = _session_for_running(request, training, session_pk)
    if request.method == "POST":
        present = {pk for pk in (parse_id(v) for v in request.POST.getlist("present")) if pk}
        try:
            added, removed = services.roll_call(actor=request.user, session=session, present=present)
        except ApplicationError as exc:
            _fail(request, exc)
        else:
            messages.success(
                request,
                _("Roll call saved: %(added)d marked present, %(removed)d marked absent.")
                % {"added": added, "removed": removed},
            )
            return redirect("training:roll_call", pk=training.pk, session_pk=session.pk)
    context = {"training": training, "session": session, "roll": selectors.roll(session)}
    return render(request, "training/roll_call.html", context)


@require_POST
@object_required(access_training)
def training_complete(request, training):
    try:
        completed = services.training_complete(actor=request.user, training=training)
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(
            request, _("The training is finished: %(count)d workers completed it.") % {"count": len(completed)}
        )
    return redirect("training:detail", pk=training.pk)


# ---- the worker's own -----------------------------------------------------------------------------------


@worker_required
def my_trainings(request, worker):
    context = {
        "worker": worker,
        "enrolments": selectors.my_trainings(worker=worker),
        "years": selectors.hours_by_year(worker),
        "joinable": list(selectors.joinable_trainings(worker=worker)[:20]),
        "pairs": list(selectors.pair_list(user=request.user)[:20]),
    }
    return render(request, "training/mine.html", context)


@object_required(access_enrolment)
def certificate(request, enrolment):
    if not enrolment.certificate_code:
        raise Http404
    verify_url = request.build_absolute_uri(reverse("training_verify:detail", args=[enrolment.certificate_code]))
    pdf = certificate_pdf(enrolment, verify_url=verify_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{enrolment.certificate_code}.pdf"'
    return response


# ---- 师带徒 ---------------------------------------------------------------------------------------------


@own_records
def pair_list(request):
    """The pairs the user sees (their own, or their scope's), narrowed by the filters; counted in full, so a
    figure of the statistics opens a list of its count."""
    form = PairFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    try:
        places = _pair_places(request.user, filters)
    except NotFound:
        raise Http404 from None
    rows = None
    if not form.is_bound or form.is_valid():
        rows = selectors.pair_list(
            user=request.user,
            state=filters.get("state") or "",
            started=filters.get("started"),
            assessed=filters.get("assessed"),
            **places,
        )
        rows = CountKnown(rows, rows.count())
    context = {
        "form": form,
        "page": paginate(request, rows),
        "state": filters.get("state") or "",
        "states": PairState.choices,
        "places": places,
        "started": filters.get("started"),
        "assessed": filters.get("assessed"),
        # The filters the state select keeps when it is changed (checked values only).
        "kept": [
            (name, filters[name]) for name in ("district", "enterprise", "started", "assessed") if filters.get(name)
        ],
        "may_add": has_perm(request.user, TrainingPerm.MANAGE),
    }
    return render(request, "training/pairs.html", context, status=400 if form.is_bound and form.errors else 200)


def _pair_places(user, filters) -> dict:
    return {
        name: selectors.place_get(user=user, pk=filters[name], kind=kind)
        for name, kind in (("district", OrgKind.DISTRICT), ("enterprise", OrgKind.ENTERPRISE))
        if filters.get(name)
    }


@permission_required(TrainingPerm.MANAGE)
def pair_new(request):
    masters = selectors.masters_in_scope(user=request.user)
    form = PairForm(request.POST or None, masters=masters)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        master = next((m for m in masters if m.pk == data.pop("master")), None)
        try:
            apprentice = worker_get(user=request.user, pk=data.pop("apprentice"))
            if master is None:
                raise NotFound()
            pair = services.pair_propose(actor=request.user, master=master, apprentice=apprentice, **data)
        except NotFound:
            form.add_error(None, _("Choose a master and an apprentice of your enterprises."))
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The pair is proposed: the enterprise union confirms it."))
            return redirect("training:pair", pk=pair.pk)
    context = {"form": form, "workers": selectors.workers_in_scope(user=request.user)}
    return render(request, "training/pair_form.html", context, status=400 if form.errors else 200)


@object_required(access_pair)
def pair_detail(request, pair):
    manages = has_perm(request.user, TrainingPerm.MANAGE, pair.organization)
    context = {
        "pair": pair,
        "manages": manages,
        "milestones": list(pair.milestones.all()),
        "history": list(pair.transitions.select_related("actor")),
        "milestone_form": MilestoneForm(),
        "assess_form": AssessForm(initial={"version": pair.version}),
        "reason_form": ReasonForm(initial={"version": pair.version}),
        "states": PairState,
        # The master's reward, paid here by whoever pays for the apprentice's employer.
        "may_pay": pair.reward_payout_id is not None
        and has_perm(request.user, PayoutPerm.PAY, pair.reward_payout.payer),
    }
    return render(request, "training/pair.html", context)


@require_POST
@object_required(access_pair)
def pair_decide(request, pair, decision):
    try:
        if decision == "confirm":
            services.pair_confirm(actor=request.user, pair=pair, expected_version=parse_id(request.POST.get("version")))
            messages.success(request, _("The pair is confirmed."))
        elif decision == "end":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Give a reason."))
                return redirect("training:pair", pk=pair.pk)
            services.pair_end(
                actor=request.user,
                pair=pair,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("The pair is ended."))
        elif decision == "assess":
            form = AssessForm(request.POST)
            if not form.is_valid():
                messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
                return redirect("training:pair", pk=pair.pk)
            data = form.cleaned_data
            services.pair_assess(
                actor=request.user,
                pair=pair,
                passed=data["passed"],
                assessed_on=data["assessed_on"],
                note=data["note"],
                expected_version=data["version"],
            )
            messages.success(request, _("The assessment is recorded."))
        else:
            raise Http404
    except ApplicationError as exc:
        _fail(request, exc)
    return redirect("training:pair", pk=pair.pk)


@require_POST
@object_required(access_pair)
def milestone_add(request, pair):
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_add(actor=request.user, pair=pair, **form.cleaned_data)
        except ApplicationError as exc:
            _fail(request, exc)
    return redirect("training:pair", pk=pair.pk)


@require_POST
@object_required(access_pair)
def milestone_done(request, pair, milestone_pk):
    milestone = Milestone.objects.filter(apprenticeship=pair, pk=parse_id(milestone_pk) or 0).first()
    if milestone is None:
        raise Http404
    form = MilestoneDoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_done(actor=request.user, milestone=milestone, **form.cleaned_data)
        except ApplicationError as exc:
            _fail(request, exc)
    return redirect("training:pair", pk=pair.pk)


# ---- the public verification of a certificate -----------------------------------------------------------


def _masked_name(name: str) -> str:
    """张* / 张*伟 / 欧阳**锋: enough to compare with the certificate in hand, not a full name for whoever
    holds a code (PIPL's minimum necessary)."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


@public
def verify_form(request):
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("training_verify:detail", code=form.cleaned_data["code"].strip().upper())
    return render(request, "training/verify.html", {"form": form})


@public
def verify_detail(request, code):
    try:
        found = selectors.certificate_by_code(code.strip().upper())
    except NotFound:
        return render(request, "training/verify.html", {"form": VerifyForm(), "unknown": code}, status=404)
    context = {
        "form": VerifyForm(),
        "certificate": found,
        "name": _masked_name(found.worker.name),
    }
    return render(request, "training/verify.html", context)
