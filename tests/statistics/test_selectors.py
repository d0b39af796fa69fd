import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests import factories
from tests.scoping_matrix import positions
from zhichuang.accounts.roles import Role
from zhichuang.proposals.models import Proposal, ProposalMember
from zhichuang.proposals.selectors import proposal_list
from zhichuang.proposals.statistics import statistics_summary
from zhichuang.statistics.services import statistics_rebuild

YEAR = 2025


def _at(month, day=15, hour=10):
    return timezone.make_aware(datetime.datetime(YEAR, month, day, hour))


def _proposal(
    worker, state, month, *, kind="innovation", net=None, reward=None, paid=None, members=None, day=15, hour=10
):
    proposal = factories.make_proposal(worker, state=state, kind=kind, members=members)
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=_at(month, day, hour),
        submitted_at=_at(month, day, hour),
        net_annual_benefit=net,
        reward_total=reward,
        reward_paid=paid,
    )
    return proposal


@pytest.fixture
def stats_city(city_tree):
    t = city_tree
    steel_mate = factories.make_worker(t["steel"], name="赵敏")
    both = [(t["steel_worker"], Decimal("60")), (steel_mate, Decimal("40"))]
    _proposal(t["steel_worker"], "submitted", 1)
    _proposal(t["steel_worker"], "adopted", 1, kind="design", members=both)
    _proposal(steel_mate, "implementing", 2, kind="rational")
    _proposal(t["steel_worker"], "implemented", 3, net=Decimal("1200.50"))  # benefit not yet through verification
    _proposal(t["steel_worker"], "verified", 3, net=Decimal("250000.00"), members=both)
    _proposal(
        t["steel_worker"],
        "rewarded",
        12,
        day=31,
        hour=23,
        net=Decimal("80000.25"),
        reward=Decimal("4000.13"),
        paid=Decimal("2400.08"),  # the lead's part paid, the co-proposer's pending
    )
    _proposal(t["steel_worker"], "rewarded", 6, reward=Decimal("1000.00"), paid=Decimal("0.00"))  # on its grade alone
    _proposal(t["steel_worker"], "not_adopted", 4)
    _proposal(t["steel_worker"], "withdrawn", 4)
    _proposal(t["mill_worker"], "adopted", 5, kind="invention")
    _proposal(t["mill_worker"], "verified", 5, net=Decimal("-300.00"))
    # The south must never show up in a northern figure.
    _proposal(
        t["port_worker"], "rewarded", 5, net=Decimal("999999.99"), reward=Decimal("50000.00"), paid=Decimal("50000.00")
    )
    _proposal(t["port_worker"], "submitted", 7, kind="design")
    # Other years and drafts are not counted in YEAR.
    other = factories.make_proposal(t["steel_worker"], state="adopted")
    last_year = timezone.make_aware(datetime.datetime(YEAR - 1, 12, 31, 23))
    Proposal.objects.filter(pk=other.pk).update(created_at=last_year, submitted_at=last_year)
    factories.make_proposal(t["steel_worker"])
    factories.make_proposal(t["port_worker"])
    statistics_rebuild()
    return t


def _list_kwargs(filters: dict) -> dict:
    kwargs = {}
    for name, value in filters.items():
        if value in (None, ""):
            continue
        if name in ("date_from", "date_to"):
            kwargs[name] = datetime.date.fromisoformat(value)
        elif name == "state":
            kwargs[name] = list(value)
        else:
            kwargs[name] = value
    return kwargs


def _check_figure(user, figure, attribute):
    rows = proposal_list(user=user, **_list_kwargs(figure.filters)).order_by()
    if attribute == "savings":
        expected = sum((p.net_annual_benefit or Decimal("0")) for p in rows)
    elif attribute == "rewards":
        expected = sum((p.reward_total or Decimal("0")) for p in rows)
    elif attribute == "rewards_paid":
        expected = sum((p.reward_paid or Decimal("0")) for p in rows)
    else:
        expected = rows.count()
    assert figure.value == expected, (attribute, figure.filters)


def _check_participation(user, participation):
    proposals = proposal_list(user=user, **_list_kwargs(participation.proposers.filters)).order_by()
    proposers = set(ProposalMember.objects.filter(proposal__in=proposals).values_list("worker_id", flat=True))
    assert participation.proposers.value == len(proposers)


FIGURES = ("submitted", "adopted", "implemented", "verified", "savings", "rewarded", "rewards", "rewards_paid")


def _check_all(user, stats):
    rows = [stats.totals, *(r.totals for r in stats.by_month + stats.by_kind + stats.by_district + stats.by_industry)]
    for totals in rows:
        for attribute in FIGURES:
            _check_figure(user, getattr(totals, attribute), attribute)
    if stats.participation is not None:
        _check_participation(user, stats.participation)
    for row in stats.by_district:
        if row.participation is not None:
            _check_participation(user, row.participation)


def test_every_figure_reconciles_with_the_proposal_list_for_every_position(stats_city):
    checked = 0
    for position in positions(stats_city):
        if position.label.startswith("worker@"):
            continue  # workers have no statistics page; their own proposals are not a scope
        stats = statistics_summary(user=position.user, year=YEAR)
        _check_all(position.user, stats)
        checked += stats.totals.submitted.value
    assert checked > 0


