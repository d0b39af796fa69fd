import pytest
from django.urls import reverse

from tests import factories
from zhichuang.experts.record import expert_membership

pytestmark = pytest.mark.django_db


def test_the_membership_is_part_of_the_persons_record(client, pool):
    worker = pool.tree["steel_worker"]
    assert expert_membership(worker).figures == {"experts.member": False, "experts.reviews_done": 0}
    expert = factories.make_expert(worker=worker, fields=["焊接工艺"])
    part = expert_membership(worker, user=pool.north)
    assert part.figures == {"experts.member": True, "experts.reviews_done": 0}
    assert [item.url for item in part.items] == [reverse("experts:expert", args=[expert.pk])]
    assert expert_membership(worker, user=pool.south).items == ()  # another district's expert: not shown
    client.force_login(pool.city)
    page = client.get(reverse("talent:profile", args=[expert.profile_id]))
    assert reverse("experts:expert", args=[expert.pk]) in page.content.decode()
