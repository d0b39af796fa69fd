"""Writes of the named methods: entering a method with its inventors and their shares, its measured effects,
where it is practised and the courses that teach it; applying for recognition and every step of the
application (through the one workflow transition); inviting experts of the pool, who score with the
methods' scorecard; and each inventor's consent to the public registry.

After every step the method's own `state`, `level`, `recognised_year` and `public` follow (_follow), in the
same transaction; a recognised method's name reaches each inventor's talent profile (talent.services)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.accounts.models import Worker
from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.services import audit_record
from zhichuang.core.errors import Conflict, PermissionDenied, ValidationFailed
from zhichuang.core.files import check_file
from zhichuang.core.money import HUNDRED
from zhichuang.experts import selectors as expert_selectors
from zhichuang.experts import services as expert_services
from zhichuang.experts.matching import ReviewItem
from zhichuang.experts.models import TechnicalField
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.scoring import scorecards
from zhichuang.talent import services as talent_services
from zhichuang.talent.models import TalentProfile
from zhichuang.training.models import Training
from zhichuang.training.selectors import training_list
from zhichuang.workflow.services import transition

from .enums import OPEN_STATES, ApplicationState, EffectKind, MethodState, level_rank, next_level
from .models import (
    DESCRIPTION_MAX,
    NAME_MAX,
    STEP_MAX,
    STEPS_MAX,
    MethodAdoption,
    MethodApplication,
    MethodEffect,
    MethodInventor,
    MethodScore,
    NamedMethod,
)
from .permissions import MethodPerm
from .scorecard import CRITERIA, THRESHOLDS
from .workflow import APPLICATION_WORKFLOW, decides_here

A = ApplicationState
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
INVENTORS_MAX = 10
REVIEW_KIND = "method"
# An application in these states has its method under review: its text and inventors stay as they were sent.
UNDER_REVIEW = (A.APPLIED, A.ENDORSED, A.REVIEWING)


def _require(actor, perm, org) -> None:
    if not has_perm(actor, perm, org):
        raise PermissionDenied()


def may_manage(actor, method: NamedMethod) -> bool:
    return has_perm(actor, MethodPerm.MANAGE, method.enterprise)


def _text(errors: dict, key: str, value, limit: int, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[key] = [_("This field is required.")]
    elif len(value) > limit or "\x00" in value:
        errors[key] = [_("Give text of at most %(limit)d characters.") % {"limit": limit}]
    return value


def _clean_steps(errors: dict, steps) -> list[str]:
    clean = [str(step).strip() for step in steps or [] if str(step).strip()]
    if len(clean) > STEPS_MAX:
        errors["steps"] = [_("At most %(count)d steps.") % {"count": STEPS_MAX}]
    elif any(len(step) > STEP_MAX or "\x00" in step for step in clean):
        errors["steps"] = [_("Each step has at most %(limit)d characters.") % {"limit": STEP_MAX}]
    return clean


def _clean_inventors(errors: dict, enterprise: Organization, inventors) -> list[tuple[Worker, Decimal]]:
    """[(worker, share)]: one or more workers of the enterprise, each once, shares over 0 adding up to 100."""
    clean, seen = [], set()
    for worker, share in inventors or []:
        try:
            share = Decimal(str(share)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            errors["inventors"] = [_("Give each inventor's share as a number.")]
            return []
        if not share.is_finite() or not 0 < share <= HUNDRED:
            errors["inventors"] = [_("Each inventor's share is more than 0 and at most 100.")]
            return []
        if worker.pk in seen:
            errors["inventors"] = [_("%(name)s is named twice.") % {"name": worker.name}]
            return []
        if not worker.employer.path.startswith(enterprise.path):
            errors["inventors"] = [_("%(name)s does not work at this enterprise.") % {"name": worker.name}]
            return []
        seen.add(worker.pk)
        clean.append((worker, share))
    if not clean:
        errors["inventors"] = [_("Name at least one inventor.")]
    elif len(clean) > INVENTORS_MAX:
        errors["inventors"] = [_("At most %(count)d inventors.") % {"count": INVENTORS_MAX}]
    elif sum(share for _w, share in clean) != HUNDRED:
        errors["inventors"] = [_("The inventors' shares must add up to 100.")]
    return clean


def _clean_method(*, enterprise, name, trade, field, description, steps, inventors) -> dict:
    errors: dict = {}
    if enterprise.kind != OrgKind.ENTERPRISE:
        errors["enterprise"] = [_("A named method belongs to an enterprise.")]
    clean = {
        "name": _text(errors, "name", name, NAME_MAX, required=True),
        "trade": _text(errors, "trade", trade, 50),
        "description": _text(errors, "description", description, DESCRIPTION_MAX, required=True),
        "steps": _clean_steps(errors, steps),
    }
    if field is not None and not (isinstance(field, TechnicalField) and field.active):
        errors["field"] = [_("Choose a technical field of the city's list.")]
    clean["field"] = field
    clean["inventors"] = _clean_inventors(errors, enterprise, inventors) if "enterprise" not in errors else []
    if errors:
        raise ValidationFailed(details=errors)
    return clean


def _names(inventors) -> str:
    return "、".join(worker.name for worker, _share in inventors)[:200]


def _write_inventors(method: NamedMethod, inventors) -> None:
    kept = {row.worker_id: row.consented_at for row in method.inventors.all()}
    method.inventors.all().delete()
    MethodInventor.objects.bulk_create(
        MethodInventor(method=method, worker=worker, share=share, order=n, consented_at=kept.get(worker.pk))
        for n, (worker, share) in enumerate(inventors, start=1)
    )


@transaction.atomic
def method_create(
    *, actor, enterprise: Organization, name: str, description: str, inventors, trade: str = "", field=None, steps=()
) -> NamedMethod:
    """A named method of the enterprise, entered by its union (or one above it), with its inventors."""
    _require(actor, MethodPerm.MANAGE, enterprise)
    clean = _clean_method(
        enterprise=enterprise,
        name=name,
        trade=trade,
        field=field,
        description=description,
        steps=steps,
        inventors=inventors,
    )
    method = NamedMethod.objects.create(
        name=clean["name"],
        enterprise=enterprise,
        org_path=enterprise.path,
        district=talent_services.district_of(enterprise),
        trade=clean["trade"],
        field=clean["field"],
        description=clean["description"],
        steps=clean["steps"],
        inventor_names=_names(clean["inventors"]),
        created_by=actor,
    )
    _write_inventors(method, clean["inventors"])
    audit_record(
        action="methods.method_create",
        obj=method,
        changes={"name": method.name, "inventors": _shares(clean["inventors"])},
        actor=actor,
    )
    return method


def _shares(inventors) -> str:
    return "、".join(f"{worker.name} {share}%" for worker, share in inventors)


@transaction.atomic
def method_update(
    *, actor, method: NamedMethod, name: str, description: str, inventors, trade: str = "", field=None, steps=()
) -> NamedMethod:
    """Change a method's text or inventors; not while an application of it is under review."""
    method = NamedMethod.objects.select_for_update().select_related("enterprise").get(pk=method.pk)
    if not may_manage(actor, method):
        raise PermissionDenied()
    if method.applications.filter(state__in=UNDER_REVIEW).exists():
        raise ValidationFailed(_("The method is under review: it can be changed once the review returns it."))
    clean = _clean_method(
        enterprise=method.enterprise,
        name=name,
        trade=trade,
        field=field,
        description=description,
        steps=steps,
        inventors=inventors,
    )
    before = {"name": method.name, "inventors": _shares([(i.worker, i.share) for i in method.inventors.all()])}
    for key in ("name", "trade", "field", "description", "steps"):
        setattr(method, key, clean[key])
    method.inventor_names = _names(clean["inventors"])
    method.save(update_fields=["name", "trade", "field", "description", "steps", "inventor_names", "updated_at"])
    _write_inventors(method, clean["inventors"])
    after = {"name": method.name, "inventors": _shares(clean["inventors"])}
    audit_record(
        action="methods.method_update",
        obj=method,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        actor=actor,
    )
    _follow(method)
    return method


