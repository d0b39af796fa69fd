import datetime
import io
import uuid
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests import factories
from zhichuang.audit.models import AuditEntry
from zhichuang.core.errors import Conflict, PermissionDenied, ValidationFailed
from zhichuang.proposals import services
from zhichuang.proposals.enums import ProposalKind, ProposalState
from zhichuang.proposals.models import Attachment, Proposal, ProposalMember, Transition

FIELDS = {
    "title": "冷却水循环利用",
    "kind": ProposalKind.INNOVATION,
    "problem": "冷却水直排，每月用水三千吨。",
    "change": "加装回水管和过滤器，循环使用。",
}


def _png(size=(800, 600)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, "red").save(output, format="PNG")
    return output.getvalue()


def _jpeg() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (50, 50), "blue").save(output, format="JPEG")
    return output.getvalue()


def _office(main: str) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", f'<Types><Override ContentType="application/vnd.{main}+xml"/></Types>')
    return output.getvalue()


def test_save_draft_takes_enterprise_department_district_from_the_lead(shop):
    proposal = services.proposal_save_draft(actor=shop.lead.user, **FIELDS)
    assert proposal.state == ProposalState.DRAFT
    assert (proposal.enterprise, proposal.department, proposal.district) == (
        shop.steel,
        shop.tree["steel_shop"],
        shop.tree["north"],
    )
    assert proposal.org_path == shop.steel.path
    assert proposal.industry == "38"
    assert list(proposal.members.values_list("worker_id", "share", "is_lead")) == [
        (shop.lead.pk, Decimal("100.00"), True)
    ]


def test_save_draft_refuses_a_user_who_is_not_a_worker(shop):
    with pytest.raises(PermissionDenied):
        services.proposal_save_draft(actor=shop.admin, **FIELDS)


def test_save_draft_updates_with_the_current_version(shop):
    proposal = services.proposal_save_draft(actor=shop.lead.user, title="初稿")
    updated = services.proposal_save_draft(
        actor=shop.lead.user, proposal=proposal, expected_version=proposal.version, title="二稿"
    )
    assert updated.title == "二稿"
    assert updated.version == 2


def test_save_draft_stale_version_is_refused_and_keeps_the_newer_text(shop):
    proposal = services.proposal_save_draft(actor=shop.lead.user, title="初稿")
    services.proposal_save_draft(actor=shop.lead.user, proposal=proposal, expected_version=1, title="手机上改的")
    with pytest.raises(Conflict):
        services.proposal_save_draft(actor=shop.lead.user, proposal=proposal, expected_version=1, title="电脑上改的")
    with pytest.raises(Conflict):
        services.proposal_save_draft(actor=shop.lead.user, proposal=proposal, title="没有版本号")
    assert Proposal.objects.get(pk=proposal.pk).title == "手机上改的"


def test_save_draft_refuses_other_workers_and_submitted_proposals(shop):
    proposal = factories.make_proposal(shop.lead)
    with pytest.raises(PermissionDenied):
        services.proposal_save_draft(actor=shop.colleague.user, proposal=proposal, expected_version=1, title="x")
    submitted = factories.make_proposal(shop.lead, state=ProposalState.SUBMITTED)
    with pytest.raises(ValidationFailed):
        services.proposal_save_draft(
            actor=shop.lead.user, proposal=submitted, expected_version=submitted.version, title="x"
        )


def test_save_draft_checks_fields(shop):
    with pytest.raises(ValidationFailed) as error:
        services.proposal_save_draft(actor=shop.lead.user, title="x" * 201, kind="poem", benefit_types=["fun"])
    assert set(error.value.details) == {"title", "kind", "benefit_types"}


def test_submit_same_token_twice_creates_one_proposal(shop):
    token = uuid.uuid4()
    first = services.proposal_submit(actor=shop.lead.user, client_token=token, **FIELDS)
    second = services.proposal_submit(actor=shop.lead.user, client_token=str(token), **FIELDS)
    assert first.pk == second.pk
    assert Proposal.objects.count() == 1
    assert Transition.objects.filter(to_state=ProposalState.SUBMITTED).count() == 1
    assert first.state == ProposalState.SUBMITTED


