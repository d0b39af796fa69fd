from types import SimpleNamespace

import pytest

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.experts.models import TechnicalField
from zhichuang.methods import services


@pytest.fixture
def unions(city_tree):
    """The unions of the small city: who enters, endorses, reviews and decides."""
    t = city_tree
    return SimpleNamespace(
        tree=t,
        steel=factories.make_admin(Role.ENTERPRISE_ADMIN, t["steel"]),
        port=factories.make_admin(Role.ENTERPRISE_ADMIN, t["port"]),
        north=factories.make_admin(Role.DISTRICT_ADMIN, t["north"]),
        south=factories.make_admin(Role.DISTRICT_ADMIN, t["south"]),
        city=factories.make_admin(Role.CITY_ADMIN, t["city"]),
    )


def make_method(admin, worker, *, name=None, field="焊接工艺", co=None, **fields):
    """A method of the worker's enterprise, the worker its first inventor (with a co-inventor at 40%)."""
    inventors = [(worker, "60"), (co, "40")] if co else [(worker, "100")]
    return services.method_create(
        actor=admin,
        enterprise=worker.employer,
        name=name or f"{worker.name}薄板焊接操作法",
        trade="焊工",
        field=TechnicalField.objects.get(name=field) if field else None,
        description="薄板焊接变形控制的操作要领",
        steps=["预热", "分段退焊", "自然冷却"],
        inventors=inventors,
        **fields,
    )


def make_reviewer(worker, field="焊接工艺"):
    """An active expert of the pool, the worker's account acting for them."""
    return factories.make_expert(worker=worker, fields=(field,))


def walk(application, *, endorser, reviewer=None, decider, expert, scores=90, reason=""):
    """Take an application from applied to recognised: endorsed, passed by the district (above the
    enterprise's level), one expert invited and scoring, recognised."""
    from zhichuang.methods.enums import ApplicationState as A
    from zhichuang.methods.enums import MethodLevel

    application = services.application_move(
        actor=endorser,
        application=application,
        to_state=A.ENDORSED if application.level != MethodLevel.ENTERPRISE else A.REVIEWING,
    )
    if application.state == A.ENDORSED:
        application = services.application_move(actor=reviewer, application=application, to_state=A.REVIEWING)
    services.experts_invite(actor=decider, application=application, experts=[expert])
    services.score_record(
        actor=expert.user,
        application=application,
        scores={"originality": scores, "advancement": scores, "soundness": scores, "spread": scores},
    )
    return services.application_move(actor=decider, application=application, to_state=A.RECOGNISED, reason=reason)
