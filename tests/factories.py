"""Test data built through the real services (actor=None: the system), so paths,
encryption and audit rows are exactly what production makes."""

import datetime
import itertools
import random

from zhichuang.accounts import services as account_services
from zhichuang.accounts.models import RoleAssignment, User
from zhichuang.accounts.roles import Role
from zhichuang.core.validators import generate_credit_code, generate_id_number
from zhichuang.orgs import services as org_services
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization

_rng = random.Random(20261125)
_seq = itertools.count(1)

PASSWORD = "Test-password-2026"


def make_city(name="示范市总工会"):
    return org_services.organization_create(actor=None, kind=OrgKind.CITY, parent=None, name=name)


def make_district(city, name=None):
    return org_services.organization_create(
        actor=None,
        kind=OrgKind.DISTRICT,
        parent=city,
        name=name or f"第{next(_seq)}区总工会",
    )


def make_enterprise(district, name=None, **fields):
    fields.setdefault("credit_code", generate_credit_code(_rng))
    fields.setdefault("industry", "38")
    return org_services.organization_create(
        actor=None,
        kind=OrgKind.ENTERPRISE,
        parent=district,
        name=name or f"示范企业{next(_seq)}有限公司",
        **fields,
    )


def make_department(enterprise, name=None):
    return org_services.organization_create(
        actor=None,
        kind=OrgKind.DEPARTMENT,
        parent=enterprise,
        name=name or f"第{next(_seq)}车间",
    )


def make_partner(name=None, **fields):
    return org_services.organization_create(
        actor=None,
        kind=OrgKind.PARTNER,
        parent=None,
        name=name or f"示范大学{next(_seq)}",
        **fields,
    )


def new_id_number(birth_date=None, gender="M"):
    """A valid, unique ID number: each call gets its own birth date unless one is given."""
    birth_date = birth_date or datetime.date(1970, 1, 1) + datetime.timedelta(days=next(_seq))
    return generate_id_number(_rng, birth_date, gender)


def new_mobile():
    return f"139{next(_seq) + 10_000_000:08d}"[:11]


def make_worker(employer, *, name=None, department=None, mobile=None, password=PASSWORD, **profile):
    worker = account_services.worker_create(
        actor=None,
        name=name or f"职工{next(_seq)}",
        id_number=new_id_number(),
        mobile=mobile or new_mobile(),
        employer=employer,
        department=department,
        initial_password=password,
        **profile,
    )
    User.objects.filter(pk=worker.user_id).update(must_change_password=False)
    worker.user.refresh_from_db()
    return worker


def make_user(username=None, *, password=PASSWORD, **fields):
    user = User(
        username=username or f"user{next(_seq)}",
        display_name=fields.pop("display_name", "测试用户"),
        **fields,
    )
    user.set_password(password)
    user.save()
    return user


def grant(user, role: Role, org, *, can_view_pii=False):
    """A role assignment without going through the security administrator (test setup)."""
    assignment = RoleAssignment.objects.create(user=user, role=role, organization=org, can_view_pii=can_view_pii)
    user.__dict__.pop("_zhichuang_grants", None)
    return assignment


def make_admin(role: Role, org, *, username=None, can_view_pii=False, **fields):
    user = make_user(username, **fields)
    grant(user, role, org, can_view_pii=can_view_pii)
    return user


# Proposals (issue 3). A proposal is created as a draft through the real service; other states are set
# directly (test setup), with every field the workflow would have set on the way there (IMPLIED_BY_STATE),
# so each test prepares only its step. What a state implies beyond the proposal's own row (evaluations, a
# verified claim, a reward and its shares) is not made here: make_verified_claim and make_rewarded_proposal
# make those through the real services.
def _implied_by_state(proposal, state, now) -> dict:
    from datetime import timedelta
    from decimal import Decimal

    from zhichuang.proposals.enums import WAITING_STATES
    from zhichuang.proposals.enums import ProposalState as S
    from zhichuang.proposals.workflow import step_days

    after_decision = {S.ADOPTED, S.IMPLEMENTING, S.IMPLEMENTED, S.VERIFIED, S.REWARDED}
    implied = {
        "state": state,
        "number": f"P2026-T{proposal.pk:05d}",
        "round": 1,
        "submitted_at": now,
        "state_changed_at": now,
        # A waiting state has the deadline of its step; any other has none (proposal_transition).
        "due_at": now + timedelta(days=step_days(proposal, state)) if state in WAITING_STATES else None,
    }
    if state in after_decision | {S.NOT_ADOPTED}:
        implied["decided_at"] = now
    if state in {S.IMPLEMENTED, S.VERIFIED, S.REWARDED}:
        implied["implemented_at"] = now
        implied["implementation_evidence"] = "已在生产线安装并试运行一个月。"
    if state == S.VERIFIED:
        implied["verified_at"] = now
    if state == S.REWARDED:
        # The reward decided at the step: the third grade's amount of the default rule, nothing paid yet.
        implied |= {"rewarded_at": now, "reward_total": Decimal("1000.00"), "reward_paid": Decimal("0.00")}
    return implied