def test_submit_existing_draft_twice_submits_once(shop):
    draft = factories.make_proposal(shop.lead)
    token = uuid.uuid4()
    services.proposal_submit(actor=shop.lead.user, proposal=draft, client_token=token)
    again = services.proposal_submit(actor=shop.lead.user, proposal=draft, client_token=token)
    assert again.state == ProposalState.SUBMITTED
    assert Transition.objects.filter(proposal=draft).count() == 1


def test_submit_someone_elses_token_is_refused(shop):
    token = uuid.uuid4()
    services.proposal_submit(actor=shop.lead.user, client_token=token, **FIELDS)
    with pytest.raises(Conflict):
        services.proposal_submit(actor=shop.colleague.user, client_token=token, **FIELDS)


def test_submit_with_co_proposers_whose_shares_add_up(shop):
    proposal = services.proposal_submit(
        actor=shop.lead.user,
        client_token=uuid.uuid4(),
        members=[(shop.colleague, "40.00"), (shop.lead, "60.00")],
        **FIELDS,
    )
    assert list(proposal.members.values_list("worker_id", "share", "is_lead")) == [
        (shop.lead.pk, Decimal("60.00"), True),
        (shop.colleague.pk, Decimal("40.00"), False),
    ]


@pytest.mark.parametrize("shares", [("60.00", "39.99"), ("60.00", "40.01"), ("50", "50.001")])
def test_submit_refuses_shares_not_adding_up_to_100(shop, shares):
    with pytest.raises(ValidationFailed):
        services.proposal_submit(
            actor=shop.lead.user,
            client_token=uuid.uuid4(),
            members=[(shop.lead, shares[0]), (shop.colleague, shares[1])],
            **FIELDS,
        )
    assert not Proposal.objects.exists()


def test_members_must_include_the_lead_and_work_for_the_enterprise(shop):
    with pytest.raises(ValidationFailed):
        services.proposal_save_draft(actor=shop.lead.user, members=[(shop.colleague, 100)], **FIELDS)
    with pytest.raises(ValidationFailed):
        services.proposal_save_draft(
            actor=shop.lead.user, members=[(shop.lead, 50), (shop.tree["port_worker"], 50)], **FIELDS
        )
    with pytest.raises(ValidationFailed):
        services.proposal_save_draft(actor=shop.lead.user, members=[(shop.lead, 50), (shop.lead, 50)], **FIELDS)
    assert not ProposalMember.objects.exists()


def test_campaign_must_be_open_and_in_scope(shop):
    open_city = factories.make_campaign(shop.tree["city"])
    proposal = services.proposal_save_draft(actor=shop.lead.user, campaign=open_city, **FIELDS)
    assert proposal.campaign == open_city
    closed = factories.make_campaign(shop.steel, starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2024, 2, 1))
    other = factories.make_campaign(shop.tree["port"])
    for campaign in (closed, other):
        with pytest.raises(ValidationFailed) as error:
            services.proposal_save_draft(actor=shop.lead.user, campaign=campaign.pk, **FIELDS)
        assert "campaign" in error.value.details


def test_campaign_create_and_update(shop):
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=shop.admin,
        organization=shop.steel,
        title="安全生产月",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=30),
        target_count=50,
    )
    assert campaign.target_count == 50
    campaign = services.campaign_update(actor=shop.admin, campaign=campaign, target_count=80)
    assert campaign.target_count == 80
    assert AuditEntry.objects.filter(action="proposals.campaign_update", changes__target_count=[50, 80]).exists()
    with pytest.raises(PermissionDenied):
        services.campaign_update(actor=shop.other_admin, campaign=campaign, target_count=1)
    with pytest.raises(ValidationFailed):
        services.campaign_update(actor=shop.admin, campaign=campaign, ends_on=today - datetime.timedelta(days=1))


