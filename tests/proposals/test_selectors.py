import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests import factories, scoping_matrix
from tests.proposals import scoping_cases
from zhichuang.accounts.models import User
from zhichuang.accounts.roles import Role
from zhichuang.core.errors import NotFound
from zhichuang.core.validators import FILTER_DATE_MAX, FILTER_DATE_MIN, ID_MAX
from zhichuang.notifications.models import Notification
from zhichuang.proposals.enums import ProposalKind, ProposalState
from zhichuang.proposals.models import Proposal
from zhichuang.proposals.notifications import deadline_reminders_send
from zhichuang.proposals.selectors import (
    campaign_list,
    colleague_get,
    colleague_list,
    my_scoring,
    proposal_get,
    proposal_list,
)


def test_proposal_visibility_matrix(city_tree):
    made = scoping_cases.make_proposals(city_tree)
    positions = scoping_matrix.positions(city_tree)
    assert {p.label for p in positions} == set(scoping_cases.PROPOSAL_VISIBILITY)
    by_title = {p.title: p for p in made.values()}
    for position in positions:
        expected = scoping_cases.PROPOSAL_VISIBILITY[position.label]
        seen = {p.title for p in proposal_list(user=position.user)}
        assert seen == expected, position.label
        for title, proposal in by_title.items():
            if title in expected:
                assert proposal_get(user=position.user, pk=proposal.pk).title == title
            else:
                with pytest.raises(NotFound):
                    proposal_get(user=position.user, pk=proposal.pk)


def test_co_proposer_sees_the_proposal_but_a_colleague_does_not(shop):
    proposal = factories.make_proposal(shop.lead, members=[(shop.lead, 50), (shop.colleague, 50)])
    stranger = factories.make_worker(shop.steel)
    assert [p.pk for p in proposal_list(user=shop.colleague.user)] == [proposal.pk]
    assert list(proposal_list(user=stranger.user)) == []
    assert list(proposal_list(user=shop.admin)) == []  # a draft is nobody else's business


def _gets(user, pk) -> bool:
    try:
        proposal_get(user=user, pk=pk)
    except NotFound:
        return False
    return True


def test_get_shows_exactly_what_the_list_shows(shop):
    """proposal_get judges the loaded row in Python; it must agree with visible_q in every case."""
    both = shop.colleague  # a steel worker who also administers the port enterprise
    factories.grant(both.user, Role.ENTERPRISE_ADMIN, shop.tree["port"])
    port_worker = shop.tree["port_worker"]
    made = {
        "co-proposed draft": factories.make_proposal(shop.lead, members=[(shop.lead, 50), (both, 50)]),
        "co-proposed": factories.make_proposal(
            shop.lead, state=ProposalState.SUBMITTED, members=[(shop.lead, 50), (both, 50)]
        ),
        "own draft": factories.make_proposal(both),
        "steel": factories.make_proposal(shop.lead, state=ProposalState.SUBMITTED),
        "port": factories.make_proposal(port_worker, state=ProposalState.SUBMITTED),
        "port draft": factories.make_proposal(port_worker),
    }
    seen_by_both = {title for title, p in made.items() if _gets(both.user, p.pk)}
    assert seen_by_both == {"co-proposed draft", "co-proposed", "own draft", "port"}
    users = [both.user, shop.lead.user, port_worker.user, shop.admin, shop.other_admin, shop.district, shop.city]
    for user in [*users, shop.evaluator, shop.tree["mill_worker"].user, AnonymousUser()]:
        listed = {p.pk for p in proposal_list(user=user)}
        for title, proposal in made.items():
            assert _gets(user, proposal.pk) == (proposal.pk in listed), (str(user), title)
    with pytest.raises(NotFound):
        proposal_get(user=shop.city, pk=max(p.pk for p in made.values()) + 1)


def test_get_needs_no_query_beyond_the_row_unless_the_scope_cannot_decide(shop, django_assert_num_queries):
    proposal = factories.make_proposal(
        shop.lead, state=ProposalState.SUBMITTED, members=[(shop.lead, 50), (shop.colleague, 50)]
    )
    # A fresh user object each: the role assignments (one query) are loaded once per request.
    for user, queries in ((shop.district, 2), (shop.lead.user, 2), (shop.colleague.user, 3)):
        fresh = User.objects.get(pk=user.pk)
        with django_assert_num_queries(queries):  # grants, the row; a co-proposer: their membership
            proposal_get(user=fresh, pk=proposal.pk)


