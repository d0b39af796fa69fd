from tests import factories
from zhichuang.accounts.roles import Perm, Role
from zhichuang.accounts.scoping import has_perm, scope_for
from zhichuang.orgs.models import Organization


def test_scope_covers_whole_subtree_and_nothing_else(city_tree):
    admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    visible = set(Organization.objects.filter(scope_for(admin, Perm.VIEW_ORGS).q()).values_list("name", flat=True))
    assert visible == {"北区总工会", "北钢集团", "炼钢车间", "北纺厂"}
    assert has_perm(admin, Perm.MANAGE_WORKERS, city_tree["steel_shop"])
    assert not has_perm(admin, Perm.MANAGE_WORKERS, city_tree["port"])


def test_scope_query_count_is_constant_whatever_the_depth(city_tree, django_assert_num_queries):
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    with django_assert_num_queries(2):  # grants once, then one query for the subtree
        assert Organization.objects.filter(scope_for(admin, Perm.VIEW_ORGS).q()).count() == 7
        assert scope_for(admin, Perm.VIEW_WORKERS).covers(city_tree["steel_shop"].path)
