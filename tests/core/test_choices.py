from django.utils import translation

from tests import factories
from zhichuang.proposals.enums import ProposalState
from zhichuang.proposals.models import Proposal, Transition


def test_display_is_the_label_in_the_active_language(city_tree):
    proposal = factories.make_proposal(city_tree["steel_worker"], state=ProposalState.SUBMITTED)
    with translation.override("zh-hans"):
        assert proposal.get_state_display() == "已提交"
        assert proposal.get_kind_display() == "小革新"
    with translation.override("en"):
        assert proposal.get_state_display() == "Submitted"
        assert proposal.get_kind_display() == "Small innovation"


def test_display_of_an_unknown_or_blank_value_is_the_value():
    assert Proposal(state="lost", grade="").get_state_display() == "lost"
    assert Proposal(grade="").get_grade_display() == ""
    assert Transition(from_state="draft", to_state="nowhere").get_to_state_display() == "nowhere"
