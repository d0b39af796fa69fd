"""Writes of the talent pool: profiles and consent, honours through their workflow, the skill-level ledger,
and the categories that follow from them (profile_refresh). Each write is one transaction with its audit
row; bad input is refused before anything is written."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.accounts.enums import SkillLevel, skill_rank
from zhichuang.accounts.models import Worker
from zhichuang.accounts.scoping import has_perm
from zhichuang.accounts.services import worker_update
from zhichuang.audit.services import audit_record, diff
from zhichuang.core.errors import Conflict, PermissionDenied, ValidationFailed
from zhichuang.core.files import check_file
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization, ancestor_at
from zhichuang.orgs.selectors import city
from zhichuang.workflow.services import transition

from .enums import CITY_CONFIRMS, ConsentPart, HonourCategory, HonourState, SkillEntryState, TalentCategory
from .models import BIOGRAPHY_MAX, Honour, HonourType, ProfileCategory, SkillLevelEntry, TalentProfile
from .permissions import TalentPerm
from .selectors import latest_skill_entry
from .workflow import HONOUR_WORKFLOW

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_BYTES = 5 * 1024 * 1024
DISTRICT_DEPTH = 2
EDITABLE = ("position", "enterprise_head", "professional_title", "expertise", "biography", "industry")
FIELD_LIMITS = {"position": 50, "expertise": 300, "biography": BIOGRAPHY_MAX, "industry": 2}
HONOUR_CATEGORY = {
    HonourCategory.MODEL_WORKER: TalentCategory.MODEL_WORKER,
    HonourCategory.CRAFTSMAN: TalentCategory.CRAFTSMAN,
    HonourCategory.TECHNICAL_EXPERT: TalentCategory.TECHNICAL_EXPERT,
}
HIGH_SKILLED_FROM = skill_rank(SkillLevel.LEVEL_3)  # 高级工 and above (高技能人才)


def _require(actor, perm, org) -> None:
    if not has_perm(actor, perm, org):
        raise PermissionDenied()


def district_of(org: Organization) -> Organization | None:
    if org.depth < DISTRICT_DEPTH:
        return None
    return Organization.objects.filter(path=ancestor_at(org.path, DISTRICT_DEPTH)).first()


def _check_fields(fields: dict) -> dict:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationFailed(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    cleaned, errors = {}, {}
    for name, value in fields.items():
        if name == "enterprise_head":
            cleaned[name] = bool(value)
            continue
        text = str(value or "").strip()
        limit = FIELD_LIMITS.get(name)
        if limit and len(text) > limit:
            errors[name] = [_("Give text of at most %(limit)d characters.") % {"limit": limit}]
        cleaned[name] = text
    if errors:
        raise ValidationFailed(details=errors)
    return cleaned


# ---- profiles ---------------------------------------------------------------------------------------


@transaction.atomic
def profile_create(
    *, actor, worker: Worker | None = None, name: str = "", organization: Organization | None = None, **fields
) -> TalentProfile:
    """A worker's profile, by whoever manages talent at the worker's enterprise (or above); or an external
    person's (a partner organisation's, or independent), by the city."""
    fields = _check_fields(fields)
    if worker is not None:
        employer = worker.employer
        _require(actor, TalentPerm.MANAGE, employer)
        if TalentProfile.objects.filter(worker=worker).exists():
            raise Conflict(_("This worker already has a talent profile."))
        place = {
            "name": worker.name,
            "organization": employer,
            "org_path": employer.path,
            "district": district_of(employer),
            "industry": fields.pop("industry", "") or employer.industry,
            "professional_title": fields.pop("professional_title", "") or worker.professional_title,
        }
    else:
        the_city = city()
        _require(actor, TalentPerm.MANAGE, the_city)
        name = (name or "").strip()
        if not name or len(name) > 50:
            raise ValidationFailed(details={"name": [_("Give a name of at most 50 characters.")]})
        if organization is not None and organization.kind != OrgKind.PARTNER:
            raise ValidationFailed(details={"organization": [_("Choose a partner organisation.")]})
        place = {"name": name, "organization": organization, "org_path": the_city.path, "district": None}
    profile = TalentProfile.objects.create(worker=worker, created_by=actor, **place, **fields)
    audit_record(action="talent.profile_create", obj=profile, changes={"name": profile.name})
    profile_refresh(profile)
    return profile


def may_manage(actor, profile: TalentProfile) -> bool:
    """May the actor edit the profile and enter its honours and skill levels: its enterprise's union (or
    above); the city for a person outside the enterprises."""
    place = profile.organization if profile.worker_id else city()
    return has_perm(actor, TalentPerm.MANAGE, place)


@transaction.atomic
def profile_update(*, actor, profile: TalentProfile, photo=None, **fields) -> TalentProfile:
    """The union's fields of a profile; the person may edit their own biography, expertise and photo."""
    fields = _check_fields(fields)
    own = profile.worker_id is not None and profile.worker.user_id == getattr(actor, "pk", None)
    if not may_manage(actor, profile) and (not own or set(fields) - {"biography", "expertise"}):
        raise PermissionDenied()
    if photo is not None:
        kind = check_file(photo, max_bytes=PHOTO_MAX_BYTES)
        if not kind.is_image:
            raise ValidationFailed(details={"photo": [_("Choose a photo (JPEG, PNG or WebP).")]})
    locked = TalentProfile.objects.select_for_update().get(pk=profile.pk)
    before = {name: getattr(locked, name) for name in fields}
    for name, value in fields.items():
        setattr(locked, name, value)
    changes = diff(locked, list(fields), before)
    if photo is not None:
        locked.photo.save(photo.name, photo, save=False)
        changes["photo"] = [None, _("new photo")]
    if changes:
        locked.save()
        audit_record(action="talent.profile_update", obj=locked, changes=changes)
    return locked


