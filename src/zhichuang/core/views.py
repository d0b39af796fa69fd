"""Shared view helpers and the "my work" home page.

Views stay thin: they name a permission, call selectors (reads) and services
(writes), and turn application errors into 404s, form errors or messages.
"""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from zhichuang.core.access import own_records
from zhichuang.core.errors import NotFound
from zhichuang.core.forms import parse_id
from zhichuang.core.modules import modules

# Counting millions of rows for a home page card costs more than it tells: above this, "100,000+".
COUNT_CAP = 100_000
# A list heading counts at most this far: an exact count of a city-wide search reads every match.
LIST_COUNT_CAP = 1_000
PER_PAGE = 50
# A page number past this is read as this one (past the end of any list here, so empty): its offset still
# fits the databases' 64-bit integers, which ?page=99999999999999999999999 would not.
MAX_PAGE = 1_000_000


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


def back_to(request, default, *args):
    """Redirect to the form's `next` (a page of this site only), else to default (a URL name or path)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default, *args)


def error_text(exc) -> str:
    """An ApplicationError in one line for a flash message: its field messages, else its message."""
    details = exc.details if isinstance(exc.details, dict) else {}
    return " ".join(str(m) for texts in details.values() for m in texts) or str(exc.message)


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


def grouped(count: int) -> str:
    """A count with thousands separators, grouped as money is (¥1,234.00): 1,234 in every language (the
    Chinese locale's own grouping has no separator, which printed 10100)."""
    return f"{int(count):,}"


def _count_label(count: int, cap: int) -> str:
    if count > cap:
        return _("%(count)s+") % {"count": grouped(cap)}
    return grouped(count)


# The pager links this many pages either side of the current one (one on a phone: app.css).
PAGER_SPAN = 2


@dataclass(frozen=True)
class Page:
    rows: list
    number: int
    has_previous: bool
    has_next: bool
    count_label: str
    start_index: int
    count_exact: bool = True  # False where the count stopped at its cap ("1,000+")
    count: int = 0  # the rows counted: all of them where count_known, else the cap passed
    count_known: bool = True  # every row counted (the last page knows its end even past the heading's cap)
    per_page: int = PER_PAGE

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def page_count(self) -> int:
        """The pages there are where the count is exact; past a cap, the pages the cap fills, which the list
        has more than ("20+ 页" beside "1,000+ 条"), or the current one when it is further on and more follow."""
        pages = max(1, -(-self.count // self.per_page))
        if not self.count_known and self.has_next:
            pages = max(pages, self.number)
        return pages

    @property
    def page_count_label(self) -> str:
        if self.count_known:
            return grouped(self.page_count)
        return _("%(count)s+") % {"count": grouped(self.page_count)}

    @property
    def last_known(self) -> int:
        """The furthest page known to exist: the last one, or past a cap the one after those it fills."""
        return self.page_count if self.count_known else self.page_count + 1

    @property
    def links(self) -> list[dict]:
        """The numbered links: the first page, the pages around this one, the last known one; a gap (None)
        where pages are left out, and one at the end where the count stopped at its cap (more follow)."""
        last = self.last_known
        shown = sorted(
            {1, last, *range(max(1, self.number - PAGER_SPAN), min(last, self.number + PAGER_SPAN) + 1)}
            if self.number <= last
            else {1, last}
        )
        links, previous = [], 0
        for number in shown:
            if number > previous + 1:
                links.append({"gap": True})
            links.append({"number": number, "current": number == self.number, "near": abs(number - self.number) <= 1})
            previous = number
        if not self.count_known:
            links.append({"gap": True})
        return links


class CountCapped:
    """A queryset paged like any other but counted only up to count_cap ("100+"): for lists whose scope
    is reached through joins, where counting a thousand rows costs more than the page itself."""

    def __init__(self, queryset, count_cap: int):
        self.queryset, self.count_cap = queryset, count_cap

    def page_rows(self, offset: int, limit: int) -> list:
        return list(self.queryset[offset : offset + limit])

    def capped_count(self, cap: int) -> int:
        return self.queryset.order_by()[: cap + 1].count()


class CountKnown:
    """A queryset whose length is known without counting it (the figure a list was opened from, read from a
    rollup): paged like any other, its count exact at any scale."""

    def __init__(self, queryset, count: int):
        self.queryset, self.known_count = queryset, count

    def page_rows(self, offset: int, limit: int) -> list:
        return list(self.queryset[offset : offset + limit])

    def capped_count(self, cap: int) -> int:
        return self.known_count


@dataclass(frozen=True)
class Window:
    """One slice of a list and what is known of its length: pages and the API both read lists this way."""

    rows: list
    count: int  # exact when exact, else the cap it stopped at
    exact: bool
    has_next: bool
    cap: int = 0  # the cap it counted to (a search's or CountCapped's own may be lower than asked)


def window(qs, offset: int, limit: int, cap: int) -> Window:
    """rows[offset:offset+limit] in two queries whatever the table size: the slice itself (one row more, to
    know whether another page follows) and a count stopped at cap, which the last page does without (its
    rows end the list). qs: a queryset, or an object with page_rows(offset, limit), capped_count(cap) and
    count_cap (a full-text search, similarity.selectors.TextSearch)."""
    search = hasattr(qs, "page_rows")
    rows = qs.page_rows(offset, limit + 1) if search else list(qs[offset : offset + limit + 1])
    if len(rows) <= limit and (rows or offset == 0):
        count, exact = offset + len(rows), True
    elif hasattr(qs, "known_count"):
        count, exact = qs.known_count, True
    else:  # more follow, or this slice lies past the end
        cap = min(cap, qs.count_cap) if hasattr(qs, "count_cap") else cap
        # Unordered: the database may then stop at the cap along any index, not only in id order.
        counted = qs.capped_count(cap) if search else qs.order_by()[: cap + 1].count()
        count, exact = min(counted, cap), counted <= cap
    return Window(rows=rows[:limit], count=count, exact=exact, has_next=len(rows) > limit, cap=cap)


def paginate(request, qs, per_page: int | None = None) -> Page:
    """One page of rows (core.views.window) for ?page=n; qs None: an empty page (a list whose filters are
    wrong selects nothing)."""
    per_page = per_page or PER_PAGE
    try:
        number = min(max(1, int(request.GET.get("page", 1))), MAX_PAGE)
    except ValueError:
        number = 1
    offset = (number - 1) * per_page
    part = (
        Window(rows=[], count=0, exact=True, has_next=False)
        if qs is None
        else window(qs, offset, per_page, LIST_COUNT_CAP)
    )
    known = hasattr(qs, "known_count")
    if known:
        label = grouped(part.count)
    else:
        label = _count_label(part.count, LIST_COUNT_CAP) if part.exact else _count_label(part.cap + 1, part.cap)
    return Page(
        count_exact=part.exact and (known or part.count <= LIST_COUNT_CAP),
        rows=part.rows,
        number=number,
        has_previous=number > 1,
        has_next=part.has_next,
        count_label=label,
        start_index=offset + 1,
        count=part.count,
        count_known=part.exact,
        per_page=per_page,
    )


# ---- "my work" --------------------------------------------------------------------


TOP_PANEL_ORDER = 10


@own_records
def home(request):
    """Each module's panels, under the sections (one per role held) that the modules declare."""
    user = request.user
    sections = [section for m in modules() if m.home_sections for section in m.home_sections(user)]
    keys = {section.key for section in sections}
    panels = sorted((p for m in modules() if m.home for p in m.home(user, keys | {""})), key=lambda p: p.order)
    context = {
        "sections": [
            {"key": s.key, "label": s.label, "panels": [p for p in panels if p.section == s.key]}
            for s in sorted(sections, key=lambda s: s.order)
        ],
        # Panels of no section: those ordered first (what waits for the user) above the sections.
        "top": [p for p in panels if p.section == "" and p.order < TOP_PANEL_ORDER],
        "general": [p for p in panels if p.section == "" and p.order >= TOP_PANEL_ORDER],
    }
    return render(request, "core/home.html", context)