def test_filters(shop):
    today = timezone.localdate()
    campaign = factories.make_campaign(shop.steel)
    old = factories.make_proposal(shop.lead, state=ProposalState.ADOPTED, kind=ProposalKind.DESIGN)
    forty_days_ago = timezone.now() - timedelta(days=40)
    Proposal.objects.filter(pk=old.pk).update(
        created_at=forty_days_ago, submitted_at=forty_days_ago, net_annual_benefit=Decimal("50000.00")
    )
    new = factories.make_proposal(shop.lead, state=ProposalState.SUBMITTED, campaign=campaign)
    Proposal.objects.filter(pk=new.pk).update(due_at=timezone.now() - timedelta(hours=1))
    port = factories.make_proposal(shop.tree["port_worker"], state=ProposalState.SUBMITTED)

    def ids(**filters):
        return {p.pk for p in proposal_list(user=shop.city, **filters)}

    assert ids() == {old.pk, new.pk, port.pk}
    assert ids(state=ProposalState.ADOPTED) == {old.pk}
    assert ids(state=[ProposalState.ADOPTED, ProposalState.SUBMITTED]) == {old.pk, new.pk, port.pk}
    assert ids(kind=ProposalKind.DESIGN) == {old.pk}
    assert ids(campaign=campaign) == {new.pk}
    assert ids(district=shop.tree["south"]) == {port.pk}
    assert ids(enterprise=shop.steel.pk) == {old.pk, new.pk}
    assert ids(industry="38") == {old.pk, new.pk, port.pk}
    assert ids(date_from=today - datetime.timedelta(days=1)) == {new.pk, port.pk}
    assert ids(date_to=today - datetime.timedelta(days=30)) == {old.pk}
    assert ids(benefit_min=Decimal("50000"), benefit_max=Decimal("50000")) == {old.pk}
    assert ids(benefit_min=Decimal("50000.01")) == set()
    assert ids(overdue=True) == {new.pk}
    assert ids(overdue=False) == {old.pk, port.pk}
    assert {p.pk: p.is_overdue_now for p in proposal_list(user=shop.city)}[new.pk] is True


def test_date_to_includes_the_whole_last_day(shop):
    """date_to also bounds created_at (created before submitted): the last day's late submissions stay in."""
    late = timezone.make_aware(datetime.datetime(2025, 6, 30, 23, 59))
    proposal = factories.make_proposal(shop.lead, state=ProposalState.SUBMITTED)
    Proposal.objects.filter(pk=proposal.pk).update(created_at=late, submitted_at=late)
    day = datetime.date(2025, 6, 30)
    assert [p.pk for p in proposal_list(user=shop.city, date_to=day)] == [proposal.pk]
    assert list(proposal_list(user=shop.city, date_to=day - timedelta(days=1))) == []


def test_filters_at_the_bounds_the_forms_accept_still_query(shop):
    """The forms and the API refuse values past these bounds; at them the database still compares."""
    proposal = factories.make_proposal(shop.lead, state=ProposalState.SUBMITTED)
    widest = proposal_list(user=shop.district, date_from=FILTER_DATE_MIN, date_to=FILTER_DATE_MAX)
    assert [p.pk for p in widest] == [proposal.pk]
    for name in ("district", "enterprise", "campaign"):
        assert list(proposal_list(user=shop.district, **{name: ID_MAX})) == [], name


