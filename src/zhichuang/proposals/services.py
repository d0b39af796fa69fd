"""Writes on proposals outside the state machine: drafts, submission, proposers, attachments,
campaigns and service deadlines.

State changes go through workflow.proposal_transition; this module calls it for submission.
"""

import datetime
import uuid
from decimal import Decimal, InvalidOperation

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhichuang.accounts.models import Worker
from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.services import audit_record, diff
from zhichuang.core.errors import Conflict, PermissionDenied, ValidationFailed
from zhichuang.core.money import HUNDRED
from zhichuang.core.validators import COUNT_MAX
from zhichuang.orgs.enums import OrgKind

from . import files
from .enums import EDITABLE_STATES, WAITING_STATES, AttachmentPurpose, BenefitType, ProposalKind, ProposalState
from .models import Attachment, Campaign, Proposal, ProposalMember, StepDeadline
from .permissions import ProposalPerm
from .rollup.services import refresh_after_commit
from .rules import is_proposer, proposer_or_manager
from .workflow import proposal_transition

TEXT_FIELDS = {"title": 200, "problem": 5000, "change": 5000, "expected_benefit": 2000, "keywords": 200}
DRAFT_FIELDS = (*TEXT_FIELDS, "kind", "benefit_types", "campaign", "public_consent")
MAX_ATTACHMENTS = 20


def _worker_of(actor) -> Worker:
    worker = Worker.objects.select_related("employer__parent", "department").filter(user_id=actor.pk).first()
    if worker is None:
        raise PermissionDenied(_("Only a worker can hand in a proposal."))
    return worker


def _clean_fields(fields: dict, lead: Worker) -> dict:
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"unknown proposal fields: {sorted(unknown)}")
    clean, errors = {}, {}
    for name, limit in TEXT_FIELDS.items():
        if name in fields:
            value = (fields[name] or "").strip()
            if len(value) > limit:
                errors[name] = [_("At most %(limit)d characters.") % {"limit": limit}]
            clean[name] = value
    if "kind" in fields:
        if fields["kind"] not in ProposalKind.values:
            errors["kind"] = [_("Choose a kind.")]
        clean["kind"] = fields["kind"] or ""
    if "benefit_types" in fields:
        types = list(dict.fromkeys(fields["benefit_types"] or []))
        if any(t not in BenefitType.values for t in types):
            errors["benefit_types"] = [_("Choose from the listed kinds of benefit.")]
        clean["benefit_types"] = types
    if "public_consent" in fields:
        clean["public_consent"] = bool(fields["public_consent"])
    if "campaign" in fields:
        clean["campaign"] = _campaign_for(fields["campaign"], lead, errors)
    if errors:
        raise ValidationFailed(details=errors)
    return clean


def _campaign_for(value, lead: Worker, errors: dict) -> Campaign | None:
    if value in (None, ""):
        return None
    pk = value.pk if isinstance(value, Campaign) else value
    campaign = Campaign.objects.select_related("organization").filter(pk=pk).first()
    if campaign is None or not lead.employer.is_within(campaign.organization):
        errors["campaign"] = [_("This campaign is not open to your enterprise.")]
        return None
    if not campaign.is_open:
        errors["campaign"] = [_("This campaign is not open for proposals now.")]
        return None
    return campaign


def _clean_members(members, lead: Worker) -> list[tuple[Worker, Decimal]]:
    """[(worker, share)], the lead first. Shares are checked to add up to 100 on submission."""
    seen, clean = set(), []
    for worker, share in members:
        try:
            share = Decimal(str(share))
        except (InvalidOperation, ValueError):
            raise ValidationFailed(details={"members": [_("Enter each share as a number.")]}) from None
        if not share.is_finite():
            raise ValidationFailed(details={"members": [_("Enter each share as a number.")]})
        if not Decimal("0") < share <= HUNDRED or share != share.quantize(Decimal("0.01")):
            raise ValidationFailed(details={"members": [_("Each share is more than 0 and at most 100, to 0.01.")]})
        if worker.pk in seen:
            raise ValidationFailed(details={"members": [_("A proposer is listed twice.")]})
        if worker.employer_id != lead.employer_id:
            raise ValidationFailed(details={"members": [_("Co-proposers must work for the same enterprise.")]})
        seen.add(worker.pk)
        clean.append((worker, share))
    if lead.pk not in seen:
        raise ValidationFailed(details={"members": [_("The lead proposer must be among the proposers.")]})
    clean.sort(key=lambda item: item[0].pk != lead.pk)
    return clean


