"""The organisation tree: city → districts → enterprises → departments, partners beside it.

Subtrees are found with a materialised path: each node's `path` is its parent's
path plus a fixed-width segment of digits. Because paths hold digits only, every
collation orders them like bytes, so "everything under X" is one indexed range
scan (`path BETWEEN X.path AND X.path || '999…'`) on SQLite and PostgreSQL alike,
whatever the depth. See docs/architecture.md.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import OrgKind, Ownership, PartnerType, SizeClass

SEGMENT_WIDTH = 6
MAX_DEPTH = 10
PATH_MAX = SEGMENT_WIDTH * MAX_DEPTH


def subtree_bounds(path: str) -> tuple[str, str]:
    return path, path + "9" * (PATH_MAX - len(path))


def ancestor_paths(path: str) -> list[str]:
    """The path and every path above it, root first: one per segment."""
    return [path[:end] for end in range(SEGMENT_WIDTH, len(path) + 1, SEGMENT_WIDTH)]


def depth_of(path: str) -> int:
    """1 for the city, 2 for a district, …: one per segment."""
    return len(path) // SEGMENT_WIDTH


def ancestor_at(path: str, depth: int) -> str:
    """The path of the organisation above (or at) path at depth (1: the city, 2: a district, …)."""
    return path[: depth * SEGMENT_WIDTH]


def common_ancestor(paths) -> str:
    """The deepest path at or above every one of paths ("" when they share no root)."""
    paths = list(paths)
    common = min(paths) if paths else ""
    for path in paths:
        while not path.startswith(common):
            common = common[:-SEGMENT_WIDTH]
    return common


def subtree_q(path: str, field: str = "path") -> models.Q:
    low, high = subtree_bounds(path)
    return models.Q(**{f"{field}__gte": low, f"{field}__lte": high})


class Organization(models.Model):
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=OrgKind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    path = models.CharField(max_length=PATH_MAX, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)
    children_created = models.PositiveIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    # Enterprise fields.
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
    )
    industry = models.CharField(_("industry (GB/T 4754-2017 division)"), max_length=2, blank=True, db_index=True)
    ownership = models.CharField(_("ownership"), max_length=16, choices=Ownership.choices, blank=True)
    size_class = models.CharField(_("size"), max_length=8, choices=SizeClass.choices, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True, validators=[MinValueValidator(0)])
    union_chair = models.CharField(_("union chair"), max_length=50, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)

    # Partner organisations (universities, institutes) may be linked to districts.
    partner_type = models.CharField(_("partner type"), max_length=16, choices=PartnerType.choices, blank=True)
    linked_districts = models.ManyToManyField(
        "self",
        verbose_name=_("linked districts"),
        symmetrical=False,
        blank=True,
        related_name="partners",
        limit_choices_to={"kind": OrgKind.DISTRICT},
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="org_unique_name_under_parent"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_enterprise(self) -> bool:
        return self.kind == OrgKind.ENTERPRISE

    def subtree_q(self, field: str = "path") -> models.Q:
        return subtree_q(self.path, field)

    def is_within(self, other: "Organization") -> bool:
        """True if self is other or lies under it. No query."""
        return self.path.startswith(other.path)

    def ancestor_paths(self) -> list[str]:
        return ancestor_paths(self.path)

    def ancestors(self):
        """Root first, self last: one query."""
        return Organization.objects.filter(path__in=self.ancestor_paths()).order_by("path")
