"""Who sees what in the small city of the `city_tree` fixture.

One table, used by the selector, page and API matrix tests: for every role in
every position, exactly which organisations and which workers are visible.
Domain modules extend it with their own records.
"""

from dataclasses import dataclass

from tests import factories
from zhichuang.accounts.roles import Role

ALL_ORGS = {"示范市总工会", "北区总工会", "南区总工会", "北钢集团", "炼钢车间", "北纺厂", "南港公司"}
ALL_WORKERS = {"张伟", "李娜", "王强"}
NORTH_ORGS = {"北区总工会", "北钢集团", "炼钢车间", "北纺厂"}
STEEL_ORGS = {"北钢集团", "炼钢车间"}


@dataclass
class Position:
    label: str
    user: object
    orgs: set
    workers: set


# (label, role, fixture key of the organisation, visible organisations, visible workers)
MATRIX = [
    ("city_admin@city", Role.CITY_ADMIN, "city", ALL_ORGS, ALL_WORKERS),
    ("district_admin@north", Role.DISTRICT_ADMIN, "north", NORTH_ORGS, {"张伟", "李娜"}),
    ("district_admin@south", Role.DISTRICT_ADMIN, "south", {"南区总工会", "南港公司"}, {"王强"}),
    ("enterprise_admin@steel", Role.ENTERPRISE_ADMIN, "steel", STEEL_ORGS, {"张伟"}),
    ("enterprise_admin@port", Role.ENTERPRISE_ADMIN, "port", {"南港公司"}, {"王强"}),
    ("evaluator@steel", Role.EVALUATOR, "steel", STEEL_ORGS, set()),
    ("finance@mill", Role.FINANCE, "mill", {"北纺厂"}, set()),
    ("expert@city", Role.EXPERT, "city", set(), set()),
    ("sysadmin@city", Role.SYSADMIN, "city", ALL_ORGS, ALL_WORKERS),
    ("secadmin@city", Role.SECADMIN, "city", ALL_ORGS, set()),
    ("auditor@city", Role.AUDITOR, "city", set(), set()),
]


def positions(city_tree) -> list[Position]:
    result = [
        Position(label, factories.make_admin(role, city_tree[org_key], username=label.replace("@", "-")), orgs, workers)
        for label, role, org_key, orgs, workers in MATRIX
    ]
    # A worker sees their own employer's part of the tree and their own profile only.
    result.append(Position("worker@steel", city_tree["steel_worker"].user, STEEL_ORGS, {"张伟"}))
    result.append(Position("worker@port", city_tree["port_worker"].user, {"南港公司"}, {"王强"}))
    return result


# Proposals (issue 3): which proposal titles each position sees, for the data made by make_proposals.
# Drafts are the worker's own: no administrator sees one, not even the worker's enterprise admin.
PROPOSAL_VISIBILITY = {
    "city_admin@city": {"北钢提案", "北纺提案", "南港提案"},
    "district_admin@north": {"北钢提案", "北纺提案"},
    "district_admin@south": {"南港提案"},
    "enterprise_admin@steel": {"北钢提案"},
    "enterprise_admin@port": {"南港提案"},
    "evaluator@steel": {"北钢提案"},
    "finance@mill": {"北纺提案"},
    "expert@city": set(),
    "sysadmin@city": set(),
    "secadmin@city": set(),
    "auditor@city": set(),
    "worker@steel": {"北钢提案", "北钢草稿"},
    "worker@port": {"南港提案"},
}


def make_proposals(city_tree) -> dict:
    """One submitted proposal per enterprise, and a draft of the steel worker."""
    return {
        "steel": factories.make_proposal(city_tree["steel_worker"], state="submitted", title="北钢提案"),
        "steel_draft": factories.make_proposal(city_tree["steel_worker"], title="北钢草稿"),
        "mill": factories.make_proposal(city_tree["mill_worker"], state="submitted", title="北纺提案"),
        "port": factories.make_proposal(city_tree["port_worker"], state="submitted", title="南港提案"),
    }