def may_consent(actor, profile: TalentProfile) -> bool:
    """The person chooses; for a person without an account (an external expert) the city records the
    consent they gave it."""
    own = profile.worker_id is not None and profile.worker.user_id == getattr(actor, "pk", None)
    return own or (profile.worker_id is None and has_perm(actor, TalentPerm.MANAGE, city()))


@transaction.atomic
def consent_save(*, actor, profile: TalentProfile, parts) -> TalentProfile:
    """What the public talent pages may show: the person's own choice, or for a person without an account
    (an external expert), the consent they gave the city, recorded by the city."""
    parts = set(parts)
    unknown = parts - set(ConsentPart.values)
    if unknown:
        raise ValidationFailed(_("Unknown consent choices."))
    if not may_consent(actor, profile):
        raise PermissionDenied()
    locked = TalentProfile.objects.select_for_update().get(pk=profile.pk)
    names = list(ConsentPart.values)
    before = {name: getattr(locked, name) for name in names}
    for name in names:
        # Nothing is public unless the person is listed at all.
        setattr(locked, name, name in parts and ConsentPart.LISTED in parts)
    changes = diff(locked, names, before)
    if changes:
        locked.consent_changed_at = timezone.now()
        locked.save()
        audit_record(action="talent.consent", obj=locked, changes=changes)
    return locked


def profile_set_expert(*, profile: TalentProfile, expert: bool) -> None:
    """The expert pool's say (its member is active or not): the profile's categories follow."""
    profile_refresh(profile, expert=expert)


def profile_methods_set(*, worker: Worker, names: list[str]) -> None:
    """The named methods' say (zhichuang.methods): the names of the worker's recognised methods, which the
    profile's search reads and its public page shows where the person made their methods public."""
    text = "、".join(dict.fromkeys(names))
    TalentProfile.objects.filter(worker=worker).update(
        methods=text[: TalentProfile._meta.get_field("methods").max_length]
    )


def profile_refresh(profile: TalentProfile, *, expert: bool | None = None) -> list[tuple[str, str]]:
    """Derive the profile's categories from its record: confirmed honours (劳动模范, 工匠, 技术能手 at
    their levels), the skill level (首席技师; 高技能人才 from 高级工 up) and the expert pool; and keep the
    worker's skill level on the profile."""
    held: set[tuple[str, str]] = set()
    honours = Honour.objects.filter(profile=profile, state=HonourState.CONFIRMED).select_related("honour_type")
    for honour in honours:
        category = HONOUR_CATEGORY.get(honour.honour_type.category)
        if category:
            held.add((category, honour.honour_type.level))
    level = profile.worker.skill_level if profile.worker_id else None
    if level == SkillLevel.CHIEF_TECHNICIAN:
        held.add((TalentCategory.CHIEF_TECHNICIAN, ""))
    if skill_rank(level) >= HIGH_SKILLED_FROM:
        held.add((TalentCategory.HIGH_SKILLED, ""))
    was_expert = ProfileCategory.objects.filter(profile=profile, category=TalentCategory.EXPERT).exists()
    if expert if expert is not None else was_expert:
        held.add((TalentCategory.EXPERT, ""))
    with transaction.atomic():
        ProfileCategory.objects.filter(profile=profile).delete()
        ProfileCategory.objects.bulk_create(
            ProfileCategory(profile=profile, category=category, level=level) for category, level in held
        )
        derived = {"categories": _category_words(held), "skill_level": level}
        changed = {name: value for name, value in derived.items() if getattr(profile, name) != value}
        if changed:
            TalentProfile.objects.filter(pk=profile.pk).update(**changed)
            for name, value in changed.items():
                setattr(profile, name, value)
    return sorted(held)


