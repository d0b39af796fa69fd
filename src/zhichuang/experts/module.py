from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.roles import Role
from zhichuang.core.modules import AuditObject, DemoStep, Module, NavEntry, RecordSection

from .enums import ExpertState, ReviewState
from .permissions import ExpertPerm as X
from .selectors import is_expert
from .todo import SOURCES as WAITING_SOURCES

module = Module(
    label="experts",
    nav=(
        NavEntry(_("My reviews"), "experts:mine", "clipboard-check", visible=is_expert, order=17),
        NavEntry(_("Expert pool"), "experts:list", "mortarboard", X.VIEW, order=22),
    ),
    permissions={
        X.VIEW: _("See the expert pool"),
        X.MANAGE: _("Admit, renew, suspend and reinstate experts (city)"),
        X.NOMINATE: _("Apply to the expert pool for a person of the organisation"),
    },
    grants={
        Role.ENTERPRISE_ADMIN: frozenset({X.NOMINATE}),
        Role.DISTRICT_ADMIN: frozenset({X.VIEW, X.NOMINATE}),
        Role.CITY_ADMIN: frozenset({X.VIEW, X.MANAGE, X.NOMINATE}),
    },
    urls=(("experts/", "zhichuang.experts.urls"),),
    api_router="zhichuang.api.experts:router",
    lists=("zhichuang.experts.listings:EXPERTS",),
    todo=WAITING_SOURCES,
    demo=(DemoStep("experts", run="zhichuang.experts.demo:demo_experts", order=30),),
    record=(
        RecordSection("experts.membership", _("Expert pool"), "zhichuang.experts.record:expert_membership", order=40),
    ),
    audit_actions={
        "experts.expert_apply": _("Apply to the expert pool"),
        "experts.expert_invite": _("Invite to the expert pool"),
        "experts.expert_approve": _("Admit an expert"),
        "experts.expert_accept": _("Accept the invitation to the expert pool"),
        "experts.expert_decline": _("Decline an expert's membership"),
        "experts.expert_renew": _("Renew an expert's term"),
        "experts.expert_suspend": _("Suspend an expert"),
        "experts.expert_reinstate": _("Reinstate an expert"),
        "experts.expert_update": _("Edit an expert"),
        "experts.expert_link_account": _("Link an expert's account"),
        "experts.conflict_declare": _("Declare a conflict of interest"),
        "experts.conflict_remove": _("Remove a declared conflict of interest"),
        "experts.review_invite": _("Invite an expert to review"),
        "experts.review_accept": _("Accept a review"),
        "experts.review_decline": _("Decline a review"),
        "experts.review_done": _("Complete a review"),
    },
    audit_objects={
        "experts.expert": AuditObject(
            _("Expert"),
            fields={"reason": _("Reason"), "conflict": _("Declared conflict"), "user": _("Account")},
            values={"state": dict(ExpertState.choices)},
        ),
        "experts.reviewassignment": AuditObject(
            _("Review assignment"),
            fields={"reason": _("Reason"), "expert": _("Expert")},
            values={"state": dict(ReviewState.choices)},
        ),
    },
    audit_fields={
        # What its demo step adds to the demo.load entry.
        "experts": _("Experts"),
        "expert_conflicts": _("Declared conflicts"),
        "expert_steps": _("Steps of memberships"),
    },
)
