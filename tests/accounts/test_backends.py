from django.urls import reverse

from tests import factories
from zhichuang.accounts.backends import UsernameOrMobileBackend
from zhichuang.accounts.gate import account_refusal
from zhichuang.accounts.roles import Role
from zhichuang.accounts.scoping import grants, scope_for
from zhichuang.proposals.permissions import ProposalPerm


def test_login_by_username_or_mobile(client, city_tree):
    worker = city_tree["steel_worker"]
    assert client.login(username=worker.user.username, password=factories.PASSWORD)
    assert client.login(username=worker.reveal_mobile(), password=factories.PASSWORD)
    assert not client.login(username="13800000000", password=factories.PASSWORD)


def test_demo_account_is_refused_outside_demo_mode(client, db, settings):
    factories.make_user("city-admin", is_demo=True)
    settings.DEMO_MODE = False
    assert not client.login(username="city-admin", password=factories.PASSWORD)
    response = client.post(reverse("accounts:login"), {"username": "city-admin", "password": factories.PASSWORD})
    assert response.context["form"].errors["__all__"] == ["演示账号仅在平台以演示模式运行时可以登录。"]
    settings.DEMO_MODE = True
    assert client.login(username="city-admin", password=factories.PASSWORD)


def test_session_user_comes_with_its_grants_in_one_query(city_tree, django_assert_num_queries):
    """get_user (each request of a session) reads the user and every role grant in one LEFT JOIN."""
    admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"], can_view_pii=True)
    factories.grant(admin, Role.EXPERT, city_tree["city"])
    with django_assert_num_queries(1):
        user = UsernameOrMobileBackend().get_user(admin.pk)
        assert user == admin and user.get_session_auth_hash() == admin.get_session_auth_hash()
        assert account_refusal(user) is None  # the gate reads the row, no query of its own
        assert sorted((g.role, g.org_path, g.can_view_pii) for g in grants(user)) == [
            (Role.DISTRICT_ADMIN, city_tree["north"].path, True),
            (Role.EXPERT, city_tree["city"].path, False),
        ]
        assert scope_for(user, ProposalPerm.VIEW).paths == (city_tree["north"].path,)


def test_session_user_without_roles_or_gone(db):
    user = factories.make_user()
    loaded = UsernameOrMobileBackend().get_user(user.pk)
    assert loaded == user and grants(loaded) == [] and not loaded._state.adding
    assert UsernameOrMobileBackend().get_user(user.pk + 1000) is None
    user.is_active = False
    user.save()
    # A disabled account's session still finds it, for the gate to end the session with the reason.
    assert account_refusal(UsernameOrMobileBackend().get_user(user.pk)).code == "account_disabled"


def test_loaded_user_saves_as_an_update(db):
    user = factories.make_user(display_name="旧名")
    loaded = UsernameOrMobileBackend().get_user(user.pk)
    loaded.display_name = "新名"
    loaded.save()
    user.refresh_from_db()
    assert user.display_name == "新名" and type(user).objects.count() == 1


def test_revoked_role_is_gone_at_the_next_request(client, city_tree):
    """Grants are read with the user on every request, never kept between requests."""
    admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    client.force_login(admin)
    assert client.get(reverse("proposals:list")).status_code == 200
    admin.role_assignments.all().delete()
    assert client.get(reverse("proposals:list")).status_code == 404  # refused without telling what is there