def _category_words(held) -> str:
    from .enums import LEVEL_ORDER, HonourLevel

    order = list(TalentCategory.values)
    best: dict[str, str] = {}
    for category, level in held:
        if category not in best or (level and LEVEL_ORDER.index(level) > LEVEL_ORDER.index(best[category] or level)):
            best[category] = level
    words = []
    for category in sorted(best, key=order.index):
        label = str(TalentCategory(category).label)
        level = best[category]
        words.append(f"{HonourLevel(level).label}{label}" if level else label)
    return "、".join(words)[:200]


# ---- honours ----------------------------------------------------------------------------------------


def _check_evidence(upload) -> None:
    if upload is not None:
        check_file(upload, max_bytes=EVIDENCE_MAX_BYTES)


def _check_honour_values(honour_type: HonourType, year, issuing_body: str, certificate_no: str) -> dict:
    errors = {}
    this_year = timezone.localdate().year
    if not honour_type.active:
        errors["honour_type"] = [_("This honour is no longer in the city's list.")]
    if not isinstance(year, int) or not 1950 <= year <= this_year:
        errors["year"] = [_("Give a year from 1950 to %(year)d.") % {"year": this_year}]
    if len(issuing_body or "") > 100:
        errors["issuing_body"] = [_("Give text of at most %(limit)d characters.") % {"limit": 100}]
    if len(certificate_no or "") > 50:
        errors["certificate_no"] = [_("Give text of at most %(limit)d characters.") % {"limit": 50}]
    if errors:
        raise ValidationFailed(details=errors)
    return {
        "issuing_body": (issuing_body or "").strip() or honour_type.issuing_body,
        "certificate_no": (certificate_no or "").strip(),
    }


def _duplicate(profile: TalentProfile, honour_type: HonourType, year: int, exclude: int | None = None) -> bool:
    same = Honour.objects.filter(profile=profile, honour_type=honour_type, year=year).exclude(
        state=HonourState.REJECTED
    )
    return same.exclude(pk=exclude).exists() if exclude else same.exists()


def honour_enter(
    *,
    actor,
    profile: TalentProfile,
    honour_type: HonourType,
    year: int,
    issuing_body: str = "",
    certificate_no: str = "",
    evidence=None,
    reason: str = "",
) -> Honour:
    """Enter a person's honour (or nominate them for one) for the district's check: by the union of the
    person's enterprise, or by the city for a person outside the enterprises."""
    values = _check_honour_values(honour_type, year, issuing_body, certificate_no)
    _check_evidence(evidence)
    organization = profile.organization if profile.worker_id else city()
    with transaction.atomic():
        _require(actor, TalentPerm.MANAGE, organization)
        if _duplicate(profile, honour_type, year):
            raise Conflict(_("This person already has this honour for this year."))
        honour = Honour(
            profile=profile,
            honour_type=honour_type,
            year=year,
            organization=organization,
            org_path=profile.org_path,
            district=profile.district,
            entered_by=actor,
            **values,
        )
        if evidence is not None:
            honour.evidence.save(evidence.name, evidence, save=False)
            honour.evidence_name = evidence.name[:255]
        try:
            with transaction.atomic():
                honour.save()
        except IntegrityError:
            raise Conflict(_("This person already has this honour for this year.")) from None
        return transition(HONOUR_WORKFLOW, actor=actor, row=honour, to_state=HonourState.NOMINATED, reason=reason).row


