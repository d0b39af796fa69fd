"""The named methods' section of the statistics page: the recognised methods of the user's scope by the
level they reached, overall and by district, and those under review. Counted as they stand (not by year);
every number opens the methods list with exactly the filters that select what it counts, and that list
counts in full (views.method_list), so the two always agree."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from zhichuang.accounts.scoping import scope_for
from zhichuang.core.listing import filtered_url
from zhichuang.orgs.models import Organization, subtree_q

from .enums import ANY_LEVEL, LEVEL_ORDER, MethodLevel, MethodState
from .models import NamedMethod
from .permissions import MethodPerm

UNDER_REVIEW = (MethodState.APPLIED, MethodState.ENDORSED, MethodState.REVIEWING)


@dataclass(frozen=True)
class Figure:
    value: int
    filters: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return filtered_url("methods:list", self.filters)


@dataclass
class DistrictRow:
    name: str
    levels: list[Figure]
    total: Figure


def _scope(user, district: Organization | None) -> Q:
    condition = scope_for(user, MethodPerm.VIEW).q("org_path")
    return condition & subtree_q(district.path, "org_path") if district else condition


def methods_section(*, user, year: int, district: Organization | None = None) -> dict:
    """The section's context (core.modules.StatisticsSection.build)."""
    base = {"district": district.pk if district else None}
    methods = NamedMethod.objects.filter(_scope(user, district))
    by_level = dict(methods.exclude(level="").values_list("level").annotate(n=Count("pk")).order_by())
    levels = [Figure(by_level.get(level.value, 0), base | {"level": level.value}) for level in LEVEL_ORDER]
    reviewing = {
        state.value: Figure(n, base | {"state": state.value})
        for state, n in ((s, methods.filter(state=s).count()) for s in UNDER_REVIEW)
    }
    rows = []
    if district is None:
        counts = (
            methods.exclude(level="").exclude(district=None).values_list("district", "level").annotate(n=Count("pk"))
        )
        table: dict[int, dict[str, int]] = {}
        for district_id, level, n in counts.order_by():
            table.setdefault(district_id, {})[level] = n
        orgs = Organization.objects.filter(pk__in=list(table)).only("pk", "path", "name").order_by("path")
        for org in orgs:
            cells = table[org.pk]
            rows.append(
                DistrictRow(
                    org.name,
                    [
                        Figure(cells.get(level.value, 0), {"district": org.pk, "level": level.value})
                        for level in LEVEL_ORDER
                    ],
                    Figure(sum(cells.values()), {"district": org.pk, "level": ANY_LEVEL}),
                )
            )
    return {
        "methods_levels": [str(MethodLevel(level).label) for level in LEVEL_ORDER],
        "methods_by_level": levels,
        "methods_recognised": Figure(sum(f.value for f in levels), base | {"level": ANY_LEVEL}),
        "methods_reviewing": [(str(MethodState(s).label), f) for s, f in reviewing.items()],
        "methods_districts": rows,
    }
