import functools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from zhichuang.accounts.models import User, Worker
from zhichuang.accounts.roles import Role
from zhichuang.accounts.scoping import grants
from zhichuang.audit.models import AuditEntry
from zhichuang.demo import loader
from zhichuang.demo.generator import CitySize
from zhichuang.demo.management.commands import demo as demo_command
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.proposals.demo.generator import STORY_PROPOSALS
from zhichuang.proposals.models import BenefitClaim, Evaluation, Proposal, ProposalMember
from zhichuang.proposals.search import UNINDEXED_STATES
from zhichuang.similarity.models import Document
from zhichuang.statistics.models import Workforce

TINY = CitySize(districts=2, enterprises=4, workers=40, account_every=10)
SMALL_CITY = CitySize(districts=2, enterprises=6, workers=900, account_every=4)
EXPECTED = {
    "city-admin": (Role.CITY_ADMIN, OrgKind.CITY),
    "district-admin": (Role.DISTRICT_ADMIN, OrgKind.DISTRICT),
    "enterprise-admin": (Role.ENTERPRISE_ADMIN, OrgKind.ENTERPRISE),
    "evaluator": (Role.EVALUATOR, OrgKind.ENTERPRISE),
    "finance": (Role.FINANCE, OrgKind.ENTERPRISE),
    "worker": (Role.WORKER, OrgKind.ENTERPRISE),
    "expert": (Role.EXPERT, OrgKind.CITY),
    "sysadmin": (Role.SYSADMIN, OrgKind.CITY),
    "secadmin": (Role.SECADMIN, OrgKind.CITY),
    "auditor": (Role.AUDITOR, OrgKind.CITY),
}


@pytest.fixture
def demo_mode(settings, db):
    settings.DEMO_MODE = True
    settings.DEBUG = False  # as ./run demo runs it: the product's error pages
    return settings


def test_load_demo_refused_outside_demo_mode(settings, db):
    settings.DEMO_MODE = False
    with pytest.raises(loader.DemoRefused):
        loader.load_demo(size=TINY)
    assert not Organization.objects.exists()


def test_load_demo_accounts_log_in_with_expected_roles(demo_mode):
    loaded = loader.load_demo(size=TINY)
    assert {u.username for u in User.objects.filter(password__startswith="md5")} >= set(EXPECTED)
    for username, (role, kind) in EXPECTED.items():
        client = Client()
        assert client.login(username=username, password=loader.DEMO_PASSWORD), username
        user = User.objects.get(username=username)
        assert not user.must_change_password
        (grant,) = grants(user)
        assert grant.role == role
        assert Organization.objects.get(pk=grant.org_id).kind == kind
    district, enterprise = loaded.places["district"], loaded.places["enterprise"]
    assert enterprise.parent_id == district.pk
    assert grants(User.objects.get(username="enterprise-admin"))[0].can_view_pii
    assert Worker.objects.get(user__username="worker").employer_id == enterprise.pk
    assert AuditEntry.objects.filter(action="demo.load", object_id=str(loaded.city.pk)).count() == 1


@pytest.mark.django_db(transaction=True)  # --reset flushes: PostgreSQL refuses TRUNCATE inside the test's transaction
def test_load_demo_is_idempotent_and_reset_rebuilds(demo_mode):
    loader.load_demo(size=TINY)
    counts = (Organization.objects.count(), Worker.objects.count(), User.objects.count())
    assert loader.load_demo(size=TINY) is None
    assert (Organization.objects.count(), Worker.objects.count(), User.objects.count()) == counts
    names = set(Worker.objects.values_list("name", flat=True))
    assert loader.load_demo(size=TINY, reset=True) is not None
    assert (Organization.objects.count(), Worker.objects.count(), User.objects.count()) == counts
    assert set(Worker.objects.values_list("name", flat=True)) == names


def test_demo_command_refuses_without_demo_mode(demo_mode, db):
    demo_mode.DEMO_MODE = False
    with pytest.raises(CommandError, match="ZHICHUANG_DEMO=1"):
        call_command("demo", "--no-serve")


def test_demo_command_refuses_other_databases_unless_allowed(demo_mode, monkeypatch):
    class Server:
        vendor = "postgresql"

    monkeypatch.setattr(demo_command, "connection", Server())
    assert "--allow-database" in demo_command.refusal(allow_database=False)
    assert demo_command.refusal(allow_database=True) == ""


def test_demo_command_prepares_without_serving(demo_mode, monkeypatch, capsys):
    monkeypatch.setattr(demo_command, "load_demo", functools.partial(loader.load_demo, size=TINY))
    call_command("demo", "--no-serve", "--allow-database")  # the test database may be PostgreSQL
    out = capsys.readouterr().out
    assert "city-admin" in out and loader.DEMO_PASSWORD in out
    assert Organization.objects.filter(name="示范市总工会").exists()


def test_load_demo_gives_the_demo_accounts_work(demo_mode):
    loaded = loader.load_demo(size=SMALL_CITY, proposals=1_600)
    enterprise = loaded.places["enterprise"]
    assert loaded.counts["proposals"] == 1_600
    assert loaded.counts["campaigns"] > 0
    evaluator = User.objects.get(username="evaluator")
    assert Evaluation.objects.filter(evaluator=evaluator, proposal__enterprise=enterprise).count() > 100
    finance = User.objects.get(username="finance")
    assert BenefitClaim.objects.filter(verified_by=finance).exists()
    worker = User.objects.get(username="worker")
    assert ProposalMember.objects.filter(worker__user=worker, is_lead=True).exists()
    assert Proposal.objects.filter(enterprise=enterprise).count() >= STORY_PROPOSALS
    entry = AuditEntry.objects.get(action="demo.load")
    assert (entry.changes["proposals"], entry.changes["campaigns"]) == (1_600, loaded.counts["campaigns"])
    # The derived data the statistics and the search declare was built from the proposals.
    assert Workforce.objects.exists()
    assert Document.objects.count() == Proposal.objects.exclude(state__in=UNINDEXED_STATES).count() > 1_000


def test_build_derived_data_runs_the_declared_commands_in_step_order(db):
    assert loader.build_derived_data() == ["rebuild_statistics", "build_similarity_index"]
