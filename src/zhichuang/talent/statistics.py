"""The talent pool's section of the statistics page: the people of the user's scope by category and level,
and by district. The pool is counted as it stands (not by year); every number opens the talent list with
exactly the filters that select what it counts, and that list counts in full (views.profiles), so the two
always agree."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from zhichuang.accounts.scoping import scope_for
from zhichuang.core.listing import filtered_url
from zhichuang.orgs.models import Organization, subtree_q

from .enums import LEVEL_ORDER, HonourLevel, TalentCategory
from .models import ProfileCategory, TalentProfile
from .permissions import TalentPerm

# The categories that come in levels (from honours); the others are held or not.
LEVELLED = (TalentCategory.MODEL_WORKER, TalentCategory.CRAFTSMAN, TalentCategory.TECHNICAL_EXPERT)


@dataclass(frozen=True)
class Figure:
    value: int
    filters: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return filtered_url("talent:list", self.filters)


@dataclass
class CategoryRow:
    label: str
    key: str
    total: Figure
    levels: list[Figure]  # in LEVELS_SHOWN order; empty for a category without levels


LEVELS_SHOWN = tuple(reversed(LEVEL_ORDER))  # national first


def _scope(user, district: Organization | None) -> Q:
    condition = scope_for(user, TalentPerm.VIEW).q("org_path")
    return condition & subtree_q(district.path, "org_path") if district else condition


def talent_section(*, user, year: int, district: Organization | None = None) -> dict:
    """The section's context (core.modules.StatisticsSection.build)."""
    base = {"district": district.pk if district else None}
    profiles = TalentProfile.objects.filter(_scope(user, district))
    total = Figure(profiles.count(), base)
    held = (
        ProfileCategory.objects.filter(profile__in=profiles.values("pk"))
        .values_list("category", "level")
        .annotate(n=Count("pk"))  # a profile holds a category at a level once (profilecategory_unique)
    )
    by_level = {(category, level): n for category, level, n in held}
    by_category = dict(
        ProfileCategory.objects.filter(profile__in=profiles.values("pk"))
        .values_list("category")
        .annotate(n=Count("profile", distinct=True))
    )
    rows = []
    for category in TalentCategory:
        filters = base | {"category": category.value}
        levels = (
            [Figure(by_level.get((category.value, level), 0), filters | {"level": level}) for level in LEVELS_SHOWN]
            if category in LEVELLED
            else []
        )
        count = Figure(by_category.get(category.value, 0), filters)
        rows.append(CategoryRow(str(category.label), category.value, count, levels))
    districts = []
    if district is None:
        counts = dict(profiles.exclude(district=None).values_list("district").annotate(n=Count("pk")))
        orgs = Organization.objects.filter(pk__in=list(counts)).only("pk", "path", "name").order_by("path")
        districts = [(org.name, Figure(counts[org.pk], {"district": org.pk})) for org in orgs]
    return {
        "talent_total": total,
        "talent_rows": rows,
        "talent_levels": [str(HonourLevel(level).label) for level in LEVELS_SHOWN],
        "talent_districts": districts if len(districts) > 1 else [],
    }
