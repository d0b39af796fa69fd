"""Shared view helpers and the "my work" home page.

Views stay thin: they name a permission, call selectors (reads) and services
(writes), and turn application errors into 404s, form errors or messages.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from zhichuang.accounts.roles import Perm, Role
from zhichuang.accounts.scoping import grants, has_perm
from zhichuang.accounts.selectors import (
    account_list,
    locked_account_list,
    own_worker,
    role_assignment_list,
    worker_list,
)
from zhichuang.audit.selectors import audit_entry_list
from zhichuang.core.errors import NotFound
from zhichuang.core.forms import parse_id
from zhichuang.imports.selectors import import_job_list
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.orgs.selectors import organization_list
from zhichuang.proposals import selectors as proposal_selectors
from zhichuang.proposals.enums import ClaimStatus, ProposalState

# Counting millions of rows for a home page card costs more than it tells: above this, "100,000+".
COUNT_CAP = 100_000
# A list heading counts at most this far: an exact count of a city-wide search reads every match.
LIST_COUNT_CAP = 1_000
PER_PAGE = 50
# A page number past this is read as this one (past the end of any list here, so empty): its offset still
# fits the databases' 64-bit integers, which ?page=99999999999999999999999 would not.
MAX_PAGE = 1_000_000


def permission_required(perm: Perm):
    """Log in first; then 404 (not 403) for users who hold perm nowhere, so the page's existence is not revealed."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_perm(request.user, perm):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def found(selector, **kwargs):
    """Call a *_get selector; a record outside the user's scope is a 404, and so is a pk from the
    request that no record can have (not a number, 0, beyond 64 bits: core.forms.IdField)."""
    if "pk" in kwargs:
        kwargs["pk"] = parse_id(kwargs["pk"])
        if kwargs["pk"] is None:
            raise Http404
    try:
        return selector(**kwargs)
    except NotFound:
        raise Http404 from None


def add_service_error(form, exc) -> None:
    """Show an ApplicationError on a form: per-field details where the form has the field, else at the top."""
    details = exc.details if isinstance(exc.details, dict) else {}
    placed = False
    for field, messages in details.items():
        form.add_error(field if field in form.fields else None, list(messages))
        placed = True
    if not placed:
        form.add_error(None, str(exc.message))


def capped_count(qs, cap: int | None = None) -> tuple[int, str]:
    """Count at most cap+1 rows: (number, label) where the label reads "10,000+" past the cap."""
    cap = cap or COUNT_CAP
    if hasattr(qs, "capped_count"):  # a search (similarity.selectors.TextSearch) counts its own way
        cap = min(cap, qs.count_cap)
        count = qs.capped_count(cap)
    else:
        count = qs.order_by()[: cap + 1].count()  # unordered: the database may use any index
    return count, _count_label(count, cap)


def _count_label(count: int, cap: int) -> str:
    if count > cap:
        return _("%(count)s+") % {"count": number_format(cap, force_grouping=True)}
    return number_format(count, force_grouping=True)


@dataclass(frozen=True)
class Page:
    rows: list
    number: int
    has_previous: bool
    has_next: bool
    count_label: str
    start_index: int
    count_exact: bool = True  # False where the count stopped at its cap ("1,000+")

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


class CountCapped:
    """A queryset paged like any other but counted only up to count_cap ("100+"): for lists whose scope
    is reached through joins, where counting a thousand rows costs more than the page itself."""

    def __init__(self, queryset, count_cap: int):
        self.queryset, self.count_cap = queryset, count_cap

    def page_rows(self, offset: int, limit: int) -> list:
        return list(self.queryset[offset : offset + limit])

    def capped_count(self, cap: int) -> int:
        return self.queryset.order_by()[: cap + 1].count()


def paginate(request, qs, per_page: int | None = None) -> Page:
    """One page of rows in two queries whatever the table size: the page itself and a capped count,
    which the last page does without (its rows end the list). qs: a queryset, or an object with
    page_rows(offset, limit), capped_count(cap) and count_cap (a full-text search)."""
    per_page = per_page or PER_PAGE
    try:
        number = min(max(1, int(request.GET.get("page", 1))), MAX_PAGE)
    except ValueError:
        number = 1
    offset = (number - 1) * per_page
    rows = qs.page_rows(offset, per_page + 1) if hasattr(qs, "page_rows") else list(qs[offset : offset + per_page + 1])
    if len(rows) <= per_page and (rows or offset == 0):
        count = offset + len(rows)
        label = _count_label(count, LIST_COUNT_CAP)
    else:  # more pages follow, or this one lies past the end
        count, label = capped_count(qs, LIST_COUNT_CAP)
    return Page(
        count_exact=count <= LIST_COUNT_CAP,
        rows=rows[:per_page],
        number=number,
        has_previous=number > 1,
        has_next=len(rows) > per_page,
        count_label=label,
        start_index=offset + 1,
    )


# ---- "my work" --------------------------------------------------------------------

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


def _worker_profile(user):
    worker = own_worker(user=user)
    history = list(worker.employment_history.select_related("employer", "department")) if worker else []
    return {"worker": worker, "history": history}


# ---- proposals waiting for each role ----------------------------------------------------

WAITING_ROWS = 5


