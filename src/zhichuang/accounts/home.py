"""accounts' part of the home page: one section per role the user holds, and what lies in each role's scope."""

from django.core.cache import cache
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from zhichuang.core.modules import HomePanel, HomeSection
from zhichuang.core.views import capped_count
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.orgs.selectors import organization_list

from .roles import Role
from .scoping import grants
from .selectors import account_list, locked_account_list, own_worker, role_assignment_list, worker_list

ADMIN_ROLES = (Role.CITY_ADMIN, Role.DISTRICT_ADMIN, Role.ENTERPRISE_ADMIN)
# The order in which a person holding several roles sees their sections.
HOME_ORDER = (
    Role.CITY_ADMIN,
    Role.DISTRICT_ADMIN,
    Role.ENTERPRISE_ADMIN,
    Role.EVALUATOR,
    Role.FINANCE,
    Role.EXPERT,
    Role.WORKER,
    Role.SYSADMIN,
    Role.SECADMIN,
    Role.AUDITOR,
)
RECENT = 8
# The scope cards' counts are kept this long: counting a city's 250,000 organisations and 100,000
# workers takes 110 ms, and what lies under an organisation changes rarely.
SCOPE_CARD_SECONDS = 60

_ASSIGNMENT_NOTES = {
    Role.EVALUATOR: _(
        "You score the proposals under evaluation in your scope; the enterprise union decides with your scores."
    ),
    Role.FINANCE: _("You verify claimed savings against their evidence and record reward payouts."),
    Role.EXPERT: _(
        "Proposals and contest entries assigned to you for review will appear here. "
        "Nothing has been assigned to you yet."
    ),
}


def home_sections(user) -> list[HomeSection]:
    held = {g.role for g in grants(user)}
    return [HomeSection(role, Role(role).label, order) for order, role in enumerate(HOME_ORDER) if role in held]


def home(user, sections: set[str]) -> list[HomePanel]:
    panels = []
    for role in sections & set(HOME_ORDER):
        role = Role(role)
        if role in ADMIN_ROLES:
            panels.append(HomePanel(role, "accounts/home/scope.html", {"cards": _scope_cards(user, role)}, order=50))
        elif role in _ASSIGNMENT_NOTES:
            context = {"assignments": _assignment_names(user, role), "note": _ASSIGNMENT_NOTES[role]}
            panels.append(HomePanel(role, "accounts/home/assignments.html", context, order=50))
        elif role == Role.WORKER:
            panels.append(HomePanel(role, "accounts/home/profile.html", _worker_profile(user), order=90))
        elif role == Role.SYSADMIN:
            panels.append(HomePanel(role, "accounts/home/sysadmin.html", _sysadmin_counts(user)))
        elif role == Role.SECADMIN:
            context = {
                "recent_grants": list(role_assignment_list(user=user).order_by("-granted_at", "-pk")[:RECENT]),
                "locked": locked_account_list(user=user),
            }
            panels.append(HomePanel(role, "accounts/home/secadmin.html", context))
    return panels


def _scope_counts(user, role: Role, org) -> dict:
    """What lies under org, counted at most once a minute for everyone holding role there.

    Everyone holding role on org sees the same counts (a role's scope is the whole subtree), so
    the key is the role and the organisation, never the user.
    """
    key = f"home:scope-card:{role}:{org.pk}"
    counts = cache.get(key)
    if counts is None:
        in_org = organization_list(user=user, within=org).order_by().values("kind").annotate(n=Count("pk"))
        by_kind = {row["kind"]: row["n"] for row in in_org}
        counts = {
            "districts": by_kind.get(OrgKind.DISTRICT, 0),
            "enterprises": by_kind.get(OrgKind.ENTERPRISE, 0),
            "departments": by_kind.get(OrgKind.DEPARTMENT, 0),
            "workers": capped_count(worker_list(user=user, within=org))[1],
        }
        cache.set(key, counts, SCOPE_CARD_SECONDS)
    return counts


def _sysadmin_counts(user) -> dict:
    """Accounts and organisations in the system administrator's scope, counted at most once a minute:
    counting a city's 75,000 accounts costs half a second at 1M proposals (docs/benchmarks.md, page census)."""
    orgs = sorted(g.org_id for g in grants(user) if g.role == Role.SYSADMIN)
    key = f"home:sysadmin-counts:{','.join(map(str, orgs))}"
    counts = cache.get(key)
    if counts is None:
        counts = {
            "accounts": capped_count(account_list(user=user))[1],
            "organizations": capped_count(organization_list(user=user))[1],
        }
        cache.set(key, counts, SCOPE_CARD_SECONDS)
    return counts


def _scope_cards(user, role: Role) -> list[dict]:
    """For each organisation where user holds role: what lies under it, with links to the lists."""
    cards = []
    for grant in grants(user):
        if grant.role != role:
            continue
        org = organization_list(user=user).get(pk=grant.org_id)
        cards.append({"org": org, "can_view_pii": grant.can_view_pii} | _scope_counts(user, role, org))
    return cards


def _assignment_names(user, role: Role) -> list[str]:
    # Experts hold no organisation permission, so their assignments are named from the grants themselves.
    org_ids = [g.org_id for g in grants(user) if g.role == role]
    return list(Organization.objects.filter(pk__in=org_ids).order_by("path").values_list("name", flat=True))


def _worker_profile(user) -> dict:
    worker = own_worker(user=user)
    history = list(worker.employment_history.select_related("employer", "department")) if worker else []
    return {"worker": worker, "history": history}