def _set_members(proposal: Proposal, members: list[tuple[Worker, Decimal]]) -> None:
    agreed = set(proposal.members.filter(public_consent=True).values_list("worker_id", flat=True))
    proposal.members.all().delete()
    ProposalMember.objects.bulk_create(
        ProposalMember(
            proposal=proposal,
            worker=worker,
            share=share,
            is_lead=worker.pk == proposal.lead_id,
            public_consent=worker.pk in agreed,  # a proposer's say survives the list being edited
        )
        for worker, share in members
    )


def _settle_consent(proposal: Proposal, lead_consent: bool | None = None) -> None:
    """The proposal may be published only when every proposer agreed; lead_consent is the lead's
    own answer from the proposal form, where given."""
    if lead_consent is not None:
        proposal.members.filter(is_lead=True).update(public_consent=lead_consent)
    everyone = not proposal.members.filter(public_consent=False).exists()
    if proposal.public_consent != everyone:
        Proposal.objects.filter(pk=proposal.pk).update(public_consent=everyone)
        proposal.public_consent = everyone


def consent_set(*, actor, proposal: Proposal, consent: bool) -> Proposal:
    """A proposer gives or withdraws their consent to publication (in the public showcase, without
    personal data), at any time; the proposal is published only while every proposer agrees."""
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        member = ProposalMember.objects.filter(proposal=locked, worker__user=actor).first() if actor.pk else None
        if member is None:
            raise PermissionDenied()
        if member.public_consent != consent:
            member.public_consent = consent
            member.save(update_fields=["public_consent"])
            audit_record(
                action="proposals.consent", obj=locked, changes={"public_consent": [not consent, consent]}, actor=actor
            )
        _settle_consent(locked)
    proposal.public_consent = locked.public_consent
    return locked


def proposal_save_draft(
    *,
    actor,
    proposal: Proposal | None = None,
    expected_version: int | None = None,
    members=None,
    **fields,
) -> Proposal:
    """Create or update a draft (also a returned proposal being revised) as the worker types.

    An update must name the version it was based on; a stale one is refused, never merged.
    members: [(worker, share), ...] with the lead among them; on creation the lead alone holds 100.
    """
    with transaction.atomic():
        if proposal is None:
            lead = _worker_of(actor)
            clean = _clean_fields(fields, lead)
            lead_consent = clean.pop("public_consent", None)
            enterprise = lead.employer
            proposal = Proposal.objects.create(
                title=clean.pop("title", ""),
                kind=clean.pop("kind", ""),
                enterprise=enterprise,
                department=lead.department,
                district=enterprise.parent,
                org_path=enterprise.path,
                industry=enterprise.industry,
                lead=lead,
                created_by=actor,
                **clean,
            )
            _set_members(proposal, _clean_members(members or [(lead, HUNDRED)], lead))
            _settle_consent(proposal, lead_consent)
            audit_record(action="proposals.create", obj=proposal, actor=actor)
            return proposal

        locked = Proposal.objects.select_for_update().select_related("lead__employer").get(pk=proposal.pk)
        if not is_proposer(actor, locked):
            raise PermissionDenied()
        if expected_version is None or locked.version != expected_version:
            raise Conflict(_("This proposal was changed elsewhere since you opened it. Reload it to see the changes."))
        if locked.state not in EDITABLE_STATES:
            raise ValidationFailed(_("A proposal can only be edited as a draft or after it was returned."))
        clean = _clean_fields(fields, locked.lead)
        lead_consent = clean.pop("public_consent", None)
        before = {name: getattr(locked, name) for name in clean}
        for name, value in clean.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save(update_fields=[*clean, "version", "updated_at"])
        if members is not None:
            _set_members(locked, _clean_members(members, locked.lead))
        if members is not None or lead_consent is not None:
            _settle_consent(locked, lead_consent)
        if locked.state != ProposalState.DRAFT:
            audit_record(action="proposals.edit", obj=locked, changes=diff(locked, list(clean), before), actor=actor)
        if locked.submitted_at is not None:
            # A returned proposal is counted: its revised kind and proposers change the statistics.
            refresh_after_commit(proposal_id=locked.pk)
    kept = (*clean, "version", "updated_at", "public_consent")
    proposal.__dict__.update({name: getattr(locked, name) for name in kept})
    return locked


