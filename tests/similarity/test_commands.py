from io import StringIO

from django.core.management import call_command

from tests import factories
from tests.similarity.conftest import COMPRESSOR, TOY
from zhichuang.orgs.models import Organization
from zhichuang.similarity.models import Document, IndexState


def test_build_similarity_index_command_draws_progress_and_indexes(city_tree):
    proposal = factories.make_proposal(city_tree["steel_worker"], state="submitted", **COMPRESSOR)
    out = StringIO()
    call_command("build_similarity_index", stdout=out)
    assert list(Document.objects.values_list("object_id", flat=True)) == [proposal.pk]
    assert "100.0%" in out.getvalue()
    assert "1" in out.getvalue().splitlines()[-1]


def test_build_similarity_index_command_without_progress(city_tree):
    out = StringIO()
    call_command("build_similarity_index", "--no-progress", stdout=out)
    assert "%" not in out.getvalue()
    assert not Document.objects.exists()


def test_build_similarity_index_command_builds_one_kind(city_tree, toy_kind):
    factories.make_proposal(city_tree["steel_worker"], state="submitted", **COMPRESSOR)
    out = StringIO()
    call_command("build_similarity_index", "--kind", TOY, "--no-progress", stdout=out)
    assert dict(IndexState.objects.values_list("kind", "documents")) == {TOY: Organization.objects.count()}
