from datetime import timedelta

from django.utils import timezone

from tests import factories
from zhichuang.accounts.models import User
from zhichuang.accounts.roles import Perm, Role
from zhichuang.notifications.routing import nearest_holders
from zhichuang.proposals.permissions import ProposalPerm


def test_the_enterprise_level_takes_precedence_over_the_district_and_the_city(city_tree):
    steel_admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    assert nearest_holders(ProposalPerm.MANAGE, org_path=city_tree["steel_shop"].path) == {steel_admin.pk}


def test_the_district_acts_where_the_enterprise_has_nobody_and_the_city_where_the_district_has_nobody(city_tree):
    north = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    city = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])  # another enterprise of the district
    assert nearest_holders(ProposalPerm.MANAGE, org_path=city_tree["mill"].path) == {north.pk}
    assert nearest_holders(ProposalPerm.MANAGE, org_path=city_tree["port"].path) == {city.pk}


def test_nobody_outside_the_scope_or_without_the_permission_is_chosen(city_tree):
    factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["port"])  # another district's enterprise
    factories.make_admin(Role.DISTRICT_ADMIN, city_tree["south"])
    factories.make_admin(Role.AUDITOR, city_tree["city"])  # no proposals permission
    finance = factories.make_admin(Role.FINANCE, city_tree["steel"])  # holds VIEW, not MANAGE
    assert nearest_holders(ProposalPerm.MANAGE, org_path=city_tree["steel"].path) == set()
    assert nearest_holders(ProposalPerm.VERIFY_BENEFITS, org_path=city_tree["steel"].path) == {finance.pk}
    # The personal-data permission is in no role: nobody is routed by it.
    assert nearest_holders(Perm.VIEW_PII, org_path=city_tree["steel"].path) == set()


def test_any_of_several_permissions_at_the_nearest_level(city_tree):
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    evaluator = factories.make_admin(Role.EVALUATOR, city_tree["steel"])
    factories.make_admin(Role.FINANCE, city_tree["steel"])
    perms = {ProposalPerm.MANAGE, ProposalPerm.EVALUATE}
    assert nearest_holders(perms, org_path=city_tree["steel"].path) == {admin.pk, evaluator.pk}


def test_disabled_and_expired_accounts_do_not_hold_the_level(city_tree):
    """A level whose only holders cannot log in does not stop the notice reaching the next level up."""
    disabled = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    expired = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    User.objects.filter(pk=disabled.pk).update(is_active=False)
    User.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    north = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    assert nearest_holders(ProposalPerm.MANAGE, org_path=city_tree["steel"].path) == {north.pk}


def test_routing_is_one_query(city_tree, django_assert_num_queries):
    factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    with django_assert_num_queries(1):
        nearest_holders(ProposalPerm.MANAGE, org_path=city_tree["steel"].path)
