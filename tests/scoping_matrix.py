"""Who sees what in the small city of the `city_tree` fixture.

One table, used by the selector, page and API matrix tests: for every role in
every position, exactly which organisations and which workers are visible.
Each domain module adds its records in its own tests/<label>/scoping_cases.py (proposals: which
proposal each position sees) and tests/<label>/listing_cases.py (the generic list test's rows).
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
