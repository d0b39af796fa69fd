"""The talent pool's pages: search and export, a profile and its honours, the district's decision with
the eligibility checks beside it, consent, and the public pages showing only what a person chose."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests import factories
from zhichuang.talent import services
from zhichuang.talent.enums import HonourState
from zhichuang.talent.models import Honour, HonourType, TalentProfile

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (60, 80), "red").save(output, format="PNG")
    return output.getvalue()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_search_page_and_its_export_show_the_scope_and_no_personal_data(pool):
    profile = factories.make_profile(pool.worker, expertise="数控加工")
    factories.make_profile(pool.tree["port_worker"], expertise="港口机械")
    page = _client(pool.north).get("/talent/", {"q": "数控"})
    html = page.content.decode()
    assert page.status_code == 200 and f'data-profile="{profile.pk}"' in html and "王强" not in html
    export = _client(pool.north).get("/talent/export/")
    with zipfile.ZipFile(io.BytesIO(b"".join(export.streaming_content))) as book:
        xml = "".join(book.read(name).decode() for name in book.namelist())
    assert "张伟" in xml and "数控加工" in xml and "王强" not in xml
    worker = pool.worker
    for secret in (worker.reveal_mobile(), worker.reveal_id_number(), f"{worker.birth_date:%Y-%m-%d}"):
        assert secret not in xml and secret not in html
    bad = _client(pool.north).get("/talent/", {"skill_level": "99"})
    assert bad.status_code == 400 and "选择一个有效的选项" in bad.content.decode()


def test_a_union_finds_its_worker_and_creates_the_profile(pool):
    client = _client(pool.steel_admin)
    matches = client.get("/talent/workers/", {"name": "张"}).content.decode()
    assert f'data-worker="{pool.worker.pk}"' in matches and "王强" not in matches
    assert "13" not in matches.split("data-worker")[1][:80]  # names, employers, departments: no numbers
    assert "张伟" in client.get("/talent/new/", {"worker": pool.worker.pk}).content.decode()
    response = client.post(
        "/talent/new/",
        {
            "worker": pool.worker.pk,
            "position": "班组长",
            "expertise": "数控加工",
            "biography": "",
            "professional_title": "",
        },
    )
    profile = TalentProfile.objects.get(worker=pool.worker)
    assert response.status_code == 302 and response["Location"] == f"/talent/{profile.pk}/"
    # Another enterprise's worker cannot be chosen by number.
    refused = client.post("/talent/new/", {"worker": pool.tree["port_worker"].pk, "professional_title": ""})
    assert refused.status_code == 400 and "请选择您所管理企业的职工" in refused.content.decode()
    assert client.get("/talent/new/", {"external": "1"}).status_code == 404  # external people are the city's


def test_the_honour_goes_from_the_union_to_the_district_with_its_checks_shown(pool, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    profile = factories.make_profile(pool.worker)
    craftsman = HonourType.objects.get(name="市工匠")
    entered = _client(pool.steel_admin).post(
        f"/talent/{profile.pk}/honours/new/",
        {
            "honour_type": craftsman.pk,
            "year": 2025,
            "certificate_no": "SGJ-9",
            "issuing_body": "",
            "reason": "",
            "evidence": SimpleUploadedFile("证书.png", _png(), content_type="image/png"),
        },
    )
    honour = Honour.objects.get(profile=profile)
    assert entered.status_code == 302 and honour.state == HonourState.NOMINATED and honour.evidence_name == "证书.png"
    district = _client(pool.north)
    page = district.get(f"/talent/honours/{honour.pk}/").content.decode()
    assert (
        'data-check="min_skill_level" data-met="no"' in page
        and 'data-check="not_enterprise_head" data-met="yes"' in page
    )
    assert 'data-decision="verify"' in page and "报市总工会确认" in page
    assert _client(pool.south).get(f"/talent/honours/{honour.pk}/").status_code == 404
    assert (
        'data-decision="verify"' not in _client(pool.steel_admin).get(f"/talent/honours/{honour.pk}/").content.decode()
    )
    refused = district.post(
        f"/talent/honours/{honour.pk}/verify/", {"reason": "", "version": honour.version}, follow=True
    )
    assert "资格条件未全部符合" in refused.content.decode()
    assert Honour.objects.get(pk=honour.pk).state == HonourState.NOMINATED
    district.post(f"/talent/honours/{honour.pk}/verify/", {"reason": "技能考核另有证明", "version": honour.version})
    assert Honour.objects.get(pk=honour.pk).state == HonourState.VERIFIED
    # The city confirms; the person's profile shows the honour and the category.
    honour.refresh_from_db()
    _client(pool.city).post(f"/talent/honours/{honour.pk}/confirm/", {"reason": "", "version": honour.version})
    page = _client(pool.worker.user).get(f"/talent/{profile.pk}/").content.decode()
    assert "市工匠" in page and "市级工匠" in page
    evidence = _client(pool.north).get(f"/talent/honours/{honour.pk}/evidence/")
    assert evidence.status_code == 200
    assert _client(pool.tree["port_worker"].user).get(f"/talent/honours/{honour.pk}/evidence/").status_code == 404


def test_a_worker_chooses_what_is_public_and_the_public_pages_show_nothing_else(pool, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    profile = factories.make_profile(pool.worker, expertise="数控加工", biography="二十年车工，带徒十二人。")
    services.profile_update(
        actor=pool.steel_admin, profile=profile, photo=SimpleUploadedFile("me.png", _png(), "image/png")
    )
    TalentProfile.objects.filter(pk=profile.pk).update(methods="张伟精车操作法")
    factories.make_honour(profile, "市工匠", year=2023)
    worker = _client(pool.worker.user)
    assert worker.get("/talent/mine/")["Location"] == f"/talent/{profile.pk}/"
    worker.post(f"/talent/{profile.pk}/consent/", {"parts": ["public", "public_honours"]})
    anonymous = Client()
    listing = anonymous.get("/people/").content.decode()
    detail = anonymous.get(f"/people/{profile.pk}/").content.decode()
    assert "张伟" in listing and "市工匠" in detail and "北钢集团" in detail
    photo = TalentProfile.objects.get(pk=profile.pk).photo.name
    assert photo
    hidden = ["二十年车工", "张伟精车操作法", f"/people/{profile.pk}/photo/", "数控加工", photo]
    hidden += [pool.worker.reveal_mobile(), pool.worker.reveal_id_number(), f"{pool.worker.birth_date:%Y-%m-%d}"]
    for value in hidden:
        assert value not in listing and value not in detail, value
    assert anonymous.get(f"/people/{profile.pk}/photo/").status_code == 404
    # Chosen, they show; withdrawn, they go.
    worker.post(
        f"/talent/{profile.pk}/consent/", {"parts": ["public", "public_biography", "public_photo", "public_methods"]}
    )
    detail = anonymous.get(f"/people/{profile.pk}/").content.decode()
    assert "二十年车工" in detail and "张伟精车操作法" in detail and "市工匠" not in detail
    assert anonymous.get(f"/people/{profile.pk}/photo/").status_code == 200
    worker.post(f"/talent/{profile.pk}/consent/", {"parts": []})
    assert anonymous.get(f"/people/{profile.pk}/").status_code == 404
    assert "张伟" not in anonymous.get("/people/").content.decode()
    # Only the person chooses: their union may not.
    _client(pool.steel_admin).post(f"/talent/{profile.pk}/consent/", {"parts": ["public"]})
    assert not TalentProfile.objects.get(pk=profile.pk).public


def test_a_worker_without_a_profile_sees_what_the_platform_knows(pool):
    factories.make_proposal(pool.worker, state="adopted", title="冷却泵改造")
    page = _client(pool.worker.user).get("/talent/mine/")
    assert page.status_code == 200 and "冷却泵改造" in page.content.decode()
    assert _client(pool.north).get("/talent/mine/").status_code == 404