def _evidence(upload) -> None:
    if upload is not None:
        check_file(upload, max_bytes=EVIDENCE_MAX_BYTES)


def _amount(errors: dict, key: str, value, *, required: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            errors[key] = [_("This field is required.")]
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors[key] = [_("Enter a number.")]
        return None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        errors[key] = [_("Enter a number.")]
        return None
    return number


@transaction.atomic
def effect_add(
    *, actor, method: NamedMethod, kind: str, value, unit: str, description: str = "", evidence=None
) -> MethodEffect:
    """A measured effect of the method (efficiency, quality, safety, savings) with its evidence."""
    if not may_manage(actor, method):
        raise PermissionDenied()
    errors: dict = {}
    if kind not in EffectKind.values:
        errors["kind"] = [_("Choose what kind of effect was measured.")]
    number = _amount(errors, "value", value, required=True)
    unit = _text(errors, "unit", unit, 20, required=True)
    description = _text(errors, "description", description, 200)
    if errors:
        raise ValidationFailed(details=errors)
    _evidence(evidence)
    effect = MethodEffect(method=method, kind=kind, value=number, unit=unit, description=description)
    if evidence is not None:
        effect.evidence = evidence
        effect.evidence_name = evidence.name[:255]
    effect.save()
    audit_record(
        action="methods.effect_add",
        obj=method,
        changes={"effect": f"{effect.get_kind_display()} {number}{unit}"},
        actor=actor,
    )
    return effect


@transaction.atomic
def effect_remove(*, actor, effect: MethodEffect) -> None:
    if not may_manage(actor, effect.method):
        raise PermissionDenied()
    audit_record(
        action="methods.effect_remove",
        obj=effect.method,
        changes={"effect": f"{effect.get_kind_display()} {effect.value}{effect.unit}"},
        actor=actor,
    )
    effect.delete()


@transaction.atomic
def adoption_record(
    *,
    actor,
    method: NamedMethod,
    enterprise: Organization | None,
    since: datetime.date | None,
    benefit=None,
    benefit_unit: str = "",
    description: str = "",
    evidence=None,
) -> MethodAdoption:
    """Another enterprise practises the method: since when and the benefit it measured, with evidence.
    Recorded by whoever manages the method's enterprise (its union, district or the city)."""
    if not may_manage(actor, method):
        raise PermissionDenied()
    errors: dict = {}
    if enterprise is None or enterprise.kind != OrgKind.ENTERPRISE:
        errors["credit_code"] = [_("No enterprise has this unified social credit code.")]
    elif enterprise.pk == method.enterprise_id:
        errors["credit_code"] = [_("This is the method's own enterprise.")]
    if since is None or since > timezone.localdate():
        errors["since"] = [_("Give the date it was first practised, not in the future.")]
    number = _amount(errors, "benefit", benefit, required=False)
    benefit_unit = _text(errors, "benefit_unit", benefit_unit, 20, required=number is not None)
    description = _text(errors, "description", description, 200)
    if errors:
        raise ValidationFailed(details=errors)
    _evidence(evidence)
    adoption = MethodAdoption(
        method=method,
        enterprise=enterprise,
        since=since,
        benefit=number,
        benefit_unit=benefit_unit,
        description=description,
        created_by=actor,
    )
    if evidence is not None:
        adoption.evidence = evidence
        adoption.evidence_name = evidence.name[:255]
    try:
        with transaction.atomic():
            adoption.save()
    except IntegrityError:
        raise ValidationFailed(details={"credit_code": [_("This enterprise is recorded already.")]}) from None
    audit_record(
        action="methods.adoption_record",
        obj=method,
        changes={"enterprise": enterprise.name, "since": since.isoformat()},
        actor=actor,
    )
    return adoption


@transaction.atomic
def courses_set(*, actor, method: NamedMethod, trainings) -> list[Training]:
    """The courses that teach the method: trainings the actor may see."""
    if not may_manage(actor, method):
        raise PermissionDenied()
    chosen = list(trainings)
    visible = set(training_list(user=actor).filter(pk__in=[t.pk for t in chosen]).values_list("pk", flat=True))
    if any(t.pk not in visible for t in chosen):
        raise ValidationFailed(details={"courses": [_("Choose trainings you can see.")]})
    before = sorted(method.courses.values_list("title", flat=True))
    method.courses.set(chosen)
    audit_record(
        action="methods.courses_set",
        obj=method,
        changes={"courses": [before, sorted(t.title for t in chosen)]},
        actor=actor,
    )
    return chosen


# ---- recognition --------------------------------------------------------------------------------------


def _follow(method: NamedMethod) -> None:
    """The method's state, level, year and public listing from its applications and consents."""
    method = NamedMethod.objects.get(pk=method.pk)
    latest = method.applications.exclude(state=A.DRAFT).order_by("-id").first()
    recognised = list(method.applications.filter(state=A.RECOGNISED).order_by("id"))
    top = max(recognised, key=lambda a: level_rank(a.level), default=None)
    state = latest.state if latest else MethodState.ENTERED
    level = top.level if top else ""
    year = timezone.localtime(top.decided_at).year if top and top.decided_at else None
    consented = not method.inventors.filter(consented_at__isnull=True).exists()
    public = bool(level) and consented and method.inventors.exists()
    changed = {
        k: v
        for k, v in {"state": state, "level": level, "recognised_year": year, "public": public}.items()
        if getattr(method, k) != v
    }
    if changed:
        for key, value in changed.items():
            setattr(method, key, value)
        method.save(update_fields=[*changed, "updated_at"])
    if "level" in changed:
        for inventor in method.inventors.select_related("worker"):
            _profile_methods(inventor.worker)


def _profile_methods(worker: Worker) -> None:
    """The names of the worker's recognised methods on their talent profile (its search; its public page
    where the person made their methods public)."""
    names = NamedMethod.objects.filter(inventors__worker=worker).exclude(level="").order_by("id")
    talent_services.profile_methods_set(worker=worker, names=list(names.values_list("name", flat=True)))


def _unique(level_text: str):
    return ValidationFailed(_("An application of this method is open already (%(level)s).") % {"level": level_text})


@transaction.atomic
def application_apply(*, actor, method: NamedMethod, reason: str = "") -> MethodApplication:
    """Apply for the method's recognition at the next level above the one it holds: the enterprise union on
    its inventors' behalf, or an inventor."""
    method = NamedMethod.objects.select_for_update().select_related("enterprise").get(pk=method.pk)
    level = next_level(method.level)
    if not level:
        raise ValidationFailed(_("The method is recognised at the highest level already."))
    if not method.inventors.exists():
        raise ValidationFailed(_("Name at least one inventor."))
    opened = method.applications.filter(state__in=OPEN_STATES).first()
    if opened:
        raise _unique(opened.get_level_display())
    try:
        with transaction.atomic():
            application = MethodApplication.objects.create(
                method=method,
                level=level,
                enterprise=method.enterprise,
                district=method.district,
                org_path=method.org_path,
                applied_by=actor,
            )
    except IntegrityError:
        raise Conflict(_("Someone else applied for this method meanwhile. Reload it.")) from None
    moved = transition(APPLICATION_WORKFLOW, actor=actor, row=application, to_state=A.APPLIED, reason=reason)
    _follow(method)
    return moved.row


def application_move(
    *, actor, application: MethodApplication, to_state: str, reason: str = "", expected_version: int | None = None
) -> MethodApplication:
    """Take one step of the application (endorse, pass the district's review, return, reject, recognise or
    not, resubmit): the workflow decides who may and what each needs."""
    with transaction.atomic():
        moved = transition(
            APPLICATION_WORKFLOW,
            actor=actor,
            row=application,
            to_state=to_state,
            reason=reason,
            expected_version=expected_version,
        )
        _follow(moved.row.method)
    return moved.row


# ---- experts of the pool ------------------------------------------------------------------------------


def review_item(application: MethodApplication) -> ReviewItem:
    """The application as expert matching sees it: the method's text, trade and field, its enterprise
    (credit code and path) and its inventors (workers and their talent profiles)."""
    method = application.method
    enterprise = method.enterprise
    worker_ids = tuple(method.inventors.values_list("worker_id", flat=True))
    text = " ".join(part for part in (method.trade, method.description, *method.steps) if part)
    return ReviewItem(
        kind=REVIEW_KIND,
        title=method.name,
        text=text,
        industry=enterprise.industry,
        fields=(method.field_id,) if method.field_id else (),
        credit_codes=tuple(code for code in (enterprise.credit_code,) if code),
        org_paths=(enterprise.path,),
        worker_ids=worker_ids,
        profile_ids=tuple(TalentProfile.objects.filter(worker_id__in=worker_ids).values_list("pk", flat=True)),
        item_id=application.pk,
    )


def may_organise_review(actor, application: MethodApplication) -> bool:
    """The deciding organisation's own administrators invite the experts (workflow.decides_here)."""
    return decides_here(actor, application)


def experts_invite(*, actor, application: MethodApplication, experts, due_on=None):
    """Invite experts of the pool to score an application under expert review: by the deciding organisation."""
    if not may_organise_review(actor, application):
        raise PermissionDenied()
    if application.state != A.REVIEWING:
        raise ValidationFailed(_("Only an application under expert review can be scored."))
    return expert_services.review_invite(
        actor=actor,
        item=review_item(application),
        experts=experts,
        due_on=due_on,
        url=reverse("methods:review", args=[application.pk]),
    )


@transaction.atomic
def score_record(*, actor, application: MethodApplication, scores: dict, comment: str = "") -> MethodScore:
    """An invited expert's scores with the methods' scorecard (or revised ones); the application's score is
    the mean of its experts' weighted totals (zhichuang.scoring), and the expert's review is done."""
    if not expert_selectors.reviews_item(user=actor, kind=REVIEW_KIND, item_id=application.pk):
        raise PermissionDenied()
    application = MethodApplication.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if application.state != A.REVIEWING:
        raise ValidationFailed(_("Only an application under expert review can be scored."))
    if application.method.inventors.filter(worker__user_id=actor.pk).exists():
        raise PermissionDenied(_("You cannot score a method you are an inventor of."))
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise ValidationFailed(details={"comment": [_("Give text of at most %(limit)d characters.") % {"limit": 2000}]})
    clean, total = scorecards.weighted_total(CRITERIA, scores)
    score, created = MethodScore.objects.update_or_create(
        application=application,
        evaluator=actor,
        defaults={"criteria": CRITERIA, "scores": clean, "total": total, "comment": comment},
    )
    mean = scorecards.aggregate(list(application.scores.values_list("total", flat=True)), THRESHOLDS)
    MethodApplication.objects.filter(pk=application.pk).update(score=mean.score)
    audit_record(
        action="methods.score",
        obj=application,
        changes={"scores": clean, "total": total, "revised": not created},
        actor=actor,
    )
    expert_services.review_done(actor=actor, kind=REVIEW_KIND, item_id=application.pk)
    return score


# ---- consent ------------------------------------------------------------------------------------------


@transaction.atomic
def consent_set(*, actor, method: NamedMethod, consent: bool) -> MethodInventor:
    """The inventor's own choice (PIPL): may the method, with their name, be listed in the public registry
    once recognised? Only the inventor gives or withdraws it; the method is listed when every inventor has."""
    inventor = (
        MethodInventor.objects.select_for_update().filter(method=method, worker__user_id=actor.pk).first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if inventor is None:
        raise PermissionDenied()
    was = inventor.consented_at is not None
    inventor.consented_at = timezone.now() if consent else None
    inventor.save(update_fields=["consented_at"])
    audit_record(action="methods.consent", obj=method, changes={"consent": [was, consent]}, actor=actor)
    _follow(method)
    return inventor
