"""The similar panel on the submission form and the evaluator's page: likely duplicates marked apart from
related proposals, weak matches hidden, the notice under the title, and another unit's proposal shown as a
card of its title, enterprise, state and year only."""

import re

import pytest
from django.urls import reverse

from tests import factories
from tests.similarity.test_engine import LONG_ORIGINAL, LONG_OTHER_IDEA
from zhichuang.accounts.roles import Role
from zhichuang.proposals.search import proposal_reindex

PUMP_TITLE, PUMP_BODY = LONG_ORIGINAL.split("\n")
PUMP = {"title": PUMP_TITLE, "problem": PUMP_BODY[:60], "change": PUMP_BODY[60:]}
OTHER_TITLE, OTHER_BODY = LONG_OTHER_IDEA.split("\n")
# Other ideas of the city, so that the index's frequencies are a little like a city's.
BACKGROUND = [
    ("空压机加装变频器降低能耗", "车间空压机工频运行，用气量小时仍满负荷，电费高。", "加装变频器按管网压力调节转速。"),
    ("食堂排烟罩清洗改进", "油烟罩油污厚，有火灾隐患，清洗难。", "加装油网自动清洗装置，每天自动冲洗。"),
    ("皮带输送机跑偏自动纠偏装置", "输送皮带经常跑偏，撒料严重。", "在头尾部加装自动调心托辊。"),
    ("设备点检二维码管理", "纸质点检表容易漏填，数据无法统计。", "每台设备贴二维码，手机扫码填写。"),
    ("焊接烟尘收集装置", "车间焊接烟尘大，工人呼吸不舒服。", "在焊接工位上方安装移动式烟尘净化器。"),
    (OTHER_TITLE, OTHER_BODY[:40], OTHER_BODY[40:]),
]


PUMP_MOBILE = "13987654321"


@pytest.fixture
def planted(city_tree):
    """The pump idea handed in at the port (another district than the steel works), and the background."""
    port_worker = factories.make_worker(city_tree["port"], name="钱多多", mobile=PUMP_MOBILE)
    pump = factories.make_proposal(port_worker, state="submitted", **PUMP)
    proposals = [pump]
    for title, problem, change in BACKGROUND:
        proposals.append(
            factories.make_proposal(
                city_tree["mill_worker"], state="submitted", title=title, problem=problem, change=change
            )
        )
    for proposal in proposals:
        proposal_reindex(proposal_id=proposal.pk)
    return {"pump": pump, "port_worker": port_worker}


def _panel(client, **typed):
    response = client.get(reverse("proposals:similar"), typed)
    assert response.status_code == 200
    return response.content.decode()


def test_a_planted_duplicate_is_marked_and_the_notice_counts_it(client, city_tree, planted):
    client.force_login(city_tree["steel_worker"].user)
    html = _panel(client, title=PUMP["title"], problem=PUMP["problem"] + PUMP["change"])
    pump = planted["pump"]
    assert f'data-similar="{pump.pk}" data-match="duplicate"' in html
    assert "可能重复" in html
    # The notice under the title, swapped in out of band by the same answer.
    notice = html[html.index('id="zc-similar-notice"') :]
    assert 'hx-swap-oob="true"' in notice[:200]
    shown = re.findall(r'data-similar="(\d+)" data-match="(\w+)"', notice)
    assert shown[0] == (str(pump.pk), "duplicate")
    assert f"可能与 {len(shown)} 个已有项目相似" in notice
    assert "（其中 1 个可能重复）" in notice


def test_another_units_proposal_opens_as_a_card_of_what_may_be_shown(client, city_tree, planted):
    client.force_login(city_tree["steel_worker"].user)
    html = _panel(client, title=PUMP["title"], problem=PUMP["problem"] + PUMP["change"])
    pump, worker = planted["pump"], planted["port_worker"]
    card = re.search(rf'data-similar-card="{pump.pk}">(.*?)</div>\s*</details>', html, re.S).group(1)
    assert PUMP["title"] in card and "南港公司" in card and "已提交" in card and str(pump.submitted_at.year) in card
    assert "只能看到这些" in card
    assert "其他单位的项目只显示名称、单位、进展和年份" in html
    assert "管理范围以外的项目只显示标题、企业、状态和年份" not in html
    # Nothing else of it anywhere in the answer: no person, no text, no number, no link to its page.
    secrets = (worker.name, PUMP_MOBILE, worker.mobile_masked, worker.id_number_masked, PUMP["problem"], PUMP["change"])
    for secret in secrets:
        assert secret not in html
    assert pump.number not in html
    assert reverse("proposals:detail", args=[pump.pk]) not in html


def test_a_new_topic_shows_no_weak_matches(client, city_tree, planted):
    from zhichuang.similarity.ranking import rank_similar

    text = "职工书屋图书借阅登记改为扫码"
    assert rank_similar(text, kind="proposal")  # it shares a character or two with the city's proposals…
    client.force_login(city_tree["steel_worker"].user)
    html = _panel(client, title=text)
    assert "data-similar=" not in html  # …but those are weak matches: not shown
    assert "暂未发现相似项目" in html
    notice = html[html.index('id="zc-similar-notice"') :]
    assert "可能与" not in notice


def test_the_evaluators_panel_marks_the_same_kinds(client, city_tree, planted):
    steel_pump = factories.make_proposal(city_tree["steel_worker"], state="submitted", **PUMP)
    proposal_reindex(proposal_id=steel_pump.pk)
    client.force_login(factories.make_admin(Role.EVALUATOR, city_tree["steel"]))
    response = client.get(reverse("proposals:detail_similar", args=[steel_pump.pk]))
    html = response.content.decode()
    assert f'data-similar="{planted["pump"].pk}" data-match="duplicate"' in html
    assert "zc-similar-notice" not in html  # the notice belongs to the submission form
    assert planted["port_worker"].name not in html and PUMP["problem"] not in html
    api = client.get(f"/api/v1/proposals/{steel_pump.pk}/similar").json()
    assert (api[0]["proposal_id"], api[0]["match"], api[0]["in_scope"]) == (planted["pump"].pk, "duplicate", False)
    assert all(hit["match"] in ("duplicate", "related") for hit in api)
