"""The city-wide figures of statistics/services.py: the workforce and the nightly rebuild (the proposals'
rollup itself is tested in tests/proposals/test_rollup.py)."""

from io import StringIO

from django.core.management import call_command

from tests import factories
from zhichuang.proposals.rollup.models import StatCell
from zhichuang.statistics.models import Workforce
from zhichuang.statistics.services import statistics_rebuild


def test_workforce_counts_workers_at_every_level(city_tree):
    factories.make_worker(city_tree["steel"], name="赵敏")
    statistics_rebuild()
    counts = dict(Workforce.objects.values_list("node_path", "workers"))
    assert counts[city_tree["city"].path] == 4
    assert counts[city_tree["north"].path] == 3
    assert counts[city_tree["steel"].path] == 2
    assert counts[city_tree["port"].path] == 1


def test_rebuild_command_reports_counts(city_tree):
    factories.make_proposal(city_tree["mill_worker"], state="submitted")
    out = StringIO()
    call_command("rebuild_statistics", "--no-progress", stdout=out)
    assert "1" in out.getvalue() and "3" in out.getvalue()
    assert StatCell.objects.filter(node_path=city_tree["mill"].path).count() == 3  # year, month, industry cuts