def honour_resubmit(
    *,
    actor,
    honour: Honour,
    year: int,
    issuing_body: str = "",
    certificate_no: str = "",
    evidence=None,
    reason: str = "",
    expected_version: int | None = None,
) -> Honour:
    """A returned honour, corrected, goes back to the district."""
    values = _check_honour_values(honour.honour_type, year, issuing_body, certificate_no)
    _check_evidence(evidence)
    with transaction.atomic():
        if _duplicate(honour.profile, honour.honour_type, year, exclude=honour.pk):
            raise Conflict(_("This person already has this honour for this year."))
        updates = {"year": year, **values}
        if evidence is not None:
            stored = Honour.evidence.field.generate_filename(honour, evidence.name)
            updates["evidence"] = honour.evidence.storage.save(stored, evidence)
            updates["evidence_name"] = evidence.name[:255]
        return transition(
            HONOUR_WORKFLOW,
            actor=actor,
            row=honour,
            to_state=HonourState.NOMINATED,
            reason=reason,
            expected_version=expected_version,
            updates=updates,
        ).row


def _decided(honour: Honour) -> Honour:
    if honour.state == HonourState.CONFIRMED:
        profile_refresh(honour.profile)
    return honour


@transaction.atomic
def honour_verify(*, actor, honour: Honour, reason: str = "", expected_version: int | None = None) -> Honour:
    """The district's check passes: an honour below the city's level is confirmed, one at it or above goes
    to the city. With an unmet eligibility check, only with a reason."""
    to = HonourState.VERIFIED if honour.honour_type.level in CITY_CONFIRMS else HonourState.CONFIRMED
    moved = transition(
        HONOUR_WORKFLOW, actor=actor, row=honour, to_state=to, reason=reason, expected_version=expected_version
    )
    return _decided(moved.row)


@transaction.atomic
def honour_confirm(*, actor, honour: Honour, reason: str = "", expected_version: int | None = None) -> Honour:
    moved = transition(
        HONOUR_WORKFLOW,
        actor=actor,
        row=honour,
        to_state=HonourState.CONFIRMED,
        reason=reason,
        expected_version=expected_version,
    )
    return _decided(moved.row)


def honour_return(*, actor, honour: Honour, reason: str, expected_version: int | None = None) -> Honour:
    return transition(
        HONOUR_WORKFLOW,
        actor=actor,
        row=honour,
        to_state=HonourState.RETURNED,
        reason=reason,
        expected_version=expected_version,
    ).row


def honour_reject(*, actor, honour: Honour, reason: str, expected_version: int | None = None) -> Honour:
    return transition(
        HONOUR_WORKFLOW,
        actor=actor,
        row=honour,
        to_state=HonourState.REJECTED,
        reason=reason,
        expected_version=expected_version,
    ).row


# ---- the skill-level ledger --------------------------------------------------------------------------


def _check_skill(level, awarded_on, certificate_no: str, issuing_body: str) -> None:
    errors = {}
    if level not in SkillLevel.values:
        errors["level"] = [_("Choose a skill level.")]
    if not isinstance(awarded_on, datetime.date) or awarded_on > timezone.localdate():
        errors["awarded_on"] = [_("Give the date awarded, not in the future.")]
    elif awarded_on.year < 1950:
        errors["awarded_on"] = [_("Give a year from 1950 to %(year)d.") % {"year": timezone.localdate().year}]
    if len(certificate_no or "") > 50:
        errors["certificate_no"] = [_("Give text of at most %(limit)d characters.") % {"limit": 50}]
    if len(issuing_body or "") > 100:
        errors["issuing_body"] = [_("Give text of at most %(limit)d characters.") % {"limit": 100}]
    if errors:
        raise ValidationFailed(details=errors)


def _follow_ledger(worker: Worker) -> None:
    """The worker's level is that of the latest confirmed entry; the profile's level and categories follow."""
    entry = latest_skill_entry(worker)
    level = entry.level if entry else worker.skill_level
    if level != worker.skill_level:  # the profile follows the saved worker (listeners.worker_saved)
        worker_update(actor=None, worker=worker, skill_level=level)
        worker.skill_level = level


