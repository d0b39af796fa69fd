import uuid

from tests import factories
from tests.similarity.conftest import COMPRESSOR, COMPRESSOR_ELSEWHERE
from zhichuang.proposals.services import proposal_submit
from zhichuang.similarity import tasks
from zhichuang.similarity.models import Document
from zhichuang.similarity.ranking import rank_similar


def test_index_proposal_task_makes_a_new_submission_findable(city_tree):
    proposal = factories.make_proposal(city_tree["port_worker"], state="submitted", **COMPRESSOR_ELSEWHERE)
    assert rank_similar("\n".join(COMPRESSOR.values())) == []
    tasks.index_proposal.enqueue(proposal_id=proposal.pk)
    assert rank_similar("\n".join(COMPRESSOR.values()))[0].proposal_id == proposal.pk


def test_submitting_through_the_workflow_indexes_after_commit(city_tree, django_capture_on_commit_callbacks):
    worker = city_tree["steel_worker"]
    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_submit(actor=worker.user, client_token=uuid.uuid4(), kind="innovation", **COMPRESSOR)
    assert Document.objects.filter(proposal_id=proposal.pk).exists()
    assert rank_similar("\n".join(COMPRESSOR_ELSEWHERE.values()))[0].proposal_id == proposal.pk