def make_proposal(lead, *, state="draft", members=None, **fields):
    from django.utils import timezone

    from zhichuang.proposals.enums import ProposalKind, ProposalState
    from zhichuang.proposals.models import Proposal
    from zhichuang.proposals.services import proposal_save_draft

    n = next(_seq)
    fields.setdefault("title", f"改进第{n}号工序的夹具定位方式")
    fields.setdefault("kind", ProposalKind.INNOVATION)
    fields.setdefault("problem", "夹具定位靠人工目测，每班返工十余件。")
    fields.setdefault("change", "增加定位销和限位块，一次装夹到位。")
    proposal = proposal_save_draft(actor=lead.user, members=members, **fields)
    if state != ProposalState.DRAFT:
        Proposal.objects.filter(pk=proposal.pk).update(**_implied_by_state(proposal, state, timezone.now()))
        proposal.refresh_from_db()
    return proposal


def make_campaign(organization, *, title=None, starts_on=None, ends_on=None, target_count=100):
    import datetime

    from django.utils import timezone

    from zhichuang.proposals.models import Campaign

    today = timezone.localdate()
    return Campaign.objects.create(
        organization=organization,
        title=title or f"节能降耗征集{next(_seq)}",
        theme="节能降耗",
        starts_on=starts_on or today - datetime.timedelta(days=10),
        ends_on=ends_on or today + datetime.timedelta(days=20),
        target_count=target_count,
    )


def make_reward_rule(organization, *, effective_from=None, version=None, grade_amounts=None, percent="5", cap=None):
    import datetime

    from zhichuang.proposals.models import RewardRule

    return RewardRule.objects.create(
        organization=organization,
        version=version or (RewardRule.objects.filter(organization=organization).count() + 1),
        effective_from=effective_from or datetime.date(2020, 1, 1),
        grade_amounts=grade_amounts or {"first": "5000.00", "second": "3000.00", "third": "1000.00"},
        benefit_percent=percent,
        cap=cap,
    )


def make_verified_claim(proposal, *, verifier, creator, net="100000.00"):
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from zhichuang.proposals.benefits import refresh_proposal_benefit
    from zhichuang.proposals.enums import ClaimStatus
    from zhichuang.proposals.models import BenefitClaim

    net = Decimal(net)
    claim = BenefitClaim.objects.create(
        proposal=proposal,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        gross=net,
        annual_gross=net,
        net=net,
        verified_gross=net,
        verified_net=net,
        status=ClaimStatus.VERIFIED,
        created_by=creator,
        verified_by=verifier,
        verified_at=timezone.now(),
    )
    refresh_proposal_benefit(proposal)
    return claim


def make_rewarded_proposal(lead, *, co_proposer, admin, finance):
    """A rewarded proposal of two proposers with everything its page lists: a verified claim corrected
    afterwards, a reward split between them, an enterprise recommendation. admin manages the lead's
    enterprise, finance verifies there."""
    from django.utils import timezone

    from zhichuang.proposals import rewards, workflow
    from zhichuang.proposals.enums import ProposalState
    from zhichuang.proposals.models import BenefitClaim, Proposal

    make_reward_rule(lead.employer)
    proposal = make_proposal(lead, state=ProposalState.VERIFIED, members=[(lead, "60"), (co_proposer, "40")])
    Proposal.objects.filter(pk=proposal.pk).update(grade="second", decided_at=timezone.now())
    claim = make_verified_claim(proposal, verifier=finance, creator=admin, net="80000.00")
    BenefitClaim.objects.filter(pk=claim.pk).update(net="75000.00")  # as a correction leaves it
    proposal.refresh_from_db()
    rewards.reward_decide(actor=admin, proposal=proposal)
    workflow.proposal_recommend(actor=admin, proposal=proposal)
    proposal.refresh_from_db()
    return proposal


