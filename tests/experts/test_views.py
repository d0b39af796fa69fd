import io
import zipfile

import pytest
from django.urls import reverse

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.experts.enums import ExpertState
from zhichuang.experts.models import Expert, TechnicalField

pytestmark = pytest.mark.django_db


def test_a_district_sees_its_districts_experts_only(client, pool):
    north = factories.make_expert(worker=pool.tree["steel_worker"], fields=["焊接工艺"])
    south = factories.make_expert(worker=pool.tree["port_worker"], fields=["焊接工艺"])
    outside = factories.make_expert(name="吴研究员", fields=["焊接工艺"])
    client.force_login(pool.north)
    response = client.get(reverse("experts:list"))
    assert [e.pk for e in response.context["page"].rows] == [north.pk]
    assert client.get(reverse("experts:expert", args=[south.pk])).status_code == 404
    assert client.get(reverse("experts:expert", args=[outside.pk])).status_code == 404
    assert client.get(reverse("experts:expert", args=[north.pk])).status_code == 200
    client.force_login(pool.city)
    assert {e.pk for e in client.get(reverse("experts:list")).context["page"].rows} == {north.pk, south.pk, outside.pk}
    client.force_login(pool.steel)  # an enterprise applies, but does not browse the pool
    assert client.get(reverse("experts:list")).status_code == 404


def test_the_list_searches_by_field_title_and_name(client, pool):
    welder = factories.make_expert(worker=pool.tree["steel_worker"], fields=["焊接工艺"], title="senior")
    factories.make_expert(worker=pool.tree["mill_worker"], fields=["纺织工艺"])
    client.force_login(pool.city)
    field = TechnicalField.objects.get(name="焊接工艺")
    for query in (
        {"field": field.pk},
        {"title": "senior"},
        {"q": "张伟"},
        {"q": "焊接"},
        {"availability": "available"},
    ):
        rows = client.get(reverse("experts:list"), query).context["page"].rows
        assert welder.pk in [e.pk for e in rows], query
        if "availability" not in query:
            assert len(rows) == 1, query


def test_the_export_holds_no_id_number_mobile_or_birth_date(client, pool):
    worker = pool.tree["steel_worker"]
    factories.make_expert(worker=worker, fields=["焊接工艺"])
    client.force_login(pool.city)
    response = client.get(reverse("experts:export"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        text = "".join(book.read(name).decode("utf-8", "ignore") for name in book.namelist())
    assert "张伟" in text
    for secret in (worker.reveal_id_number(), worker.reveal_mobile(), worker.reveal_id_number()[6:14]):
        assert secret not in text


def test_the_detail_page_shows_term_load_fields_and_the_citys_actions(client, pool):
    expert = factories.make_expert(worker=pool.tree["steel_worker"], fields=["焊接工艺", "设备维修"])
    client.force_login(pool.city)
    page = client.get(reverse("experts:expert", args=[expert.pk]))
    body = page.content.decode()
    assert "焊接工艺" in body and "设备维修" in body and "0/20" in body
    assert page.context["actions"] == ["renew", "suspend"]
    assert expert.term_end.isoformat() in body
    response = client.post(
        reverse("experts:decide", args=[expert.pk, "suspend"]),
        {"reason": "长期不响应邀请", "expected_version": expert.version},
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.state == ExpertState.SUSPENDED
    client.force_login(pool.north)
    assert client.get(reverse("experts:expert", args=[expert.pk])).context["actions"] == []
    refused = client.post(
        reverse("experts:decide", args=[expert.pk, "reinstate"]), {"reason": "x", "expected_version": expert.version}
    )
    assert refused.status_code == 302
    expert.refresh_from_db()
    assert expert.state == ExpertState.SUSPENDED


def test_the_city_invites_an_external_person_from_the_page(client, pool):
    client.force_login(pool.city)
    field = TechnicalField.objects.get(name="新材料")
    response = client.post(
        reverse("experts:new"), {"name": "郑教授", "fields": [field.pk], "industries": ["38"], "yearly_limit": 15}
    )
    assert response.status_code == 302
    expert = Expert.objects.get(profile__name="郑教授")
    assert (expert.state, expert.yearly_limit, expert.industries) == (ExpertState.INVITED, 15, ["38"])
    assert list(expert.fields.all()) == [field]


def test_an_enterprise_applies_for_its_worker_from_the_talent_pool(client, pool):
    profile = pool.profile(pool.tree["steel_worker"])
    client.force_login(pool.steel)
    found = client.get(reverse("experts:new"), {"name": "张"})
    assert [p.pk for p in found.context["profiles"]] == [profile.pk]
    response = client.post(
        reverse("experts:new") + f"?profile={profile.pk}", {"profile": profile.pk, "yearly_limit": 20}
    )
    assert response.status_code == 302
    assert Expert.objects.get(profile=profile).state == ExpertState.APPLIED
    other = pool.profile(pool.tree["port_worker"])
    assert client.get(reverse("experts:new"), {"profile": other.pk}).status_code == 404


def test_my_reviews_is_for_experts_only(client, pool):
    client.force_login(pool.tree["steel_worker"].user)
    assert client.get(reverse("experts:mine")).status_code == 404
    factories.make_expert(worker=pool.tree["steel_worker"])
    assert client.get(reverse("experts:mine")).status_code == 200


def test_the_expert_edits_their_fields_and_declares_a_conflict(client, pool):
    expert = factories.make_expert(worker=pool.tree["port_worker"], fields=["焊接工艺"])
    client.force_login(pool.tree["port_worker"].user)
    field = TechnicalField.objects.get(name="电力运维")
    response = client.post(
        reverse("experts:edit", args=[expert.pk]), {"fields": [field.pk], "expertise": "变电站运维", "yearly_limit": 10}
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert list(expert.fields.all()) == [field] and "变电站运维" in expert.match_text
    assert set(expert.tags.values_list("tag", flat=True)) == {f"f:{field.pk}"}
    response = client.post(
        reverse("experts:conflict_add", args=[expert.pk]),
        {"credit_code": pool.tree["mill"].credit_code, "note": "亲属"},
    )
    assert response.status_code == 302 and expert.conflicts.count() == 1
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, pool.tree["south"]))
    assert client.get(reverse("experts:edit", args=[expert.pk])).status_code == 404


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_an_experts_page_reads_as_many_queries_for_a_long_history(client, pool):
    from zhichuang.experts import services

    expert = factories.make_expert(worker=pool.tree["port_worker"], fields=["焊接工艺"])
    client.force_login(pool.city)
    url = reverse("experts:expert", args=[expert.pk])
    few = _queries(client, url)
    for worker in (pool.tree["steel_worker"], pool.tree["mill_worker"]):
        services.conflict_declare(actor=pool.city, expert=expert, person=pool.profile(worker), note="同门")
    expert = services.expert_suspend(actor=pool.city, expert=expert, reason="核查")
    services.expert_reinstate(actor=pool.city, expert=expert, reason="核查完毕")
    assert _queries(client, url) == few
