from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.navigation import is_worker
from zhichuang.accounts.roles import Role
from zhichuang.accounts.scoping import has_perm
from zhichuang.core.modules import (
    AuditObject,
    DemoStep,
    Importer,
    Module,
    NavEntry,
    PayoutKind,
    PublicPage,
    RecordSection,
    Rollup,
    StatisticsSection,
)
from zhichuang.similarity.kinds import DocumentKind

from . import home
from .permissions import ProposalPerm as P
from .todo import SOURCES as WAITING_SOURCES


def follows_proposals(user) -> bool:
    return is_worker(user) or has_perm(user, P.VIEW)


_ADMIN = frozenset({P.VIEW, P.MANAGE, P.RECOMMEND})

module = Module(
    label="proposals",
    nav=(
        NavEntry(_("Submit a proposal"), "proposals:new", "plus-circle", visible=is_worker, order=11),
        NavEntry(_("My proposals"), "proposals:mine", "lightbulb", visible=is_worker, order=12),
        NavEntry(_("Proposals"), "proposals:list", "card-checklist", P.VIEW, order=14),
        NavEntry(_("Campaigns"), "proposals:campaign_list", "megaphone", visible=follows_proposals, order=15),
        NavEntry(_("Excellent results"), "showcase:list", "award", order=18),
        NavEntry(_("Proposal settings"), "proposals:settings", "sliders", P.MANAGE, order=19),
    ),
    permissions={
        P.VIEW: _("See proposals"),
        P.MANAGE: _(
            "Accept proposals, run campaigns, set scorecards and reward rules, record implementation and payouts"
        ),
        P.EVALUATE: _("Score proposals"),
        P.VERIFY_BENEFITS: _("Verify claimed benefits"),
        P.RECOMMEND: _("Recommend excellent results to the next level"),
    },
    grants={
        Role.ENTERPRISE_ADMIN: _ADMIN | {P.EVALUATE},
        Role.DISTRICT_ADMIN: _ADMIN,
        Role.CITY_ADMIN: _ADMIN,
        Role.EVALUATOR: frozenset({P.VIEW, P.EVALUATE}),
        Role.FINANCE: frozenset({P.VIEW, P.VERIFY_BENEFITS}),
    },
    urls=(("proposals/", "zhichuang.proposals.urls"), ("showcase/", "zhichuang.proposals.showcase_urls")),
    public_pages=(
        PublicPage(
            _("See the city's excellent results"),
            "showcase:list",
            "award",
            records="zhichuang.proposals.selectors:SHOWCASE",
        ),
    ),
    api_router="zhichuang.api.proposals:router",
    home=home.home,
    importers=(Importer("proposals", _("Historical proposals"), "zhichuang.proposals.imports"),),
    lists=("zhichuang.proposals.listings:PROPOSALS",),
    payouts=(
        PayoutKind(
            "proposals.reward",
            _("proposal reward"),
            url="zhichuang.proposals.rewards:payout_record_url",
            totals="zhichuang.proposals.rollup.selectors:reward_totals",
            paid="zhichuang.proposals.rewards:payout_paid",
            perm=P.VIEW,
        ),
    ),
    audit_actions={
        "proposals.create": _("Create proposal"),
        "proposals.edit": _("Edit proposal"),
        "proposals.consent": _("Change consent to publication"),
        "proposals.attachment_add": _("Add attachment"),
        "proposals.attachment_remove": _("Remove attachment"),
        # The workflow's steps: proposals.<Step.action> (workflow.STEPS).
        "proposals.submit": _("Submit proposal"),
        "proposals.withdraw": _("Withdraw proposal"),
        "proposals.accept": _("Accept proposal"),
        "proposals.return": _("Return proposal for revision"),
        "proposals.merge": _("Merge into another proposal"),
        "proposals.adopt": _("Adopt proposal"),
        "proposals.reject": _("Do not adopt proposal"),
        "proposals.resubmit": _("Resubmit proposal"),
        "proposals.start": _("Start implementation"),
        "proposals.complete": _("Complete implementation"),
        "proposals.verify": _("Benefit confirmed"),
        "proposals.reward": _("Proposal rewarded"),
        "proposals.recommend": _("Recommend to the next level"),
        "proposals.recommend_decline": _("Do not recommend a proposal further"),
        "proposals.evaluate": _("Score proposal"),
        "proposals.scorecard_save": _("Save scorecard"),
        "proposals.campaign_create": _("Create campaign"),
        "proposals.campaign_update": _("Edit campaign"),
        "proposals.step_deadline_set": _("Set service deadline"),
        "proposals.claim_save": _("Save benefit claim"),
        "proposals.claim_submit": _("Submit benefit claim"),
        "proposals.claim_verify": _("Verify benefit"),
        "proposals.claim_return": _("Return benefit claim"),
        "proposals.benefit_correct": _("Correct verified benefit"),
        "proposals.reward_rule_save": _("Save reward rule"),
        "proposals.reward_decide": _("Decide reward"),
        "proposals.payout": _("Pay reward share"),  # before the shared payout ledger (payouts.payout)
        "import.proposals": _("Import historical proposals"),
        "import.proposals.rejected": _("Import of historical proposals refused"),
    },
    audit_objects={
        "proposals.proposal": AuditObject(
            _("Proposal"),
            fields={
                "reason": _("Reason"),
                "level": _("Level"),
                # A benefit claim's or a payout's own workflow state (its steps are audited on the proposal).
                "status": _("Status"),
                "evidence": _("Implementation evidence"),
                "merged_into": _("Merged into"),
                "file": _("File"),
                "type": _("File type"),
                "size": _("Size (bytes)"),
                "scores": _("Scores"),
                "total": _("Total"),
                "round": _("Round"),
                "revised": _("Revised"),
                "claim": _("Benefit claim"),
                "gross": _("Gross annual benefit"),
                "net": _("Net annual benefit"),
                "cost": _("Cost"),
                "rule": _("Reward rule"),
                "benefit_basis": _("Benefit basis"),
                "grade_amount": _("Amount for the grade"),
                "benefit_amount": _("Amount for the benefit"),
                "capped": _("Capped"),
                "parts": _("Reward parts"),
                "share": _("Reward share"),
                "amount": _("Amount"),
                "paid_on": _("Paid on"),
                "voucher_no": _("Voucher number"),
            },
            pairs=frozenset({"net", "benefit_types"}),
        ),
        "proposals.campaign": AuditObject(_("Campaign")),
        "proposals.scorecard": AuditObject(_("Scorecard")),
        "proposals.stepdeadline": AuditObject(_("Service deadline"), fields={"days": _("Days")}),
        "proposals.rewardrule": AuditObject(_("Reward rule"), fields={"percent": _("Percent of the net benefit")}),
    },
    # The proposals export's filters.
    audit_fields={
        "state": _("State"),
        "kind": _("Kind"),
        "recommended_level": _("Recommended"),
        "campaign": _("Campaign"),
        "district": _("District"),
        "enterprise": _("Enterprise"),
        "industry": _("Industry"),
        "benefit_min": _("Net benefit at least"),
        "benefit_max": _("Net benefit at most"),
        "overdue": _("Deadline"),
        # What its demo step adds to the demo.load entry.
        "proposals": _("Proposals"),
        "campaigns": _("Campaigns"),
    },
    statistics=(
        StatisticsSection(
            key="proposals",
            label=_("Proposals"),
            template="proposals/statistics/section.html",
            build="zhichuang.proposals.statistics:statistics_section",
            perm=P.VIEW,
            years="zhichuang.proposals.rollup.selectors:rollup_years",
            filters="zhichuang.proposals.statistics:StatisticsFilters",
            scripts=("proposals/statistics.js",),
            order=10,
        ),
    ),
    todo=WAITING_SOURCES,
    # The worker's part of a talent profile: adopted proposals and their verified savings.
    record=(
        RecordSection(
            "proposals.adopted", _("Adopted proposals"), "zhichuang.proposals.record:adopted_proposals", order=10
        ),
    ),
    demo=(DemoStep("proposals", run="zhichuang.proposals.demo.generator:demo_proposals", order=10),),
    rollups=(
        Rollup(
            "zhichuang.proposals.rollup.services:rollup_rebuild",
            _("Counted %(count)s proposals."),
            workforce="zhichuang.proposals.rollup.services:rollup_workforce_recounted",
        ),
    ),
    documents=(
        DocumentKind(
            name="proposal",
            label=_("proposals"),
            model="proposals.Proposal",
            # In the order of the GIN index's expression (migration 0010).
            search_fields=("title", "problem", "change"),
            documents="zhichuang.proposals.search:indexable_proposals",
        ),
    ),
)
