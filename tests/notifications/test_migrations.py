"""proposals 0012 moves the inbox: rows written into proposals' old table at 0011 come out as notices of
the shared app, their proposal the target and its page the link (and go back on a reverse migration)."""

import pytest
from django.utils import timezone

from tests import factories
from tests.migrating import latest, migrate
from zhichuang.notifications.models import Notification

BEFORE = [("proposals", "0001_squashed_0011_workflows_and_rollup")]


@pytest.mark.django_db(transaction=True)
def test_the_old_rows_become_notices_with_their_proposal_and_link(city_tree):
    worker = city_tree["steel_worker"]
    proposal = factories.make_proposal(worker, state="submitted")
    read_at = timezone.now()
    try:
        old_apps = migrate(BEFORE)
        Old = old_apps.get_model("proposals", "Notification")
        Old.objects.create(user_id=worker.user_id, proposal_id=proposal.pk, kind="waiting", message="待受理")
        Old.objects.create(user_id=worker.user_id, proposal_id=None, kind="x", message="无目标", read_at=read_at)
    finally:
        migrate(latest())
    rows = Notification.objects.order_by("pk")
    assert [(n.user_id, n.kind, n.message, n.url, n.target, n.read_at) for n in rows] == [
        (worker.user_id, "waiting", "待受理", f"/proposals/{proposal.pk}/", proposal, None),
        (worker.user_id, "x", "无目标", "", None, read_at),
    ]
