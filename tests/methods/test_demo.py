"""The named methods' demo step: 60 methods named after their inventors, at every level and in the workflow's
states, each application's history as the workflow writes it, and experts' scores where the pool has experts."""

import pytest

from tests import factories
from tests.proposals.test_demo import AS_OF, SMALL_CITY
from zhichuang.accounts.roles import Role
from zhichuang.core.modules import DemoContext
from zhichuang.demo.generator import generate_city
from zhichuang.experts.models import ReviewAssignment
from zhichuang.methods import selectors
from zhichuang.methods.demo import demo_methods
from zhichuang.methods.enums import LEVEL_ORDER, ApplicationState
from zhichuang.methods.models import ApplicationTransition, MethodApplication, MethodInventor, MethodScore, NamedMethod
from zhichuang.talent.demo import demo_talent
from zhichuang.talent.models import TalentProfile

pytestmark = pytest.mark.django_db


def _load(with_experts: bool):
    built = generate_city(seed=3, size=SMALL_CITY)
    admin = factories.make_admin(Role.CITY_ADMIN, built.city)
    context = DemoContext(city=built.city, workers=900, seed=3, as_of=AS_OF, accounts={"city-admin": admin.pk})
    demo_talent(context)
    experts = []
    if with_experts:
        for profile in TalentProfile.objects.filter(worker__isnull=False).order_by("pk")[:4]:
            experts.append(factories.make_expert(worker=profile.worker, fields=("焊接工艺", "汽车制造", "设备维修")))
    return demo_methods(context), experts


def test_the_demo_has_60_methods_at_every_level_with_their_workflow_history():
    counts, _experts = _load(with_experts=False)
    assert counts["named_methods"] == NamedMethod.objects.count() == 60
    assert {level for level in NamedMethod.objects.values_list("level", flat=True)} == {"", *LEVEL_ORDER}
    assert all(name.endswith("操作法") for name in NamedMethod.objects.values_list("name", flat=True))
    # The first inventor gives the method its name, and the shares of every method add up to 100.
    for method in NamedMethod.objects.all():
        inventors = list(MethodInventor.objects.filter(method=method).order_by("order").select_related("worker"))
        assert method.name.startswith(inventors[0].worker.name)
        assert sum(i.share for i in inventors) == 100
    states = set(MethodApplication.objects.values_list("state", flat=True))
    assert {ApplicationState.RECOGNISED, ApplicationState.APPLIED, ApplicationState.REVIEWING} <= states
    for application in MethodApplication.objects.all():
        steps = list(ApplicationTransition.objects.filter(application=application).order_by("at", "id"))
        assert steps[0].data == {"action": "apply"} and steps[-1].to_state == application.state
    # Some are in the public registry, and only those recognised with every inventor's consent.
    public = list(selectors.public_methods())
    assert 0 < len(public) < NamedMethod.objects.exclude(level="").count() + 1
    assert not MethodInventor.objects.filter(method__public=True, consented_at__isnull=True).exists()
    assert not MethodScore.objects.exists()  # no expert in the pool: no review assignments made up


def test_with_experts_in_the_pool_the_reviewed_applications_carry_their_scores():
    counts, _experts = _load(with_experts=True)
    assert counts["method_scores"] == MethodScore.objects.count() > 0
    scored = MethodApplication.objects.filter(score__isnull=False)
    assert scored.exists()
    for application in scored[:20]:
        assignments = ReviewAssignment.objects.filter(kind="method", item_id=application.pk)
        assert assignments.count() == application.scores.count()
        # Never an expert of the method's own enterprise.
        assert not assignments.filter(expert__profile__organization_id=application.enterprise_id).exists()
