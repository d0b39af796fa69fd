from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.navigation import is_worker
from zhichuang.accounts.roles import Role
from zhichuang.accounts.scoping import has_perm
from zhichuang.core.modules import Importer, Module, NavEntry

from . import home
from .permissions import ProposalPerm as P


def follows_proposals(user) -> bool:
    return is_worker(user) or has_perm(user, P.VIEW)


_ADMIN = frozenset({P.VIEW, P.MANAGE, P.RECOMMEND})

module = Module(
    label="proposals",
    nav=(
        NavEntry(_("Submit a proposal"), "proposals:new", "plus-circle", visible=is_worker, order=11),
        NavEntry(_("My proposals"), "proposals:mine", "lightbulb", visible=is_worker, order=12),
        NavEntry(_("My rewards"), "proposals:my_rewards", "gift", visible=is_worker, order=13),
        NavEntry(_("Proposals"), "proposals:list", "card-checklist", P.VIEW, order=14),
        NavEntry(_("Campaigns"), "proposals:campaign_list", "megaphone", visible=follows_proposals, order=15),
        NavEntry(_("Reward payouts"), "proposals:payouts", "cash-coin", P.VIEW, order=17),
        NavEntry(_("Excellent results"), "showcase:list", "award", order=18),
        NavEntry(_("Proposal settings"), "proposals:settings", "sliders", P.MANAGE, order=19),
        NavEntry(_("Notifications"), "proposals:notifications", "bell", visible=follows_proposals, order=20),
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
    api_router="zhichuang.api.proposals:router",
    home=home.home,
    top_bar=("proposals/_top_bar.html",),
    importers=(Importer("proposals", _("Historical proposals"), "zhichuang.proposals.imports"),),
    lists=("zhichuang.proposals.listings:PROPOSALS",),
)