# (submitted, adopted or beyond, verified savings) of each filter, counted by hand from stats_city: reconciling
# with the proposal list alone would pass with every figure 0 (or with both sides wrong the same way).
FILTERED = {
    ("", None): (13, 9, Decimal("1329700.24")),
    ("", "north"): (11, 8, Decimal("329700.25")),
    ("", "south"): (2, 1, Decimal("999999.99")),
    ("innovation", None): (9, 6, Decimal("1329700.24")),
    ("innovation", "north"): (8, 5, Decimal("329700.25")),
    ("innovation", "south"): (1, 1, Decimal("999999.99")),
    ("design", None): (2, 1, Decimal("0")),
    ("design", "north"): (1, 1, Decimal("0")),
    ("design", "south"): (1, 0, Decimal("0")),
}


@pytest.mark.parametrize("kind", ["", "innovation", "design"])
def test_filtered_figures_reconcile(stats_city, kind):
    city_admin = factories.make_admin(Role.CITY_ADMIN, stats_city["city"])
    for district in (None, "north", "south"):
        stats = statistics_summary(
            user=city_admin, year=YEAR, district=stats_city[district] if district else None, kind=kind
        )
        t = stats.totals
        assert (t.submitted.value, t.adopted.value, t.savings.value) == FILTERED[(kind, district)], district
        _check_all(city_admin, stats)


def test_city_totals_have_the_expected_values(stats_city):
    city_admin = factories.make_admin(Role.CITY_ADMIN, stats_city["city"])
    stats = statistics_summary(user=city_admin, year=YEAR)
    t = stats.totals
    assert t.submitted.value == 13
    assert t.adopted.value == 9  # adopted ×2, implementing, implemented, verified ×2, rewarded ×3
    assert t.implemented.value == 6
    assert t.savings.value == Decimal("250000.00") + Decimal("80000.25") - Decimal("300.00") + Decimal("999999.99")
    assert t.rewards.value == Decimal("55000.13")
    assert t.rewards_paid.value == Decimal("52400.08")
    assert t.adoption_rate == Decimal("69.2")
    assert t.implementation_rate == Decimal("66.7")
    # 张伟, 赵敏, 李娜, 王强: the co-proposer of two proposals counts once.
    assert (stats.participation.proposers.value, stats.participation.workers) == (4, 4)
    assert stats.participation.rate == Decimal("100.0")
    assert [row.totals.submitted.value for row in stats.by_month] == [2, 1, 2, 2, 3, 1, 1, 0, 0, 0, 0, 1]
    assert {row.label: row.totals.submitted.value for row in stats.by_district} == {"北区总工会": 11, "南区总工会": 2}


def test_district_admin_sees_nothing_of_another_district(stats_city):
    south_admin = factories.make_admin(Role.DISTRICT_ADMIN, stats_city["south"])
    stats = statistics_summary(user=south_admin, year=YEAR)
    assert stats.totals.submitted.value == 2
    assert stats.totals.savings.value == Decimal("999999.99")
    assert [row.label for row in stats.by_district] == ["南区总工会"]
    assert (stats.participation.proposers.value, stats.participation.workers) == (1, 1)
    # Asking for the other district gives nothing, not the other district's figures.
    north = statistics_summary(user=south_admin, year=YEAR, district=stats_city["north"])
    assert north.totals.submitted.value == 0
    assert north.by_district == [] and north.participation.proposers.value == 0


def test_enterprise_admin_sees_own_enterprise_only(stats_city):
    steel_admin = factories.make_admin(Role.ENTERPRISE_ADMIN, stats_city["steel"])
    stats = statistics_summary(user=steel_admin, year=YEAR)
    assert stats.totals.submitted.value == 9
    assert stats.totals.savings.value == Decimal("330000.25")
    assert (stats.participation.proposers.value, stats.participation.workers) == (2, 2)
    assert [(row.label, row.totals.submitted.value) for row in stats.by_district] == [("北区总工会", 9)]


def test_user_without_scope_gets_zeros(stats_city):
    expert = factories.make_admin(Role.EXPERT, stats_city["city"])
    stats = statistics_summary(user=expert, year=YEAR)
    assert stats.totals.submitted.value == 0 and stats.is_empty
    assert stats.by_district == [] and stats.by_industry == []


def test_kind_filter_leaves_participation_out(stats_city):
    city_admin = factories.make_admin(Role.CITY_ADMIN, stats_city["city"])
    stats = statistics_summary(user=city_admin, year=YEAR, kind="design")
    assert stats.participation is None
    assert stats.totals.submitted.value == 2
    assert [row.key for row in stats.by_kind] == ["design"]


def test_links_carry_the_filters(stats_city):
    city_admin = factories.make_admin(Role.CITY_ADMIN, stats_city["city"])
    stats = statistics_summary(user=city_admin, year=YEAR, district=stats_city["north"])
    assert stats.totals.adopted.url == (
        f"/proposals/?date_from={YEAR}-01-01&date_to={YEAR}-12-31&district={stats_city['north'].pk}"
        "&state=adopted&state=implemented&state=implementing&state=rewarded&state=verified"
    )
    february = stats.by_month[1].totals.submitted
    assert february.filters["date_from"] == f"{YEAR}-02-01" and february.filters["date_to"] == f"{YEAR}-02-28"