def _newest_of_few(qs) -> list:
    """The newest WAITING_ROWS of a list known to be short (recommended items: a district's thousand).

    Recommended proposals are old ones, so walking the newest-first index skips most of the scope
    before it finds five (a district's card at 1M proposals: 49 ms); reading the few matches' dates
    through their partial index and picking the newest here takes 8 ms, the city's seven thousand 38.
    """
    newest = sorted(qs.order_by().values_list("created_at", "pk"), reverse=True)[:WAITING_ROWS]
    return list(qs.filter(pk__in=[pk for _at, pk in newest])) if newest else []


def _waiting(label, qs, query: str, icon: str, rows=None) -> dict:
    """A "waiting for you" card: a capped count, the first rows, and the list that makes up the number."""
    return {
        "label": label,
        "count": capped_count(qs, LIST_COUNT_CAP)[1],
        "rows": rows if rows is not None else list(qs[:WAITING_ROWS]),
        "url": f"{reverse('proposals:list')}?{query}" if query is not None else None,
        "icon": icon,
    }


def _proposal_work(user, role: Role) -> list[dict]:
    S = ProposalState
    proposals = proposal_selectors.proposal_list
    if role == Role.ENTERPRISE_ADMIN:
        return [
            _waiting(_("Submitted, to accept"), proposals(user=user, state=S.SUBMITTED), "state=submitted", "inbox"),
            _waiting(_("Overdue"), proposals(user=user, overdue=True), "overdue=1", "alarm"),
            _waiting(_("Adopted, to implement"), proposals(user=user, state=S.ADOPTED), "state=adopted", "tools"),
        ]
    if role == Role.EVALUATOR:
        return [
            _waiting(
                _("Under evaluation"), proposals(user=user, state=S.EVALUATING), "state=evaluating", "clipboard-check"
            ),
            _waiting(
                _("Submitted, not yet accepted"), proposals(user=user, state=S.SUBMITTED), "state=submitted", "inbox"
            ),
        ]
    if role == Role.FINANCE:
        claimed = proposals(user=user, state=S.IMPLEMENTED).filter(benefit_claims__status=ClaimStatus.SUBMITTED)
        return [
            _waiting(_("Benefit claims to verify"), claimed.distinct(), "state=implemented", "calculator"),
            _waiting(
                _("Rewarded, payouts to record"),
                proposals(user=user, state=S.REWARDED).filter(rewards__shares__status="pending").distinct(),
                "state=rewarded",
                "cash-coin",
            ),
        ]
    if role in (Role.DISTRICT_ADMIN, Role.CITY_ADMIN):
        level = "enterprise" if role == Role.DISTRICT_ADMIN else "district"
        recommended = proposals(user=user, recommended_level=level)
        return [
            _waiting(
                _("Recommended to you as excellent results"), recommended, None, "award", _newest_of_few(recommended)
            ),
            _waiting(_("Overdue"), proposals(user=user, overdue=True), "overdue=1", "alarm"),
        ]
    return []


def _worker_proposals(user) -> dict:
    S = ProposalState
    mine = proposal_selectors.proposal_list(user=user, member=user)
    return {
        "drafts": list(mine.filter(state=S.DRAFT)[:WAITING_ROWS]),
        "returned": list(mine.filter(state=S.RETURNED)[:WAITING_ROWS]),
        "recent": list(mine.exclude(state__in=[S.DRAFT, S.RETURNED])[:WAITING_ROWS]),
        "rewards": proposal_selectors.my_reward_totals(user=user),
    }


def _home_context(user, role: Role) -> dict:
    if role in ADMIN_ROLES:
        return {"cards": _scope_cards(user, role), "waiting": _proposal_work(user, role)}
    if role in (Role.EVALUATOR, Role.FINANCE):
        return {"assignments": _assignment_names(user, role), "waiting": _proposal_work(user, role)}
    if role == Role.EXPERT:
        return {"assignments": _assignment_names(user, role)}
    if role == Role.WORKER:
        return _worker_profile(user) | _worker_proposals(user)
    if role == Role.SYSADMIN:
        return {
            "accounts": capped_count(account_list(user=user))[1],
            "organizations": capped_count(organization_list(user=user))[1],
        }
    if role == Role.SECADMIN:
        return {
            "recent_grants": list(role_assignment_list(user=user).order_by("-granted_at", "-pk")[:RECENT]),
            "locked": locked_account_list(user=user),
        }
    if role == Role.AUDITOR:
        today = timezone.localdate()
        return {
            "today": capped_count(audit_entry_list(user=user, date_from=today))[1],
            "latest": list(audit_entry_list(user=user)[:RECENT]),
        }
    return {}


@login_required
def home(request):
    held = {g.role for g in grants(request.user)}
    sections = [
        {
            "role": role,
            "label": Role(role).label,
            "template": f"core/home/{role}.html",
            **_home_context(request.user, Role(role)),
        }
        for role in HOME_ORDER
        if role in held
    ]
    recent_imports = (
        list(import_job_list(user=request.user)[:RECENT]) if has_perm(request.user, Perm.IMPORT_DATA) else []
    )
    return render(request, "core/home.html", {"sections": sections, "recent_imports": recent_imports})
