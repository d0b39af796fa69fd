"""Proposal and statistics bodies. Proposers appear by name only; no personal data."""

import datetime
import uuid
from decimal import Decimal

from ninja import Field, Schema

from zhichuang.similarity.selectors import MatchKind

from .schemas import Count, Id, Money, OrgRef, Text


class ProposalOut(Schema):
    id: int
    number: str | None
    title: str
    kind: str
    kind_label: str
    state: str
    state_label: str
    enterprise: OrgRef
    district: OrgRef
    industry: str
    campaign_id: int | None
    lead_name: str
    submitted_at: datetime.datetime | None
    state_changed_at: datetime.datetime
    due_at: datetime.datetime | None
    is_overdue: bool
    net_annual_benefit: Decimal | None
    reward_total: Decimal | None
    reward_paid: Decimal | None
    version: int

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display()) if obj.kind else ""

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_lead_name(obj) -> str:
        return obj.lead.name

    @staticmethod
    def resolve_is_overdue(obj) -> bool:
        return bool(getattr(obj, "is_overdue_now", False))


class MemberOut(Schema):
    name: str
    share: Decimal
    is_lead: bool

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.worker.name


class TransitionOut(Schema):
    from_state: str
    to_state: str
    actor: str
    at: datetime.datetime
    reason: str

    @staticmethod
    def resolve_actor(obj) -> str:
        return str(obj.actor) if obj.actor else ""


class ProposalDetailOut(ProposalOut):
    problem: str
    change: str
    expected_benefit: str
    benefit_types: list[str]
    keywords: str
    grade: str
    score: Decimal | None
    merged_into_id: int | None
    merged_duplicate_ids: list[int] = Field(description="Proposals merged into this one that you may open.")
    recommended_level: str
    members: list[MemberOut]
    transitions: list[TransitionOut]
    allowed_transitions: list[str] = Field(description="States you may move the proposal to now.")

    # The view attaches what the selectors returned; the related managers are never read here.
    @staticmethod
    def resolve_members(obj):
        return obj.member_list

    @staticmethod
    def resolve_transitions(obj):
        return obj.transition_list

    @staticmethod
    def resolve_merged_duplicate_ids(obj):
        return [duplicate.pk for duplicate in obj.duplicates.shown]


class MemberIn(Schema):
    worker_id: Id
    share: Money(5, 2, gt=0, le=100)


# The lengths of the proposal form (proposals.forms.ProposalForm) and the model's columns.
class ProposalIn(Schema):
    submit: bool = Field(True, description="Submit at once (needs client_token); false saves a draft.")
    client_token: uuid.UUID | None = Field(
        None, description="A fresh UUID per form: a retry returns the same proposal."
    )
    title: Text(200) = ""
    kind: Text(20) = ""
    problem: Text(5000) = ""
    change: Text(5000) = ""
    expected_benefit: Text(2000) = ""
    benefit_types: list[Text(20)] = Field([], max_length=20)
    keywords: Text(200) = ""
    campaign_id: Id | None = None
    members: list[MemberIn] | None = Field(
        None, max_length=50, description="Proposers with shares; default: you alone, 100."
    )


class StepDataIn(Schema):
    """workflow.STEP_DATA: the only keys a step takes."""

    model_config = {"extra": "forbid"}

    evidence: Text(5000) | None = None
    merged_into: Id | Text(20) | None = Field(None, description="The duplicate's id or number.")


class TransitionIn(Schema):
    to_state: Text(16)
    reason: Text(2000) = ""
    expected_version: Count | None = None
    data: StepDataIn = Field(
        default_factory=StepDataIn, description='Step data, e.g. {"evidence": "…"} or {"merged_into": 12}.'
    )


class SimilarOut(Schema):
    proposal_id: int
    score: float
    match: MatchKind = Field(description="duplicate: probably the same idea; related: shares the subject")
    title: str
    enterprise_name: str
    state: str
    state_label: str
    year: int | None
    in_scope: bool
    number: str = ""
    kind_label: str = ""
    district_name: str = ""
    submitted_at: datetime.datetime | None = None


class FigureOut(Schema):
    value: Decimal
    list_url: str = Field(description="The proposal list that makes up this number.")

    @staticmethod
    def resolve_list_url(obj) -> str:
        return obj.url


class TotalsOut(Schema):
    submitted: FigureOut
    adopted: FigureOut
    implemented: FigureOut
    verified: FigureOut
    savings: FigureOut
    rewarded: FigureOut
    rewards: FigureOut = Field(description="Rewards decided for the rewarded proposals.")
    rewards_paid: FigureOut = Field(description="What has been paid of those rewards (paid payout shares).")
    adoption_rate: Decimal | None
    implementation_rate: Decimal | None


class ParticipationOut(Schema):
    proposers: FigureOut
    workers: int
    rate: Decimal | None


class StatisticsRowOut(Schema):
    key: str
    label: str
    totals: TotalsOut
    participation: ParticipationOut | None = None

    @staticmethod
    def resolve_key(obj) -> str:
        return str(obj.key)


class StatisticsOut(Schema):
    year: int
    kind: str
    district_id: int | None
    totals: TotalsOut
    participation: ParticipationOut | None
    by_month: list[StatisticsRowOut]
    by_kind: list[StatisticsRowOut]
    by_district: list[StatisticsRowOut]
    by_industry: list[StatisticsRowOut]

    @staticmethod
    def resolve_district_id(obj) -> int | None:
        return obj.district.pk if obj.district else None
