"""The scoping matrix's proposals: one submitted proposal per enterprise and a draft, and which of them each
position of tests/scoping_matrix.py sees (on the pages, in the selectors and through the API)."""

from tests import factories

# Which proposal titles each position sees, for the data made by make_proposals.
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
