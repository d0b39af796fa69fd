"""The statistics page's common ground: which sections a user sees, the year and district filters they
share, and the workforce (the participation denominator). The figures are the modules' own: each declares
its sections (`Module.statistics`, core.modules.StatisticsSection). See docs/statistics.md.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Q

from zhichuang.accounts.scoping import has_perm, scope_for_any
from zhichuang.core.modules import StatisticsSection, resolve, statistics_sections
from zhichuang.core.validators import FILTER_DATE_MAX, FILTER_DATE_MIN
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization, ancestor_at, depth_of

from .models import Workforce

DISTRICT_DEPTH = 2  # city (1) → district (2) → enterprise (3)
# The years whose figures can be asked for: figures link to their module's lists filtered by dates of
# their year, which the lists accept only within these.
YEAR_MIN, YEAR_MAX = FILTER_DATE_MIN.year, FILTER_DATE_MAX.year


def sections_for(user) -> list[StatisticsSection]:
    """The sections of the page this user sees: those whose permission they hold somewhere."""
    return [section for section in statistics_sections() if has_perm(user, section.perm)]


def may_see_statistics(user) -> bool:
    """The page and its menu entry: for whoever sees at least one section."""
    return bool(sections_for(user))


def statistics_years(*, user) -> list[int]:
    """Years with figures in any section, newest first (the current year always)."""
    this_year = datetime.date.today().year  # noqa: DTZ011 - a calendar year, the same in any zone but at midnight
    years = {this_year}
    for section in statistics_sections():
        if section.years:
            years |= resolve(section.years)()
    return sorted(years, reverse=True)


def statistics_districts(*, user) -> list[Organization]:
    """The districts the user may filter by: those in the scope of a section they see, or above a path of it."""
    scope = scope_for_any(user, (section.perm for section in sections_for(user)))
    if scope.is_empty:
        return []
    above = {ancestor_at(path, DISTRICT_DEPTH) for path in scope.paths if depth_of(path) >= DISTRICT_DEPTH}
    condition = scope.q("path")
    if above:
        condition |= Q(path__in=above)
    return list(Organization.objects.filter(condition, kind=OrgKind.DISTRICT).order_by("path"))


def narrowed_paths(paths: Iterable[str], org_path: str | None) -> list[str]:
    """A section's scope paths within org_path (a filter to a district): the deeper of each overlapping pair."""
    if org_path is None:
        return sorted(paths)
    result = set()
    for path in paths:
        if path.startswith(org_path):
            result.add(path)
        elif org_path.startswith(path):
            result.add(org_path)
    return sorted(result)


def workforce_counts(*, nodes: Iterable[str]) -> dict[str, int]:
    """Workers employed under each of these nodes now (as of the last workforce_refresh); the caller's nodes
    are within its user's scope."""
    return dict(Workforce.objects.filter(node_path__in=list(nodes)).values_list("node_path", "workers"))