def proposal_submit(
    *,
    actor,
    client_token: uuid.UUID | str,
    proposal: Proposal | None = None,
    expected_version: int | None = None,
    members=None,
    **fields,
) -> Proposal:
    """Submit (or resubmit) a proposal, once per client_token.

    The page puts a fresh token in the form when it renders it. A double tap, a retry or the
    back button sends the same token again and gets the same proposal back, submitted once.
    Without a proposal, a new one is created from fields and submitted in one go.
    """
    try:
        token = uuid.UUID(str(client_token))
    except ValueError:
        raise ValidationFailed(_("The form is out of date. Reload the page and try again.")) from None
    existing = Proposal.objects.filter(client_token=token).first()
    if existing is not None:
        if not is_proposer(actor, existing):
            raise Conflict(_("The form is out of date. Reload the page and try again."))
        return existing
    try:
        with transaction.atomic():
            if proposal is None:
                proposal = proposal_save_draft(actor=actor, members=members, **fields)
                expected_version = proposal.version
            elif fields or members is not None:
                proposal = proposal_save_draft(
                    actor=actor, proposal=proposal, expected_version=expected_version, members=members, **fields
                )
                expected_version = proposal.version
            Proposal.objects.filter(pk=proposal.pk).update(client_token=token)
            return proposal_transition(
                actor=actor, proposal=proposal, to_state=ProposalState.SUBMITTED, expected_version=expected_version
            )
    except IntegrityError:
        # The same token won a race in another request: that one is the submission.
        existing = Proposal.objects.filter(client_token=token).first()
        if existing is None:
            raise
        return existing


def _check_attachment_rights(actor, proposal: Proposal, purpose: str) -> None:
    if purpose == AttachmentPurpose.PROPOSAL:
        if not is_proposer(actor, proposal):
            raise PermissionDenied()
        if proposal.state not in EDITABLE_STATES:
            raise ValidationFailed(_("Files can only be added to a draft or a returned proposal."))
        return
    if not proposer_or_manager(actor, proposal):
        raise PermissionDenied()
    if proposal.state not in (ProposalState.ADOPTED, ProposalState.IMPLEMENTING):
        raise ValidationFailed(_("Implementation evidence is added while the proposal is being implemented."))


def attachment_add(
    *, actor, proposal: Proposal, uploaded_file, purpose: str = AttachmentPurpose.PROPOSAL
) -> Attachment:
    """Store a photo or document after checking what it really is; images get a thumbnail."""
    _check_attachment_rights(actor, proposal, purpose)
    if proposal.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationFailed(details={"file": [_("At most %(count)d files.") % {"count": MAX_ATTACHMENTS}]})
    kind = files.check_upload(uploaded_file)
    thumb = files.thumbnail(uploaded_file, kind)
    original_name = (getattr(uploaded_file, "name", "") or "file")[-255:]
    with transaction.atomic():
        attachment = Attachment(
            proposal=proposal,
            original_name=original_name,
            content_type=kind.content_type,
            size=uploaded_file.size,
            purpose=purpose,
            uploaded_by=actor,
        )
        attachment.file.save(f"upload{kind.extension}", File(uploaded_file), save=False)
        if thumb is not None:
            attachment.thumbnail.save("thumbnail.jpg", thumb, save=False)
        attachment.save()
        audit_record(
            action="proposals.attachment_add",
            obj=proposal,
            changes={"file": original_name, "type": kind.content_type, "size": attachment.size},
            actor=actor,
        )
    return attachment


