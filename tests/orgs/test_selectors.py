from tests import factories
from tests.scoping_matrix import positions
from zhichuang.accounts.roles import Role
from zhichuang.orgs.enums import KIND_DEPTH, OrgKind
from zhichuang.orgs.selectors import organization_choices, organization_list

CHOOSABLE = (OrgKind.DISTRICT, OrgKind.ENTERPRISE)


def test_kind_depth_is_where_the_tree_puts_each_level(city_tree):
    for key, kind in (("city", OrgKind.CITY), ("north", OrgKind.DISTRICT), ("steel", OrgKind.ENTERPRISE)):
        assert (city_tree[key].kind, city_tree[key].depth) == (kind, KIND_DEPTH[kind])


def test_choices_are_the_scoped_list_whenever_there_is_a_choice(city_tree):
    for position in positions(city_tree):
        for kind in CHOOSABLE:
            listed = list(organization_list(user=position.user, kind=kind).values_list("pk", "name"))
            choices = organization_choices(user=position.user, kind=kind, limit=10)
            assert choices == listed or (choices == [] and len(listed) <= 1), (position.label, kind)


def test_choices_ask_only_where_the_scope_may_hold_two(city_tree, django_assert_num_queries):
    users = {
        Role.CITY_ADMIN: factories.make_admin(Role.CITY_ADMIN, city_tree["city"]),
        Role.DISTRICT_ADMIN: factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]),
        Role.ENTERPRISE_ADMIN: factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"]),
    }
    expected = {
        Role.CITY_ADMIN: {OrgKind.DISTRICT: 2, OrgKind.ENTERPRISE: 3},
        Role.DISTRICT_ADMIN: {OrgKind.DISTRICT: 0, OrgKind.ENTERPRISE: 2},
        Role.ENTERPRISE_ADMIN: {OrgKind.DISTRICT: 0, OrgKind.ENTERPRISE: 0},
    }
    for role, user in users.items():
        organization_list(user=user).exists()  # the role assignments, loaded once per request
        for kind in CHOOSABLE:
            with django_assert_num_queries(1 if expected[role][kind] else 0):
                assert len(organization_choices(user=user, kind=kind, limit=10)) == expected[role][kind]


def test_ancestor_helpers_cut_paths_at_their_segments():
    from zhichuang.orgs.models import ancestor_at, ancestor_paths, common_ancestor

    steel_shop = "000001000002000003000004"
    assert ancestor_paths(steel_shop) == ["000001", "000001000002", "000001000002000003", steel_shop]
    assert ancestor_at(steel_shop, 2) == "000001000002"
    assert common_ancestor([steel_shop, "000001000002000007", "000001000002000003"]) == "000001000002"
    assert common_ancestor(["000001000002", "000009"]) == "" and common_ancestor([]) == ""
