"""The named methods' pages: scoping (another district's and another enterprise's methods never show), the
method's page and its steps, the experts page with suggested and excluded experts, the expert's one review
page, the public registry (nothing unconsented, no evidence, no personal data), the statistics that reconcile
with the list they open, and the record on the inventor's talent profile."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import factories
from tests.methods.conftest import make_method, make_reviewer, walk
from tests.scoping_matrix import positions
from zhichuang.methods import selectors, services
from zhichuang.methods.enums import ApplicationState as A

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _methods(unions):
    t = unions.tree
    return {
        "steel": make_method(unions.steel, t["steel_worker"], name="张伟薄板焊接操作法"),
        "mill": make_method(
            factories.make_admin("enterprise_admin", t["mill"]), t["mill_worker"], name="李娜细纱接头操作法"
        ),
        "port": make_method(unions.port, t["port_worker"], name="王强集装箱绑扎操作法"),
    }


VISIBLE = {
    "city_admin@city": {"steel", "mill", "port"},
    "district_admin@north": {"steel", "mill"},
    "district_admin@south": {"port"},
    "enterprise_admin@steel": {"steel"},
    "enterprise_admin@port": {"port"},
    "worker@steel": {"steel"},
    "worker@port": {"port"},
}


def test_every_position_sees_its_own_scope_and_no_other(client, unions):
    made = _methods(unions)
    for position in positions(unions.tree):
        expected = VISIBLE.get(position.label, set())
        seen = {key for key, m in made.items() if selectors.method_list(user=position.user).filter(pk=m.pk).exists()}
        assert seen == expected, position.label
        client.force_login(position.user)
        for key, method in made.items():
            response = client.get(reverse("methods:detail", args=[method.pk]))
            assert response.status_code == (200 if key in expected else 404), (position.label, key)


def test_the_list_page_shows_the_district_s_methods_only(client, unions):
    _methods(unions)
    client.force_login(unions.north)
    body = client.get(reverse("methods:list")).content.decode()
    assert "张伟薄板焊接操作法" in body and "李娜细纱接头操作法" in body
    assert "王强集装箱绑扎操作法" not in body


def test_the_experts_page_shows_suggestions_with_reasons_and_the_excluded_with_theirs(client, unions):
    t = unions.tree
    method = make_method(unions.steel, t["steel_worker"])
    suggested = make_reviewer(t["port_worker"])
    colleague = make_reviewer(factories.make_worker(t["steel"], name="钱工"))
    application = services.application_apply(actor=unions.steel, method=method)
    application = services.application_move(actor=unions.steel, application=application, to_state=A.REVIEWING)
    client.force_login(unions.steel)
    body = client.get(reverse("methods:experts", args=[application.pk])).content.decode()
    assert f'data-suggestion="{suggested.pk}"' in body and "领域匹配：焊接工艺" in body
    assert f'data-excluded-expert="{colleague.pk}"' in body and "同一单位（统一社会信用代码相同）" in body
    response = client.post(reverse("methods:experts", args=[application.pk]), {"experts": [suggested.pk]})
    assert response.status_code == 302
    # The south district does not decide the steel enterprise's own level.
    client.force_login(unions.south)
    assert client.get(reverse("methods:experts", args=[application.pk])).status_code == 404


def test_an_invited_expert_opens_only_the_method_they_score(client, unions):
    t = unions.tree
    method = make_method(unions.steel, t["steel_worker"])
    other = make_method(unions.steel, t["steel_worker"], name="张伟另一操作法")
    expert = make_reviewer(t["port_worker"])
    application = services.application_apply(actor=unions.steel, method=method)
    application = services.application_move(actor=unions.steel, application=application, to_state=A.REVIEWING)
    services.experts_invite(actor=unions.steel, application=application, experts=[expert])
    client.force_login(expert.user)
    review = reverse("methods:review", args=[application.pk])
    body = client.get(review).content.decode()
    assert "薄板焊接变形控制的操作要领" in body and "独创性" in body
    assert client.get(reverse("methods:detail", args=[method.pk])).status_code == 404
    assert client.get(reverse("methods:detail", args=[other.pk])).status_code == 404
    response = client.post(
        review, {"score_originality": 90, "score_advancement": 80, "score_soundness": 90, "score_spread": 80}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.score == 85


def test_the_steps_show_on_the_method_s_page_for_whoever_takes_them(client, unions):
    method = make_method(unions.steel, unions.tree["steel_worker"])
    client.force_login(unions.steel)
    client.post(reverse("methods:apply", args=[method.pk]), {"reason": ""})
    application = method.applications.get()
    body = client.get(reverse("methods:detail", args=[method.pk])).content.decode()
    assert 'data-step="endorse"' in body and 'data-state="applied"' in body
    response = client.post(
        reverse("methods:step", args=[application.pk, "endorse"]),
        {"reason": "同意推荐", "version": application.version},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == A.REVIEWING  # the enterprise's own level goes straight to the experts
    client.force_login(unions.north)
    body = client.get(reverse("methods:detail", args=[method.pk])).content.decode()
    assert 'data-step="recognise"' not in body


def _recognised(unions, *, consent: bool):
    t = unions.tree
    method = make_method(unions.steel, t["steel_worker"], name="张伟薄板焊接操作法")
    hidden = make_method(unions.steel, t["steel_worker"], name="张伟未同意公开操作法")
    expert = make_reviewer(t["port_worker"])
    for m in (method, hidden):
        walk(
            services.application_apply(actor=unions.steel, method=m),
            endorser=unions.steel,
            decider=unions.steel,
            expert=expert,
        )
        services.effect_add(
            actor=unions.steel,
            method=m,
            kind="savings",
            value="35",
            unit="万元/年",
            description="年节约钢材",
            evidence=SimpleUploadedFile("核算表.pdf", PDF, content_type="application/pdf"),
        )
    services.adoption_record(
        actor=unions.steel,
        method=method,
        enterprise=t["port"],
        since=datetime.date(2024, 5, 1),
        description="港机焊修推广",
    )
    if consent:
        services.consent_set(actor=t["steel_worker"].user, method=method, consent=True)
    return method, hidden


def test_the_public_registry_shows_only_consented_methods_and_only_public_fields(client, unions):
    method, hidden = _recognised(unions, consent=True)
    worker = unions.tree["steel_worker"]
    client.logout()
    listing = client.get(reverse("methods_public:list")).content.decode()
    detail = client.get(reverse("methods_public:detail", args=[method.pk])).content.decode()
    assert "张伟薄板焊接操作法" in listing and "北钢集团" in listing
    assert "年节约钢材" in detail and "南港公司" in detail and "预热" in detail
    assert client.get(reverse("methods_public:detail", args=[hidden.pk])).status_code == 404
    application = method.applications.get()
    for body in (listing, detail):
        for secret in (
            "张伟未同意公开操作法",  # the method whose inventor did not consent
            "核算表.pdf",  # evidence
            "专家评审通过",  # reasons
            str(application.score),  # scores
            worker.reveal_mobile(),
            worker.reveal_id_number(),
            "60.00",
        ):
            assert secret not in body, secret


def test_a_method_without_consent_is_not_in_the_registry(client, unions):
    method, _hidden = _recognised(unions, consent=False)
    client.logout()
    assert "张伟薄板焊接操作法" not in client.get(reverse("methods_public:list")).content.decode()
    assert client.get(reverse("methods_public:detail", args=[method.pk])).status_code == 404


def test_evidence_opens_for_the_scope_and_never_for_the_public(client, unions):
    method, _hidden = _recognised(unions, consent=True)
    effect = method.effects.get()
    url = reverse("methods:effect_evidence", args=[method.pk, effect.pk])
    client.force_login(unions.north)
    assert client.get(url).status_code == 200
    client.force_login(unions.port)
    assert client.get(url).status_code == 404


def test_the_record_on_the_inventor_s_profile_lists_the_recognised_method(client, unions):
    profile = factories.make_profile(unions.tree["steel_worker"])
    method, _hidden = _recognised(unions, consent=True)
    client.force_login(unions.north)
    body = client.get(reverse("talent:profile", args=[profile.pk])).content.decode()
    assert "张伟薄板焊接操作法" in body and reverse("methods:detail", args=[method.pk]) in body


def test_the_statistics_numbers_reconcile_with_the_lists_they_open(client, unions):
    t = unions.tree
    _recognised(unions, consent=True)
    port_method = make_method(unions.port, t["port_worker"])
    services.application_apply(actor=unions.port, method=port_method)
    client.force_login(unions.city)
    body = client.get(reverse("statistics:page")).content.decode()
    section = body[body.index('id="methods-totals"') :]
    links = re.findall(r'href="(/methods/\?[^"]+)"[^>]*>(?:<div class="zc-stat-value">)?([\d,]+)', section)
    assert links, "the section links its numbers"
    checked = 0
    for url, shown in links:
        listed = client.get(url.replace("&amp;", "&"))
        assert listed.status_code == 200
        count = listed.context["page"].count
        assert count == int(shown.replace(",", "")), url
        checked += 1
    assert checked >= 6
    # The north district's recognised methods: two at the enterprise level.
    assert 'data-figure="methods-recognised"><div class="zc-stat-value">2<' in body
    # The south district's admin sees none of the north's.
    client.force_login(unions.south)
    south = client.get(reverse("statistics:page")).content.decode()
    assert 'data-figure="methods-recognised"><div class="zc-stat-value">0<' in south
