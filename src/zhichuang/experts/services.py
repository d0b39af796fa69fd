"""Writes of the expert pool: applications and invitations, the city's decisions through the membership
workflow (workflow.EXPERT_WORKFLOW), an expert's fields and conflicts, and review assignments.

Whoever owns the reviewed item authorises an invitation (proposals: who manages the proposal's
enterprise); review_invite checks the rest: the expert must be a suggestion of matching for that item, not
an excluded one, and reachable on the platform.
"""

import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from zhichuang.accounts.models import RoleAssignment
from zhichuang.accounts.roles import Role
from zhichuang.accounts.scoping import has_perm
from zhichuang.accounts.services import role_grant, role_revoke
from zhichuang.audit.services import audit_record
from zhichuang.core.errors import Conflict, PermissionDenied, ValidationFailed
from zhichuang.core.validators import validate_credit_code
from zhichuang.notifications.services import notify
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.industries import industry_name, is_valid_division
from zhichuang.orgs.models import Organization
from zhichuang.orgs.selectors import city
from zhichuang.talent import services as talent_services
from zhichuang.talent.models import TalentProfile
from zhichuang.workflow.services import transition

from . import matching
from .enums import DEFAULT_YEARLY_LIMIT, OPEN_REVIEW_STATES, TERM_YEARS, ExpertState, ExpertTitle, ReviewState
from .models import Expert, ExpertConflict, ExpertTag, ReviewAssignment, TechnicalField, field_tag, industry_tag
from .permissions import ExpertPerm
from .workflow import EXPERT_WORKFLOW, REVIEW_WORKFLOW, is_the_expert

YEARLY_LIMIT_MAX = 500
EXPERTISE_MAX = 300
NOTE_MAX = 100

E = ExpertState


def term_after(start: datetime.date, years: int = TERM_YEARS) -> datetime.date:
    """The last day of a term of `years` starting on start (29 February → 28 February)."""
    try:
        end = start.replace(year=start.year + years)
    except ValueError:
        end = start.replace(year=start.year + years, day=28)
    return end - datetime.timedelta(days=1)