@transaction.atomic
def skill_level_enter(
    *, actor, worker: Worker, level: int, awarded_on, certificate_no: str = "", issuing_body: str = "", evidence=None
) -> SkillLevelEntry:
    """Record a skill level the worker was awarded (with its certificate), by the worker's union."""
    _require(actor, TalentPerm.MANAGE, worker.employer)
    _check_skill(level, awarded_on, certificate_no, issuing_body)
    _check_evidence(evidence)
    entry = SkillLevelEntry(
        worker=worker,
        level=level,
        awarded_on=awarded_on,
        certificate_no=(certificate_no or "").strip(),
        issuing_body=(issuing_body or "").strip(),
        state=SkillEntryState.CONFIRMED,
        org_path=worker.employer.path,
        entered_by=actor,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    if evidence is not None:
        entry.evidence.save(evidence.name, evidence, save=False)
        entry.evidence_name = evidence.name[:255]
    entry.save()
    audit_record(
        action="talent.skill_level",
        obj=worker,
        changes={"skill_level": [worker.skill_level, level], "awarded_on": str(awarded_on)},
    )
    _follow_ledger(worker)
    return entry


@transaction.atomic
def skill_level_propose(*, worker: Worker, level: int, source: str, rule: str, on=None) -> SkillLevelEntry | None:
    """A rule's proposal of a level ("the apprentice passed the assessment: one level up"), for the
    worker's union to confirm. None where the worker already holds that level or higher, or one is waiting."""
    if skill_rank(level) <= skill_rank(worker.skill_level):
        return None
    if SkillLevelEntry.objects.filter(worker=worker, state=SkillEntryState.PROPOSED, level=level).exists():
        return None
    entry = SkillLevelEntry.objects.create(
        worker=worker,
        level=level,
        awarded_on=on or timezone.localdate(),
        state=SkillEntryState.PROPOSED,
        source=source[:200],
        rule=rule[:40],
        org_path=worker.employer.path,
    )
    audit_record(action="talent.skill_level_propose", obj=worker, changes={"skill_level": level, "rule": rule})
    return entry


@transaction.atomic
def skill_level_decide(
    *, actor, entry: SkillLevelEntry, confirm: bool, certificate_no: str = "", awarded_on=None
) -> SkillLevelEntry:
    """Confirm (with the certificate, once issued) or decline a proposed level."""
    locked = SkillLevelEntry.objects.select_for_update().select_related("worker__employer").get(pk=entry.pk)
    _require(actor, TalentPerm.MANAGE, locked.worker.employer)
    if locked.state != SkillEntryState.PROPOSED:
        raise Conflict(_("This level has been decided already."))
    if confirm:
        _check_skill(locked.level, awarded_on or locked.awarded_on, certificate_no, "")
        locked.certificate_no = (certificate_no or "").strip()
        locked.awarded_on = awarded_on or locked.awarded_on
    locked.state = SkillEntryState.CONFIRMED if confirm else SkillEntryState.DECLINED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save()
    audit_record(
        action="talent.skill_level_confirm" if confirm else "talent.skill_level_decline",
        obj=locked.worker,
        changes={"skill_level": locked.level},
    )
    if confirm:
        _follow_ledger(locked.worker)
    return locked


# ---- the city's honour list ----------------------------------------------------------------------------


def honour_list_restore() -> None:
    """The honour list as migration 0002 seeds it, added where missing: after a database was emptied
    (the demo's reset, a transactional test), the city's list starts again from the same honours."""
    from importlib import import_module

    from django.apps import apps

    import_module("zhichuang.talent.migrations.0002_honour_list_and_search").seed(apps, None)


@transaction.atomic
def honour_type_save(
    *,
    actor,
    honour_type: HonourType | None,
    name: str,
    category: str,
    level: str,
    issuing_body: str = "",
    active: bool = True,
    rules=(),
) -> HonourType:
    """Add an honour to the city's list or change one; its rules are checked against eligibility.RULES."""
    _require(actor, TalentPerm.CONFIRM, city())
    from . import eligibility

    name = (name or "").strip()
    if not name or len(name) > 60:
        raise ValidationFailed(details={"name": [_("Give a name of at most 60 characters.")]})
    try:
        rules = eligibility.clean_rules(rules)
    except (KeyError, ValueError, TypeError):
        raise ValidationFailed(_("These eligibility rules are not valid.")) from None
    if HonourType.objects.filter(name=name).exclude(pk=getattr(honour_type, "pk", None)).exists():
        raise Conflict(details={"name": [_("The list has an honour of this name already.")]})
    values = {
        "name": name,
        "category": category,
        "level": level,
        "issuing_body": (issuing_body or "").strip()[:100],
        "active": bool(active),
        "rules": rules,
    }
    if honour_type is None:
        honour_type = HonourType.objects.create(**values)
        audit_record(action="talent.honour_type_save", obj=honour_type, changes={"name": name, "rules": rules})
        return honour_type
    locked = HonourType.objects.select_for_update().get(pk=honour_type.pk)
    before = {key: getattr(locked, key) for key in values}
    for key, value in values.items():
        setattr(locked, key, value)
    changes = diff(locked, list(values), before)
    if changes:
        locked.save()
        audit_record(action="talent.honour_type_save", obj=locked, changes=changes)
    return locked