def attachment_remove(*, actor, attachment: Attachment) -> None:
    proposal = attachment.proposal
    _check_attachment_rights(actor, proposal, attachment.purpose)
    with transaction.atomic():
        audit_record(
            action="proposals.attachment_remove", obj=proposal, changes={"file": attachment.original_name}, actor=actor
        )
        attachment.delete()
    transaction.on_commit(lambda: _delete_files(attachment))


def _delete_files(attachment: Attachment) -> None:
    for stored in (attachment.file, attachment.thumbnail):
        if stored:
            stored.storage.delete(stored.name)


CAMPAIGN_ORG_KINDS = (OrgKind.ENTERPRISE, OrgKind.DISTRICT, OrgKind.CITY)
CAMPAIGN_DESCRIPTION_MAX = 5000
CAMPAIGN_FIELDS = ("title", "theme", "description", "starts_on", "ends_on", "target_count")


def _clean_campaign(values: dict) -> dict:
    errors = {}
    title = (values.get("title") or "").strip()
    if not title:
        errors["title"] = [_("This field is required.")]
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if not isinstance(starts_on, datetime.date) or not isinstance(ends_on, datetime.date):
        errors["starts_on"] = [_("Enter the opening and closing dates.")]
    elif ends_on < starts_on:
        errors["ends_on"] = [_("The closing date is before the opening date.")]
    target = values.get("target_count") or 0
    if not isinstance(target, int) or not 0 <= target <= COUNT_MAX:
        errors["target_count"] = [_("Enter a whole number, 0 or more.")]
    description = (values.get("description") or "").strip()
    if len(description) > CAMPAIGN_DESCRIPTION_MAX:
        errors["description"] = [_("Give text of at most %(limit)d characters.") % {"limit": CAMPAIGN_DESCRIPTION_MAX}]
    if errors:
        raise ValidationFailed(details=errors)
    return {
        "title": title[:200],
        "theme": (values.get("theme") or "").strip()[:100],
        "description": description,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "target_count": target,
    }


@transaction.atomic
def campaign_create(
    *, actor, organization, title, starts_on, ends_on, theme="", description="", target_count=0
) -> Campaign:
    if organization.kind not in CAMPAIGN_ORG_KINDS:
        raise ValidationFailed(_("A campaign is run by an enterprise, a district or the city."))
    if not has_perm(actor, ProposalPerm.MANAGE, organization):
        raise PermissionDenied()
    clean = _clean_campaign(
        {
            "title": title,
            "theme": theme,
            "description": description,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "target_count": target_count,
        }
    )
    campaign = Campaign.objects.create(organization=organization, created_by=actor, **clean)
    audit_record(action="proposals.campaign_create", obj=campaign, changes=clean, actor=actor)
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, **fields) -> Campaign:
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise ValueError(f"unknown campaign fields: {sorted(unknown)}")
    campaign = Campaign.objects.select_for_update().select_related("organization").get(pk=campaign.pk)
    if not has_perm(actor, ProposalPerm.MANAGE, campaign.organization):
        raise PermissionDenied()
    before = {name: getattr(campaign, name) for name in CAMPAIGN_FIELDS}
    clean = _clean_campaign(before | fields)
    for name, value in clean.items():
        setattr(campaign, name, value)
    campaign.save(update_fields=list(CAMPAIGN_FIELDS))
    audit_record(
        action="proposals.campaign_update", obj=campaign, changes=diff(campaign, CAMPAIGN_FIELDS, before), actor=actor
    )
    return campaign


@transaction.atomic
def step_deadline_set(*, actor, organization, state: str, days: int) -> StepDeadline:
    """Set the service deadline (in days) of one waiting state for the organisation's subtree."""
    if not has_perm(actor, ProposalPerm.MANAGE, organization):
        raise PermissionDenied()
    if state not in WAITING_STATES:
        raise ValidationFailed(details={"state": [_("Only a waiting step has a service deadline.")]})
    if not isinstance(days, int) or not 1 <= days <= 365:
        raise ValidationFailed(details={"days": [_("Enter a number of days from 1 to 365.")]})
    deadline, _created = StepDeadline.objects.update_or_create(
        organization=organization, state=state, defaults={"days": days}
    )
    audit_record(action="proposals.step_deadline_set", obj=deadline, changes={"days": days}, actor=actor)
    return deadline
