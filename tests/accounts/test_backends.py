from django.urls import reverse

from tests import factories


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