def _city_admin():
    city = Organization.objects.get(kind=OrgKind.CITY, depth=1)
    return make_admin(Role.CITY_ADMIN, city)


def make_profile(worker=None, *, name=None, organization=None, actor=None, **fields):
    """A talent profile of a worker, or of an external person (name, a partner organisation or None)."""
    from zhichuang.talent import services as talent_services

    actor = actor or _city_admin()
    if worker is not None:
        return talent_services.profile_create(actor=actor, worker=worker, **fields)
    return talent_services.profile_create(
        actor=actor, name=name or f"专家{next(_seq)}", organization=organization, **fields
    )


def seed_honour_list():
    """The honour list its migration seeds: again after a transactional test emptied every table."""
    from zhichuang.talent.services import honour_list_restore

    honour_list_restore()


def make_honour(profile, honour_name="市工匠", *, year=2024, state="confirmed", actor=None, **fields):
    """An honour of the seeded list, walked through the workflow to state (nominated, verified, confirmed)."""
    from zhichuang.talent import services as talent_services
    from zhichuang.talent.models import HonourType

    seed_honour_list()
    actor = actor or _city_admin()
    honour_type = HonourType.objects.get(name=honour_name)
    honour = talent_services.honour_enter(actor=actor, profile=profile, honour_type=honour_type, year=year, **fields)
    if state == "nominated":
        return honour
    honour = talent_services.honour_verify(actor=actor, honour=honour, reason="测试核实")
    if state == "verified" or honour.state == state:
        return honour
    return talent_services.honour_confirm(actor=actor, honour=honour)


# Training (issue 13 §4): a training is made through the real services by an admin of its organiser, with
# sessions (today's by default, so a QR check-in is accepted) and opened for enrolment.
def make_training(
    organizer, *, admin=None, title=None, capacity=10, hours="8", share=80, sessions=1, on=None, **fields
):
    from django.utils import timezone

    from zhichuang.training import services as training_services
    from zhichuang.training.enums import TrainingState

    role = {OrgKind.CITY: Role.CITY_ADMIN, OrgKind.DISTRICT: Role.DISTRICT_ADMIN}.get(
        organizer.kind, Role.ENTERPRISE_ADMIN
    )
    admin = admin or make_admin(role, organizer)
    training = training_services.training_create(
        actor=admin,
        organizer=organizer,
        title=title or f"培训{next(_seq)}",
        capacity=capacity,
        hours=hours,
        attendance_share=share,
        **fields,
    )
    day = on or timezone.localdate()
    for n in range(sessions):
        training_services.session_add(
            actor=admin,
            training=training,
            date=day + datetime.timedelta(days=n),
            starts_at=datetime.time(9, 0),
            ends_at=datetime.time(12, 0),
            place="培训中心",
            hours="3",
        )
    training = training_services.training_move(actor=admin, training=training, to_state=TrainingState.OPEN)
    training.admin = admin
    return training


def make_expert(*, worker=None, name=None, organization=None, fields=(), industries=(), active=True, **extra):
    """An expert of the pool (invited by the city and admitted): a worker's, or an external person's by
    name. fields: technical field names of the city's list."""
    from zhichuang.experts import services as expert_services
    from zhichuang.experts.models import TechnicalField
    from zhichuang.orgs.models import Organization

    city = Organization.objects.get(kind=OrgKind.CITY, depth=1)
    city_admin = expert_pool_admin(city)
    expert = expert_services.expert_invite(
        actor=city_admin,
        worker=worker,
        name=name or ("" if worker else f"专家{next(_seq)}"),
        organization=organization,
        fields=list(TechnicalField.objects.filter(name__in=fields)),
        industries=list(industries),
        **extra,
    )
    if active:
        expert = expert_services.expert_admit(actor=city_admin, expert=expert)
    return expert


def expert_pool_admin(city):
    """The city's administrator who keeps the expert pool in tests (one, made when first needed)."""
    found = User.objects.filter(username="experts-city").first()
    return found or make_admin(Role.CITY_ADMIN, city, username="experts-city")