def test_attachment_photo_gets_a_thumbnail(shop, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    proposal = factories.make_proposal(shop.lead)
    upload = SimpleUploadedFile("现场照片.png", _png(), content_type="application/octet-stream")
    attachment = services.attachment_add(actor=shop.lead.user, proposal=proposal, uploaded_file=upload)
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "现场照片.png"
    assert attachment.file.name.endswith(".png") and "现场" not in attachment.file.name
    with Image.open(attachment.thumbnail.path) as thumb:
        assert max(thumb.size) == 320


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("a.jpg", _jpeg(), "image/jpeg"),
        ("a.pdf", b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n", "application/pdf"),
        ("a.docx", _office("openxmlformats-officedocument.wordprocessingml.document.main"), "wordprocessingml"),
        ("a.xlsx", _office("openxmlformats-officedocument.spreadsheetml.sheet.main"), "spreadsheetml"),
        ("a.pptx", _office("openxmlformats-officedocument.presentationml.presentation.main"), "presentationml"),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "WordDocument".encode("utf-16-le"), "msword"),
        ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "Workbook".encode("utf-16-le"), "ms-excel"),
        (
            "a.ppt",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "PowerPoint Document".encode("utf-16-le"),
            "ms-powerpoint",
        ),
        ("a.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", "image/heic"),
        ("a.webp", b"RIFF\x24\0\0\0WEBPVP8 ", "image/webp"),
    ],
)
def test_attachment_accepts_by_content(shop, tmp_path, settings, name, content, content_type):
    settings.MEDIA_ROOT = tmp_path
    proposal = factories.make_proposal(shop.lead)
    if content_type == "image/webp":
        output = io.BytesIO()
        Image.new("RGB", (10, 10)).save(output, format="WEBP")
        content = output.getvalue()
    attachment = services.attachment_add(
        actor=shop.lead.user, proposal=proposal, uploaded_file=SimpleUploadedFile(name, content)
    )
    assert content_type in attachment.content_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("照片.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 200),  # a Windows program renamed
        ("empty.pdf", b""),
        ("notes.txt", b"just text"),
        ("fake.docx", b"PK\x03\x04not really a zip"),
        ("other.zip", None),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50),
    ],
)
def test_attachment_refuses_bad_files(shop, tmp_path, settings, name, content):
    settings.MEDIA_ROOT = tmp_path
    if content is None:
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w") as archive:
            archive.writestr("readme.txt", "hi")
        content = output.getvalue()
    proposal = factories.make_proposal(shop.lead)
    with pytest.raises(ValidationFailed) as error:
        services.attachment_add(
            actor=shop.lead.user, proposal=proposal, uploaded_file=SimpleUploadedFile(name, content)
        )
    assert error.value.details["file"]
    assert not Attachment.objects.exists()


def test_attachment_refuses_oversize(shop, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.PROPOSAL_ATTACHMENT_MAX_BYTES = 1024 * 1024
    proposal = factories.make_proposal(shop.lead)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 1024 * 1024)
    with pytest.raises(ValidationFailed) as error:
        services.attachment_add(actor=shop.lead.user, proposal=proposal, uploaded_file=upload)
    assert "1 MB" in str(error.value.details["file"][0])


def test_attachment_default_limit_is_20_mb():
    from zhichuang.proposals.files import max_bytes

    assert max_bytes() == 20 * 1024 * 1024


def test_attachment_refused_for_others_and_after_submission(shop, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    proposal = factories.make_proposal(shop.lead)
    with pytest.raises(PermissionDenied):
        services.attachment_add(
            actor=shop.colleague.user, proposal=proposal, uploaded_file=SimpleUploadedFile("a.png", _png())
        )
    submitted = factories.make_proposal(shop.lead, state=ProposalState.SUBMITTED)
    with pytest.raises(ValidationFailed):
        services.attachment_add(
            actor=shop.lead.user, proposal=submitted, uploaded_file=SimpleUploadedFile("a.png", _png())
        )
