"""The expert pool's demo step: 300 experts from the talent pool, the demo universities and institutes and
independents, in every state, with their histories, tags, terms and declared conflicts, deterministic."""

import pytest

from tests import factories
from tests.proposals.test_demo import AS_OF, SMALL_CITY
from zhichuang.accounts.models import RoleAssignment
from zhichuang.accounts.roles import Role
from zhichuang.core.modules import DemoContext
from zhichuang.demo.generator import generate_city
from zhichuang.experts import selectors
from zhichuang.experts.demo import demo_experts
from zhichuang.experts.enums import ExpertState, ExpertTitle
from zhichuang.experts.models import Expert, ExpertConflict, ExpertTag, ExpertTransition, field_tag, industry_tag
from zhichuang.talent.demo import demo_talent
from zhichuang.talent.models import ProfileCategory

pytestmark = pytest.mark.django_db

TOTAL = 60


@pytest.fixture
def expert_city():
    built = generate_city(seed=3, size=SMALL_CITY)
    admin = factories.make_admin(Role.CITY_ADMIN, built.city)
    expert_account = factories.make_user("demo-expert")
    factories.grant(expert_account, Role.EXPERT, built.city)
    context = DemoContext(
        city=built.city,
        workers=900,
        seed=3,
        as_of=AS_OF,
        accounts={"city-admin": admin.pk, "expert": expert_account.pk},
        amounts={"talent": 60, "experts": TOTAL},
    )
    demo_talent(context)
    return built, expert_account, demo_experts(context)


def test_the_demo_pool_has_every_source_state_and_title(expert_city):
    _built, _expert_account, counts = expert_city
    experts = Expert.objects.select_related("profile", "profile__organization")
    assert counts["experts"] == experts.count() == TOTAL
    assert counts["expert_conflicts"] == ExpertConflict.objects.count() > 0
    assert counts["expert_steps"] == ExpertTransition.objects.count()
    # From the talent pool (workers), the partner organisations, and independents.
    assert experts.filter(profile__worker__isnull=False).count() > 0
    assert experts.filter(profile__organization__kind="partner", profile__worker__isnull=True).count() > 0
    assert experts.filter(profile__organization__isnull=True).count() > 0
    assert set(experts.values_list("title", flat=True)) == {t.value for t in ExpertTitle if t.value}
    assert {ExpertState.ACTIVE, ExpertState.SUSPENDED} <= set(experts.values_list("state", flat=True))
    assert experts.filter(state=ExpertState.ACTIVE).count() > TOTAL // 2


def test_each_membership_is_what_its_workflow_would_have_made(expert_city):
    _built, expert_account, _counts = expert_city
    for expert in Expert.objects.prefetch_related("fields"):
        steps = list(expert.transitions.order_by("at", "id"))
        if expert.state in (ExpertState.APPLIED, ExpertState.INVITED):
            assert steps == [] and expert.term_end is None
            continue
        assert steps[0].from_state in (ExpertState.APPLIED, ExpertState.INVITED)
        assert steps[-1].to_state == expert.state and steps[-1].at == expert.state_changed_at
        if expert.state == ExpertState.SUSPENDED:
            assert steps[-1].reason and steps[-1].data == {"action": "expert_suspend"}
        if expert.state in (ExpertState.ACTIVE, ExpertState.SUSPENDED):
            assert expert.term_start < expert.term_end
        # Its tags are its fields and industries, which matching reads.
        tags = set(ExpertTag.objects.filter(expert=expert).values_list("tag", flat=True))
        fields = list(expert.fields.all())
        assert fields and tags == {field_tag(f.pk) for f in fields} | {industry_tag(c) for c in expert.industries}
        assert all(f.name in expert.match_text for f in fields)
    # Active members are 专家 in the talent pool; others are not.
    experts_in_pool = set(ProfileCategory.objects.filter(category="expert").values_list("profile_id", flat=True))
    assert experts_in_pool == set(Expert.objects.filter(state=ExpertState.ACTIVE).values_list("profile_id", flat=True))
    # Their accounts hold the expert role; the demo's expert account acts for a partner's researcher.
    users = set(Expert.objects.filter(state=ExpertState.ACTIVE, user__isnull=False).values_list("user_id", flat=True))
    assert users <= set(RoleAssignment.objects.filter(role=Role.EXPERT).values_list("user_id", flat=True))
    mine = selectors.own_membership(expert_account)
    assert mine.state == ExpertState.ACTIVE and mine.profile.organization.kind == "partner"


def test_a_district_sees_its_own_experts_with_real_names_and_titles(expert_city):
    built, _account, _counts = expert_city
    district = built.districts[0]
    seen = selectors.expert_list(user=factories.make_admin(Role.DISTRICT_ADMIN, district))
    assert seen.exists() and not seen.exclude(org_path__startswith=district.path).exists()
    first = list(Expert.objects.order_by("pk").values_list("profile__name", "title", "state", "term_end"))
    assert len({row[1] for row in first}) == 3 and len({row[0] for row in first}) > TOTAL // 2