def test_a_proposal_cannot_be_submitted_before_it_was_created(shop):
    proposal = factories.make_proposal(shop.lead, state=ProposalState.SUBMITTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(submitted_at=proposal.created_at - timedelta(seconds=1))


def test_list_query_count_is_constant(shop, django_assert_num_queries):
    factories.make_proposal(shop.lead, state=ProposalState.SUBMITTED)
    user = factories.make_user()
    factories.grant(user, factories.Role.ENTERPRISE_ADMIN, shop.steel)

    def run():
        rows = list(proposal_list(user=user)[:50])
        return [(p.enterprise.name, p.district.name, p.lead.name) for p in rows]  # what a list shows

    with django_assert_num_queries(3) as one:  # grants, own proposals (one UNION), the page
        run()
    for _ in range(4):
        factories.make_proposal(shop.lead, state=ProposalState.SUBMITTED)
    user.__dict__.pop("_zhichuang_grants", None)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(run()) == 5


def test_campaigns_visible_to_workers_below_and_staff_in_scope(shop):
    city = factories.make_campaign(shop.tree["city"], title="全市节能")
    steel = factories.make_campaign(shop.steel, title="北钢安全月")
    port = factories.make_campaign(shop.tree["port"], title="南港降本")
    assert {c.title for c in campaign_list(user=shop.lead.user)} == {city.title, steel.title}
    assert {c.title for c in campaign_list(user=shop.other_admin)} == {port.title}
    assert {c.title for c in campaign_list(user=shop.district)} == {steel.title}


def test_deadline_reminders_once_a_day_to_the_responsible_people(shop):
    proposal = factories.make_proposal(shop.lead, state=ProposalState.SUBMITTED)
    Proposal.objects.filter(pk=proposal.pk).update(due_at=timezone.now() - timedelta(days=1))
    factories.make_proposal(shop.lead, state=ProposalState.SUBMITTED)  # not yet due
    assert deadline_reminders_send() == 1
    assert set(Notification.objects.filter(kind="overdue").values_list("user_id", flat=True)) == {
        shop.admin.pk,
        shop.evaluator.pk,
    }
    assert deadline_reminders_send() == 0
    assert deadline_reminders_send(now=timezone.now() + timedelta(days=1, minutes=1)) == 1


def test_deadline_reminders_reach_district_staff_where_the_enterprise_has_none(shop):
    """北纺厂 has no staff of its own: the north district's evaluator and admin can act, so they are told.
    北钢 has its own, so the district's people are not told about its proposals; nobody in the south is."""
    tree = shop.tree
    district_evaluator = factories.make_admin(Role.EVALUATOR, tree["north"])
    factories.make_admin(Role.EVALUATOR, tree["south"])
    factories.make_admin(Role.CITY_ADMIN, tree["city"])
    mill = factories.make_proposal(tree["mill_worker"], state=ProposalState.SUBMITTED)
    steel = factories.make_proposal(shop.lead, state=ProposalState.SUBMITTED)
    Proposal.objects.filter(pk__in=[mill.pk, steel.pk]).update(due_at=timezone.now() - timedelta(days=1))
    assert deadline_reminders_send() == 2
    told = Notification.objects.filter(kind="overdue")
    mill_told = set(told.filter(proposal=mill).values_list("user_id", flat=True))
    assert mill_told == {district_evaluator.pk, shop.district.pk}
    assert set(told.filter(proposal=steel).values_list("user_id", flat=True)) == {shop.admin.pk, shop.evaluator.pk}


def test_send_deadline_reminders_command(shop, capsys):
    proposal = factories.make_proposal(shop.lead, state=ProposalState.IMPLEMENTED)
    Proposal.objects.filter(pk=proposal.pk).update(due_at=timezone.now() - timedelta(days=1))
    call_command("send_deadline_reminders")
    assert "1" in capsys.readouterr().out
    assert set(Notification.objects.values_list("user_id", flat=True)) == {shop.admin.pk, shop.finance.pk}


def test_colleague_list_is_the_users_own_enterprise(shop):
    mate = factories.make_worker(shop.steel, name="张三")
    factories.make_worker(shop.tree["mill"], name="张四")  # another enterprise of the same district
    names = list(colleague_list(user=shop.lead.user, name="张").values_list("name", flat=True))
    assert sorted(names) == sorted(["张三", "张伟"])  # 张伟 is the lead
    everyone = set(colleague_list(user=shop.lead.user).values_list("pk", flat=True))
    assert everyone == {shop.lead.pk, shop.colleague.pk, mate.pk}
    # An administrator is no worker: nobody to pick.
    assert not colleague_list(user=shop.admin).exists()
    assert colleague_get(user=shop.lead.user, pk=mate.pk) == mate
    with pytest.raises(NotFound):
        colleague_get(user=shop.lead.user, pk=shop.tree["mill_worker"].pk)


def test_proposal_list_mine_recommended_and_several_states(shop):
    own = factories.make_proposal(shop.lead, state="adopted", title="我的")
    shared = factories.make_proposal(
        shop.colleague, state="implemented", members=[(shop.colleague, "50"), (shop.lead, "50")]
    )
    other = factories.make_proposal(shop.colleague, state="submitted", title="别人的")
    Proposal.objects.filter(pk=shared.pk).update(recommended_level="district")
    assert set(proposal_list(user=shop.admin, member=shop.lead.user)) == {own, shared}
    assert set(proposal_list(user=shop.lead.user, member=shop.lead.user)) == {own, shared}
    assert list(proposal_list(user=shop.admin, recommended_level="district")) == [shared]
    assert list(proposal_list(user=shop.admin, recommended_level=["enterprise"])) == []
    assert set(proposal_list(user=shop.admin, state=["adopted", "submitted"])) == {own, other}
    assert set(proposal_list(user=shop.admin, state=("implemented",), kind=[own.kind])) == {shared}
    # Outside the user's scope, "mine" of somebody else shows nothing.
    assert not proposal_list(user=shop.other_admin, member=shop.lead.user).exists()


@pytest.mark.django_db
def test_my_scoring_asks_nothing_where_the_user_scores_none_of_the_rows(shop, django_assert_num_queries):
    evaluating = factories.make_proposal(shop.lead, state=ProposalState.EVALUATING)
    port = factories.make_proposal(shop.tree["port_worker"], state=ProposalState.EVALUATING)
    submitted = factories.make_proposal(shop.lead, state=ProposalState.SUBMITTED)
    rows = list(Proposal.objects.filter(pk__in=[evaluating.pk, port.pk, submitted.pk]))
    for user in (shop.district, shop.finance, shop.evaluator):
        my_scoring(user=user, proposals=[])  # the user's roles, loaded once per request
    for user in (shop.district, shop.finance):
        with django_assert_num_queries(0):
            assert not my_scoring(user=user, proposals=rows)
    with django_assert_num_queries(1):
        marks = my_scoring(user=shop.evaluator, proposals=rows)
    assert (marks.scored, marks.unscored) == (frozenset(), frozenset({evaluating.pk}))  # not the port's
