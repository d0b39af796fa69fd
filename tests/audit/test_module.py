from django.urls import reverse

from tests import factories
from zhichuang.accounts.roles import Role


def test_the_auditors_home_panel_lists_entries_in_words(client, city_tree):
    factories.make_user("zhoumin", display_name="周敏")
    client.login(username="zhoumin", password=factories.PASSWORD)
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))
    html = client.get(reverse("core:home")).content.decode()
    panel = html[html.index('data-role="auditor"') :]
    assert "登录 · zhoumin · 账号 周敏" in panel
    assert "auth.login" not in panel and "accounts.user" not in panel