def _clean(fields: dict) -> dict:
    """The expert's own fields, checked; unknown names refused."""
    allowed = {"title", "fields", "industries", "expertise", "employer_credit_code", "district", "busy_until"}
    allowed |= {"yearly_limit"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailed(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    clean, errors = {}, {}
    if "title" in fields:
        if (fields["title"] or "") not in ExpertTitle.values:
            errors["title"] = [_("Choose a title of the list.")]
        clean["title"] = fields["title"] or ""
    if "fields" in fields:
        ids = sorted({int(getattr(f, "pk", f)) for f in fields["fields"] or ()})
        found = list(TechnicalField.objects.filter(pk__in=ids, active=True))
        if len(found) != len(ids):
            errors["fields"] = [_("Choose technical fields of the city's list.")]
        clean["fields"] = found
    if "industries" in fields:
        codes = sorted({str(code).strip() for code in fields["industries"] or () if str(code).strip()})
        if any(not is_valid_division(code) for code in codes):
            errors["industries"] = [_("Choose industries of GB/T 4754.")]
        clean["industries"] = codes
    if "expertise" in fields:
        text = str(fields["expertise"] or "").strip()
        if len(text) > EXPERTISE_MAX or "\x00" in text:
            errors["expertise"] = [_("Give text of at most %(limit)d characters.") % {"limit": EXPERTISE_MAX}]
        clean["expertise"] = text
    if "employer_credit_code" in fields:
        code = str(fields["employer_credit_code"] or "").strip()
        if code:
            try:
                code = validate_credit_code(code)
            except DjangoValidationError as exc:
                errors["employer_credit_code"] = list(exc.messages)
        clean["employer_credit_code"] = code
    if "district" in fields:
        district = fields["district"]
        if district is not None and getattr(district, "kind", None) != OrgKind.DISTRICT:
            errors["district"] = [_("Choose a district.")]
        clean["district"] = district
    if "busy_until" in fields:
        clean["busy_until"] = fields["busy_until"] or None
    if "yearly_limit" in fields:
        limit = fields["yearly_limit"]
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= YEARLY_LIMIT_MAX:
            errors["yearly_limit"] = [_("Give a number from 1 to %(max)d.") % {"max": YEARLY_LIMIT_MAX}]
        clean["yearly_limit"] = limit
    if errors:
        raise ValidationFailed(details=errors)
    return clean


def technical_fields_restore() -> None:
    """The city's technical fields as migration 0002 seeds them, added where missing: after a database was
    emptied (the demo's reset, a transactional test), the list starts again from the same fields."""
    from importlib import import_module

    from django.apps import apps

    import_module("zhichuang.experts.migrations.0002_technical_fields").seed(apps, None)


def _match_text(expert: Expert, fields) -> str:
    words = [f.name for f in fields]
    words += [industry_name(code) for code in expert.industries]
    words += [expert.expertise, expert.profile.expertise]
    return " ".join(word for word in words if word)


def _apply_fields(expert: Expert, clean: dict) -> list[str]:
    """Set the checked fields on the expert (saved by the caller) and rewrite its tags; the changed names."""
    fields = clean.pop("fields", None)
    for name, value in clean.items():
        setattr(expert, name, value)
    if "district" in clean:
        expert.org_path = expert.district.path if expert.district else city().path
    changed = list(clean)
    if fields is not None:
        expert.fields.set(fields)
        changed.append("fields")
    else:
        fields = list(expert.fields.all())
    expert.match_text = _match_text(expert, fields)
    ExpertTag.objects.filter(expert=expert).delete()
    ExpertTag.objects.bulk_create(
        [ExpertTag(expert=expert, tag=field_tag(f.pk)) for f in fields]
        + [ExpertTag(expert=expert, tag=industry_tag(code)) for code in expert.industries]
    )
    return changed


def _profile_for(actor, *, profile, worker, name, organization) -> TalentProfile:
    """The person's talent profile: the one given, the worker's, or a new one (talent.services.profile_create)."""
    if profile is not None:
        return profile
    if worker is not None:
        found = TalentProfile.objects.filter(worker=worker).first()
        if found is not None:
            return found
        return talent_services.profile_create(actor=actor, worker=worker)
    return talent_services.profile_create(actor=actor, name=name, organization=organization)


def _create(actor, profile: TalentProfile, state: str, fields: dict) -> Expert:
    if Expert.objects.filter(profile=profile).exists():
        raise Conflict(_("This person is in the expert pool already, or their application is open."))
    fields = {"district": profile.district, **fields}
    if "employer_credit_code" not in fields and profile.organization_id:
        fields["employer_credit_code"] = profile.organization.credit_code or ""
    clean = _clean(fields)
    chosen = clean.pop("fields", [])
    expert = Expert(
        profile=profile,
        user_id=profile.worker.user_id if profile.worker_id else None,
        state=state,
        created_by=actor,
        **{"yearly_limit": DEFAULT_YEARLY_LIMIT, **clean},
    )
    expert.org_path = expert.district.path if expert.district else city().path
    try:
        with transaction.atomic():
            expert.save()
    except IntegrityError:
        raise Conflict(_("This person is in the expert pool already, or their application is open.")) from None
    _apply_fields(expert, {"fields": chosen})
    Expert.objects.filter(pk=expert.pk).update(match_text=expert.match_text)
    return expert


def may_nominate(actor, profile: TalentProfile) -> bool:
    """The person themselves (a worker with an account), or a union that nominates at the person's
    organisation (an enterprise's or district's union; the city for everyone)."""
    if profile.worker_id and profile.worker.user_id == getattr(actor, "pk", None):
        return True
    where = profile.organization if profile.worker_id else city()
    return has_perm(actor, ExpertPerm.NOMINATE, where)


@transaction.atomic
def expert_apply(
    *,
    actor,
    profile: TalentProfile | None = None,
    worker=None,
    name: str = "",
    organization: Organization | None = None,
    **fields,
) -> Expert:
    """An application to the pool, by the person or entered by their union; the city decides."""
    if profile is None and worker is not None and worker.user_id == getattr(actor, "pk", None):
        profile = TalentProfile.objects.filter(worker=worker).first()
        if profile is None:
            raise ValidationFailed(
                _("Your talent profile is kept by your enterprise's union: ask it to apply for you.")
            )
    if profile is not None and not may_nominate(actor, profile):
        raise PermissionDenied()
    if profile is None and not has_perm(actor, ExpertPerm.NOMINATE, worker.employer if worker else city()):
        raise PermissionDenied()
    profile = _profile_for(actor, profile=profile, worker=worker, name=name, organization=organization)
    expert = _create(actor, profile, E.APPLIED, fields)
    audit_record(action="experts.expert_apply", obj=expert, changes={"name": profile.name}, actor=actor)
    return expert


@transaction.atomic
def expert_invite(
    *,
    actor,
    profile: TalentProfile | None = None,
    worker=None,
    name: str = "",
    organization: Organization | None = None,
    **fields,
) -> Expert:
    """The city's invitation; the person (or the city on their word) accepts or declines it."""
    if not has_perm(actor, ExpertPerm.MANAGE, city()):
        raise PermissionDenied()
    profile = _profile_for(actor, profile=profile, worker=worker, name=name, organization=organization)
    expert = _create(actor, profile, E.INVITED, fields)
    audit_record(action="experts.expert_invite", obj=expert, changes={"name": profile.name}, actor=actor)
    if expert.user_id:
        transaction.on_commit(
            partial(
                _tell,
                [expert.user_id],
                kind="experts.invited",
                words=gettext_lazy("The city invites you to its expert pool."),
                target=expert,
            ),
            robust=True,
        )
    return expert


def _tell(recipients, *, kind: str, words: str, target, url: str | None = None) -> None:
    with override(settings.LANGUAGE_CODE):
        notify(recipients, kind=kind, message=str(words), target=target, url=url)


def _hold_role(expert: Expert, hold: bool) -> None:
    """The expert's account holds Role.EXPERT at the city while the membership is active: a role with no
    permission of its own, which the menu and 待办 read without a query (the grants come with the user).
    The system grants it on the city's decision (role_grant writes its audit row); it opens no record:
    an expert opens only the items of their own review assignments."""
    if not expert.user_id:
        return
    the_city = city()
    held = RoleAssignment.objects.filter(user_id=expert.user_id, role=Role.EXPERT, organization=the_city).first()
    if hold and held is None:
        role_grant(actor=None, user=expert.user, role=Role.EXPERT, organization=the_city)
    elif not hold and held is not None:
        role_revoke(actor=None, assignment=held)


def _term(start, end) -> dict:
    start = start or timezone.localdate()
    end = end or term_after(start)
    if end <= start:
        raise ValidationFailed(details={"term_end": [_("The term must end after it starts.")]})
    return {"term_start": start, "term_end": end}


def expert_admit(
    *, actor, expert: Expert, term_start=None, term_end=None, reason: str = "", expected_version=None
) -> Expert:
    """The city approves an application, or the invited person (or the city) accepts the invitation: the
    expert's term begins (three years unless the city gives it: the person accepting cannot) and the
    profile becomes an expert's."""
    if not has_perm(actor, ExpertPerm.MANAGE, city()):
        term_start = term_end = None
    with transaction.atomic():
        moved = transition(
            EXPERT_WORKFLOW,
            actor=actor,
            row=expert,
            to_state=E.ACTIVE,
            reason=reason,
            expected_version=expected_version,
            updates=_term(term_start, term_end) if expert.state in (E.APPLIED, E.INVITED) else {},
        )
        talent_services.profile_set_expert(profile=moved.row.profile, expert=True)
        _hold_role(moved.row, True)
    return moved.row


def expert_decline(*, actor, expert: Expert, reason: str = "", expected_version=None) -> Expert:
    return transition(
        EXPERT_WORKFLOW, actor=actor, row=expert, to_state=E.DECLINED, reason=reason, expected_version=expected_version
    ).row


def expert_renew(*, actor, expert: Expert, term_end=None, reason: str = "", expected_version=None) -> Expert:
    """Another term: from the day after the current one ends (three years unless given)."""
    if expert.state != E.ACTIVE:
        raise ValidationFailed(_("Only an expert in the pool can be renewed."))
    start = (expert.term_end + datetime.timedelta(days=1)) if expert.term_end else timezone.localdate()
    end = term_end or term_after(start)
    if end <= (expert.term_end or start):
        raise ValidationFailed(details={"term_end": [_("The new term must end after the current one.")]})
    return transition(
        EXPERT_WORKFLOW,
        actor=actor,
        row=expert,
        to_state=E.ACTIVE,
        reason=reason,
        expected_version=expected_version,
        updates={"term_end": end},
        audit={"term_end": [str(expert.term_end or ""), str(end)]},
    ).row


def expert_suspend(*, actor, expert: Expert, reason: str, expected_version=None) -> Expert:
    with transaction.atomic():
        moved = transition(
            EXPERT_WORKFLOW,
            actor=actor,
            row=expert,
            to_state=E.SUSPENDED,
            reason=reason,
            expected_version=expected_version,
        )
        talent_services.profile_set_expert(profile=moved.row.profile, expert=False)
        _hold_role(moved.row, False)
    return moved.row


def expert_reinstate(*, actor, expert: Expert, reason: str, expected_version=None) -> Expert:
    with transaction.atomic():
        moved = transition(
            EXPERT_WORKFLOW,
            actor=actor,
            row=expert,
            to_state=E.ACTIVE,
            reason=reason,
            expected_version=expected_version,
        )
        talent_services.profile_set_expert(profile=moved.row.profile, expert=True)
        _hold_role(moved.row, True)
    return moved.row


# What the expert may change themselves; the rest (title, employer, district, yearly limit) decides what
# matching excludes or how much they review, and is the city's.
OWN_FIELDS = frozenset({"fields", "industries", "expertise", "busy_until"})


def manages(actor) -> bool:
    return has_perm(actor, ExpertPerm.MANAGE, city())


def may_edit(actor, expert: Expert) -> bool:
    return manages(actor) or (expert.state in (E.APPLIED, E.INVITED, E.ACTIVE) and is_the_expert(actor, expert))


@transaction.atomic
def expert_update(*, actor, expert: Expert, **fields) -> Expert:
    """The expert's fields, by the city, or by the expert themselves (OWN_FIELDS only)."""
    if not may_edit(actor, expert) or (not manages(actor) and set(fields) - OWN_FIELDS):
        raise PermissionDenied()
    expert = Expert.objects.select_for_update().select_related("profile").get(pk=expert.pk)
    old = {name: getattr(expert, name) for name in fields if name != "fields"}
    changed = _apply_fields(expert, _clean(fields))
    expert.save(update_fields=[name for name in changed if name != "fields"] + ["match_text", "org_path"])
    audit_record(
        action="experts.expert_update",
        obj=expert,
        changes={name: [str(old.get(name, "")), str(getattr(expert, name, ""))] for name in changed if name in old},
        actor=actor,
    )
    return expert


@transaction.atomic
def expert_link_account(*, actor, expert: Expert, user) -> Expert:
    """The account through which a person outside the enterprises (no worker account) takes their reviews:
    an account the city made for them. A worker's expert acts through the worker's own account."""
    if not has_perm(actor, ExpertPerm.MANAGE, city()):
        raise PermissionDenied()
    if expert.profile.worker_id:
        raise ValidationFailed(_("A worker's expert acts through the worker's own account."))
    if user is not None and hasattr(user, "worker"):
        raise ValidationFailed(_("This account is a worker's: it cannot act for another person."))
    old = expert.user.username if expert.user_id else ""
    _hold_role(expert, False)
    Expert.objects.filter(pk=expert.pk).update(user=user)
    expert.user = user
    if expert.state == E.ACTIVE:
        _hold_role(expert, True)
    audit_record(
        action="experts.expert_link_account",
        obj=expert,
        changes={"user": [old, user.username if user else ""]},
        actor=actor,
    )
    return expert


@transaction.atomic
def conflict_declare(
    *, actor, expert: Expert, credit_code: str = "", person: TalentProfile | None = None, note: str = ""
) -> ExpertConflict:
    """A conflict of interest the expert declares (or the city enters for them)."""
    if not may_edit(actor, expert):
        raise PermissionDenied()
    code = (credit_code or "").strip()
    errors = {}
    if code:
        try:
            code = validate_credit_code(code)
        except DjangoValidationError as exc:
            errors["credit_code"] = list(exc.messages)
    if not code and person is None:
        errors["credit_code"] = [_("Name an organisation by its credit code, or a person.")]
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = [_("Give text of at most %(limit)d characters.") % {"limit": NOTE_MAX}]
    if errors:
        raise ValidationFailed(details=errors)
    conflict = ExpertConflict.objects.create(expert=expert, credit_code=code, person=person, note=note)
    audit_record(
        action="experts.conflict_declare",
        obj=expert,
        changes={"conflict": note or code or (person.name if person else "")},
        actor=actor,
    )
    return conflict


@transaction.atomic
def conflict_remove(*, actor, conflict: ExpertConflict) -> None:
    """The city only: an expert cannot take back a conflict they declared."""
    if not manages(actor):
        raise PermissionDenied()
    audit_record(
        action="experts.conflict_remove",
        obj=conflict.expert,
        changes={"conflict": conflict.note or conflict.credit_code},
        actor=actor,
    )
    conflict.delete()


# ---- reviews ---------------------------------------------------------------------------------------------


def review_invite(
    *, actor, item: matching.ReviewItem, experts, url: str, due_on: datetime.date | None = None
) -> list[ReviewAssignment]:
    """Ask each expert to review the item (url: the page where they score it). The caller has authorised
    the actor for the item. An expert
    matching leaves out (or does not suggest), or one without an account on the platform, is refused."""
    if item.item_id is None:
        raise ValidationFailed(_("Say which record is to be reviewed."))
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationFailed(details={"due_on": [_("The review cannot be due in the past.")]})
    chosen = list(experts)
    if not chosen:
        raise ValidationFailed(details={"experts": [_("Choose at least one expert.")]})
    found = matching.match(item, limit=matching.CANDIDATES)
    suggested = {s.expert.pk for s in found.suggestions}
    reasons = {x.expert.pk: x.reason for x in found.excluded}
    errors = []
    for expert in chosen:
        if expert.pk in reasons:
            errors.append(f"{expert.profile.name}：{reasons[expert.pk]}")
        elif expert.pk not in suggested:
            errors.append(_("%(name)s: not among the experts suggested for this item.") % {"name": expert.profile.name})
        elif not expert.user_id:
            errors.append(
                _("%(name)s: has no account on the platform; invite them in writing.") % {"name": expert.profile.name}
            )
    if errors:
        raise ValidationFailed("；".join(errors), details={"experts": errors})
    year = item.year or timezone.localdate().year
    made = []
    with transaction.atomic():
        for expert in chosen:
            try:
                with transaction.atomic():
                    assignment = ReviewAssignment.objects.create(
                        expert=expert,
                        kind=item.kind,
                        item_id=item.item_id,
                        title=item.title[:200],
                        url=url,
                        org_path=item.org_paths[0] if item.org_paths else city().path,
                        year=year,
                        due_on=due_on,
                        invited_by=actor,
                    )
            except IntegrityError:
                raise Conflict(
                    _("%(name)s is invited to this review already.") % {"name": expert.profile.name}
                ) from None
            audit_record(
                action="experts.review_invite",
                obj=assignment,
                changes={"expert": expert.profile.name, "title": assignment.title},
                actor=actor,
            )
            made.append(assignment)
        transaction.on_commit(
            partial(
                _tell,
                [a.expert.user_id for a in made],
                kind="experts.review_invited",
                words=gettext_lazy("You are invited to review an item: see your reviews."),
                target=made[0] if len(made) == 1 else None,
                url=reverse("experts:mine"),
            ),
            robust=True,
        )
    return made


def review_accept(*, actor, assignment: ReviewAssignment, expected_version=None) -> ReviewAssignment:
    return transition(
        REVIEW_WORKFLOW, actor=actor, row=assignment, to_state=ReviewState.ACCEPTED, expected_version=expected_version
    ).row


def review_decline(*, actor, assignment: ReviewAssignment, reason: str = "", expected_version=None) -> ReviewAssignment:
    return transition(
        REVIEW_WORKFLOW,
        actor=actor,
        row=assignment,
        to_state=ReviewState.DECLINED,
        reason=reason,
        expected_version=expected_version,
    ).row


def review_done(*, actor, kind: str, item_id: int) -> ReviewAssignment | None:
    """The actor's open review of the item is done (they scored it); None when they had none. Called by the
    module that recorded the scores, in its transaction."""
    assignment = (
        ReviewAssignment.objects.filter(
            kind=kind, item_id=item_id, expert__user_id=actor.pk, state__in=OPEN_REVIEW_STATES
        )
        .select_related("expert")
        .first()
    )
    if assignment is None:
        return None
    return transition(REVIEW_WORKFLOW, actor=actor, row=assignment, to_state=ReviewState.DONE).row
