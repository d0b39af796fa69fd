"""The personal-data sweep (issue 9): every page, export and API answer that every demo role can reach by
GET, with fixtures holding personal data in every field that can carry it, holds no clear ID number, no
clear mobile number and no full birth date. With the personal-data permission, the reveal (a POST, audited)
is the only place the full values appear.

The URLs come from the URL resolver and the API's OpenAPI paths (tests/site_urls.py, shared with the page
census), so a new page or endpoint is swept without being listed here; path parameters are filled with the
fixtures' ids (in scope and out of scope alike).
"""

import datetime
import io
import zipfile

import pytest

from tests import factories, site_urls
from tests.imports.conftest import WORKER_HEADERS, upload, worker_row, xlsx_bytes
from zhichuang.accounts.models import RoleAssignment, User, Worker
from zhichuang.accounts.roles import Role
from zhichuang.experts.models import Expert, ReviewAssignment
from zhichuang.experts.services import conflict_declare
from zhichuang.imports.models import ImportJob
from zhichuang.imports.services import import_job_create, import_job_run
from zhichuang.methods.models import MethodApplication, NamedMethod
from zhichuang.orgs.models import Organization
from zhichuang.payouts.models import Payout
from zhichuang.proposals.evaluation import experts_invite
from zhichuang.proposals.models import Campaign, Proposal
from zhichuang.talent.models import Honour, HonourType, TalentProfile
from zhichuang.training.checkin import make_token
from zhichuang.training.models import Apprenticeship, Enrolment, Session, Training

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(city_tree, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path / "media"
    steel, north, city = city_tree["steel"], city_tree["north"], city_tree["city"]
    lead, port_worker = city_tree["steel_worker"], city_tree["port_worker"]
    # A worker with employment history at two employers; proposals whose members are workers: a draft,
    # a submitted one of two proposers, a rewarded one with a claim, reward shares and a recommendation.
    mover = factories.make_worker(steel, name="钱移")
    from zhichuang.accounts.services import worker_change_employer

    worker_change_employer(actor=None, worker=mover, employer=city_tree["mill"])
    enterprise_admin = factories.make_admin(Role.ENTERPRISE_ADMIN, steel)
    finance = factories.make_admin(Role.FINANCE, steel)
    factories.make_proposal(lead)
    factories.make_proposal(lead, state="submitted", members=[(lead, "70"), (mover, "30")])
    factories.make_rewarded_proposal(lead, co_proposer=mover, admin=enterprise_admin, finance=finance)
    factories.make_campaign(steel)
    district_admin = factories.make_admin(Role.DISTRICT_ADMIN, north)
    # Talent profiles: the lead's, public in every part, with honours at each state and a proposed skill level;
    # the mover's, private; an external expert's.
    from zhichuang.talent import services as talent_services

    profile = factories.make_profile(lead, biography="从事数控加工二十年。", expertise="数控加工")
    talent_services.skill_level_propose(worker=lead, level=2, source="师带徒考核通过", rule="apprenticeship.passed")
    factories.make_honour(profile, "市工匠", year=2023)
    factories.make_honour(profile, "省劳动模范", year=2024, state="nominated")
    talent_services.consent_save(
        actor=lead.user, profile=profile, parts=["public", "public_honours", "public_biography", "public_methods"]
    )
    factories.make_profile(mover)
    factories.make_profile(name="外部专家甲")
    # The expert pool: a worker's expert with a declared conflict, invited to review a proposal.
    expert = factories.make_expert(worker=port_worker, fields=["数控加工"])
    conflict_declare(actor=port_worker.user, expert=expert, person=factories.make_expert(worker=mover).profile)
    reviewed = factories.make_proposal(lead, state="evaluating", title="数控加工夹具改进")
    experts_invite(actor=enterprise_admin, proposal=reviewed, experts=[expert])
    # A named method of the lead and the mover, with an effect, an adoption elsewhere, applied for.
    from zhichuang.methods import services as method_services

    method = method_services.method_create(
        actor=enterprise_admin,
        enterprise=steel,
        name="张伟数控快换操作法",
        description="数控刀具快换的操作要领",
        inventors=[(lead, "60"), (mover, "40")],
        steps=["对刀", "快换", "复检"],
    )
    method_services.effect_add(actor=enterprise_admin, method=method, kind="efficiency", value="30", unit="%")
    method_services.adoption_record(
        actor=enterprise_admin, method=method, enterprise=city_tree["port"], since=datetime.date(2026, 3, 1)
    )
    method_services.application_apply(actor=enterprise_admin, method=method)
    # Failed logins with a mobile number and an ID number as the username.
    for login in (port_worker.reveal_mobile(), city_tree["steel_worker"].reveal_id_number(), "13987654321"):
        client.post("/accounts/login/", {"username": login, "password": "wrong-password-1"})
    # Imports: one refused for clashing with existing workers, one that succeeded.
    for rows in (
        [worker_row(steel, id_number=port_worker.reveal_id_number(), mobile=city_tree["mill_worker"].reveal_mobile())],
        [worker_row(steel, name="孙新", mobile="13711112222")],
    ):
        job, _ = import_job_create(
            actor=district_admin,
            kind="workers",
            upload=upload(xlsx_bytes(WORKER_HEADERS, rows)),
            initial_password="Import-pass-2026",
            enqueue=False,
        )
        import_job_run(job=job)
    _training_world(city_tree)
    roles = {
        "city_admin": factories.make_admin(Role.CITY_ADMIN, city),
        "district_admin": district_admin,
        "enterprise_admin": enterprise_admin,
        "enterprise_admin_pii": factories.make_admin(Role.ENTERPRISE_ADMIN, steel, can_view_pii=True),
        "evaluator": factories.make_admin(Role.EVALUATOR, steel),
        "finance": finance,
        "worker": lead.user,
        "expert": factories.make_admin(Role.EXPERT, city),
        "sysadmin": factories.make_admin(Role.SYSADMIN, city),
        "secadmin": factories.make_admin(Role.SECADMIN, city),
        "auditor": factories.make_admin(Role.AUDITOR, city),
    }
    return roles


def _training_world(city_tree):
    """A training with a material, an attendance and a certificate; a 师带徒 pair with a milestone."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from zhichuang.training import services as training_services

    lead, steel = city_tree["steel_worker"], city_tree["steel"]
    training = factories.make_training(steel, title="扫描培训")
    training_services.material_add(
        actor=training.admin, training=training, upload=SimpleUploadedFile("讲义.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    enrolment = training_services.enrol(actor=lead.user, training=training, worker=lead)
    training_services.roll_call(actor=training.admin, session=training.sessions.get(), present={enrolment.pk})
    training_services.training_complete(actor=training.admin, training=training)
    start = timezone.localdate() - datetime.timedelta(days=30)
    training_services.pair_propose(
        actor=training.admin,
        master=TalentProfile.objects.get(worker=lead),  # the lead's profile, made in world()
        apprentice=factories.make_worker(steel, name="徒弟扫"),
        trade="钳工",
        goals="目标",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=400),
        milestones=[("第一阶段", start + datetime.timedelta(days=90))],
    )


def _forbidden() -> list[str]:
    """Every clear ID number, mobile number and full birth date the fixtures hold."""
    values = set()
    for worker in Worker.objects.all():
        values |= {worker.reveal_id_number(), worker.reveal_mobile()}
        day = worker.birth_date
        values |= {
            f"{day:%Y-%m-%d}",
            f"{day:%Y/%m/%d}",
            f"{day.year}年{day.month}月{day.day}日",
            f"{day:%Y年%m月%d日}",
        }
    values |= {"13987654321", "13711112222"}
    return sorted(value for value in values if value)


def _ids() -> dict[str, list]:
    return {
        "worker": list(Worker.objects.values_list("pk", flat=True)),
        "org": list(Organization.objects.values_list("pk", flat=True)),
        "proposal": list(Proposal.objects.values_list("pk", flat=True)),
        "campaign": list(Campaign.objects.values_list("pk", flat=True)),
        "job": list(ImportJob.objects.values_list("pk", flat=True)),
        "role": list(RoleAssignment.objects.values_list("pk", flat=True)[:3]),
        "user": list(User.objects.values_list("pk", flat=True)[:3]),
        "expert": list(Expert.objects.values_list("pk", flat=True)),
        "assignment": list(ReviewAssignment.objects.values_list("pk", flat=True)),
        "profile": list(TalentProfile.objects.values_list("pk", flat=True)),
        "honour": list(Honour.objects.values_list("pk", flat=True)),
        "honour_type": list(HonourType.objects.values_list("pk", flat=True)),
        "training": list(Training.objects.values_list("pk", flat=True)),
        "enrolment": list(Enrolment.objects.values_list("pk", flat=True)),
        "pair": list(Apprenticeship.objects.values_list("pk", flat=True)),
        "payout": list(Payout.objects.values_list("pk", flat=True)),
        "method": list(NamedMethod.objects.values_list("pk", flat=True)),
        "method_application": list(MethodApplication.objects.values_list("pk", flat=True)),
        "check_in_token": [make_token(pk) for pk in Session.objects.values_list("pk", flat=True)],
        "certificate_code": list(
            Enrolment.objects.exclude(certificate_code=None).values_list("certificate_code", flat=True)
        ),
    }


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # an .xlsx export: every part of the workbook, as text
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
    return content.decode("utf-8", errors="replace")


ROLES = [
    "city_admin",
    "district_admin",
    "enterprise_admin",
    "enterprise_admin_pii",
    "evaluator",
    "finance",
    "worker",
    "expert",
    "sysadmin",
    "secadmin",
    "auditor",
]


@pytest.mark.parametrize("label", ROLES)
def test_no_role_sees_clear_personal_data_anywhere(client, world, label):
    assert set(world) == set(ROLES)
    forbidden = _forbidden()
    ids = _ids()
    urls = [url for route, _name in site_urls.page_routes() for url in site_urls.fill(route, ids)]
    client.force_login(world[label])
    urls += site_urls.api_urls(client.get("/api/v1/openapi.json").json()["paths"], ids)
    if label == "sysadmin":
        urls += site_urls.admin_urls()
    seen, leaks = 0, []
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code == 200:
            seen += 1
            body = _body(response)
            leaks += [(url, value) for value in forbidden if value in body]
    assert not leaks, leaks[:20]
    assert seen >= 10  # the sweep really read this role's pages, exports and API answers


def test_with_the_permission_the_reveal_is_the_only_place(client, world):
    worker = Worker.objects.get(name="张伟")
    client.force_login(world["enterprise_admin_pii"])
    for url in (f"/accounts/people/{worker.pk}/", f"/api/v1/workers/{worker.pk}", "/accounts/people/export/"):
        body = _body(client.get(url))
        assert worker.reveal_id_number() not in body and worker.reveal_mobile() not in body, url
    revealed = client.post(f"/api/v1/workers/{worker.pk}/reveal-pii").json()
    assert revealed == {"id_number": worker.reveal_id_number(), "mobile": worker.reveal_mobile()}
    page = client.post(f"/accounts/people/{worker.pk}/reveal/").content.decode()
    assert worker.reveal_id_number() in page
