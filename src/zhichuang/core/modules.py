"""What each app contributes to the platform, declared once in the app's own `module.py`.

An app (proposals, and every later module) adds one file, `<app>/module.py`, with

    module = Module(label="proposals", nav=(...), permissions={...}, grants={...}, urls=(...), ...)

and one line in INSTALLED_APPS. The ground and the shared layers (core, orgs, accounts, audit, imports)
read the contributions through `modules()` and never import a domain app by name: the menu, the
home page, the top bar, the role → permission table, the URL config, the API, the importers and the
demo data (DemoStep) are all assembled from here. Modelled on Wagtail's hooks
(`construct_main_menu`, `construct_homepage_panels`), reduced to one declaration per app.

Contributions that would import heavy code (URL configs, API routers, importers) are
dotted paths, imported when first used, so declaring a module never imports its views.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import reverse

from .progress import ProgressBar


@dataclass(frozen=True)
class NavEntry:
    """A menu entry: shown to users who hold perm somewhere (if given) and for whom visible(user) is true."""

    label: str
    url_name: str
    icon: str
    perm: str | None = None
    visible: Callable | None = None
    order: int = 100
    # badge(user) → a short count shown beside the entry ("" for none): kept cheap, it is on every page.
    badge: Callable | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class HomeSection:
    """A heading on the home page (one per role the user holds); panels attach to it by key."""

    key: str
    label: str
    order: int


@dataclass(frozen=True)
class HomePanel:
    """One block of the home page: a template with its context, inside the section named by `section`."""

    section: str
    template: str
    context: Mapping = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class Importer:
    """A kind of spreadsheet import: `module` (dotted) has COLUMNS and run(job, table, progress)."""

    kind: str
    label: str
    module: str


@dataclass(frozen=True)
class AuditObject:
    """How the audit log names one object type (a model's label_lower, as audit_record writes it).

    `fields` labels the keys of an entry's `changes` that are not fields of the model (a model field's
    verbose_name is used otherwise); `values` labels stored codes (a state, a role) per key; `pairs` are
    keys whose two-item list is "old → new" although they are no plain field of the model (a model's
    own non-JSON fields always are).
    """

    label: str
    fields: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    pairs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class StatisticsSection:
    """A part of the statistics page (zhichuang.statistics), shown to users who hold `perm` somewhere.

    `build` (dotted) is called as build(*, user, year, district, **filters) and returns the template's
    context: `year` and `district` are the page's common filters (`district` an Organization the user may
    filter by, or None), `filters` the cleaned values of the section's own fields. `filters` (dotted, optional)
    is a forms.Form whose fields the page's filter form adds after the common ones; `years` (dotted) returns
    the years the section has figures for (the year filter's choices); `scripts` are static files loaded
    after ECharts.
    """

    key: str
    label: str
    template: str
    build: str
    perm: str
    years: str | None = None
    filters: str | None = None
    scripts: tuple[str, ...] = ()
    order: int = 100


@dataclass(frozen=True)
class Rollup:
    """Figures a module keeps precomputed, recomputed from scratch by `zhichuang rebuild_statistics`.

    `rebuild` (dotted) is called as rebuild(*, years=None, progress=None) and returns the records counted;
    `counted` is the command's line about them, with a %(count)s placeholder. `workforce` (dotted, optional)
    is called as workforce() in the transaction that recounts the workforce (the participation denominator),
    after the recount, by a rollup that keeps the workforce in its own rows.
    """

    rebuild: str
    counted: str
    workforce: str | None = None


@dataclass(frozen=True)
class PublicPage:
    """Pages anyone may open without an account, linked from the login page.

    `url_name` is the entry page; every view under its URL namespace is declared `public`
    (core.access) and no other view of the platform is, beside logging in and out
    (tests/core/test_public.py). `records` (dotted) is the core.public.PublicRecords the pages show: one
    rule of what is published and the fixed fields a visitor may see.
    """

    label: str
    url_name: str
    icon: str
    records: str

    @property
    def namespace(self) -> str:
        return self.url_name.partition(":")[0]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class DemoStep:
    """A module's part of the demo data, made by `zhichuang load_demo` / `demo` and by `generate_scale`.

    `run` (dotted, optional) is called as run(context: DemoContext) once the city (and, in the demo, its demo
    accounts) exist, inside the load's transaction, and returns the counts the load reports (its summary and
    its `demo.load` audit row, whose keys the module labels in `audit_fields`). `derived` names management
    commands that build data from what the steps made (rollups, indexes): the demo runs them after every
    step, in step order. `label` names the step: the key of `DemoContext.amounts`.
    """

    label: str
    run: str | None = None
    derived: tuple[str, ...] = ()
    order: int = 100


@dataclass(frozen=True)
class DemoContext:
    """What every demo step is handed: the city just made and the one reference it is built around."""

    # The generated city (an orgs.Organization: core does not know the type) and how many workers it has.
    city: object
    workers: int
    seed: int
    # The start of today in the site's zone, read once per load: data is dated relative to it, so two loads
    # with the same seed on the same day are the same.
    as_of: datetime.datetime
    # Where the demo accounts work ("city", "district", "enterprise" → Organization) and their user ids by
    # username (the demo worker's Worker id as "worker_id"); empty in scale data, which has no demo accounts.
    places: Mapping[str, object] = field(default_factory=dict)
    accounts: Mapping[str, int] = field(default_factory=dict)
    # How many records a step makes, by step label, where the caller chose (a step has its own default).
    amounts: Mapping[str, int] = field(default_factory=dict)
    # Where progress bars are written (a command's stdout), or None for none.
    stream: object | None = None

    def progress(self, label: str) -> ProgressBar | None:
        return ProgressBar(self.stream, label) if self.stream is not None else None


@dataclass(frozen=True)
class RecordItem:
    """One entry of a person's record, linked to the record it comes from."""

    title: str
    url: str = ""
    when: datetime.date | None = None
    detail: str = ""


@dataclass(frozen=True)
class RecordPart:
    """A module's part of a person's record: its entries (the newest first, at most a page of them), how
    many there are in all, and named figures that eligibility rules read ("proposals.adopted": 12)."""

    items: tuple[RecordItem, ...] = ()
    total: int = 0
    figures: Mapping[str, object] = field(default_factory=dict)
    more_url: str = ""  # the list of all of them, where there is one


@dataclass(frozen=True)
class RecordSection:
    """A module's part of a person's record (the talent profile fills itself from these).

    build: "package.module:function", called as build(worker, user=viewer) → RecordPart; the viewer is None
    for the eligibility rules, which read only the figures. The entries are what the module would show
    this viewer."""

    key: str
    label: str
    build: str
    order: int = 100


@dataclass(frozen=True)
class PayoutKind:
    """What a module owes people for, in the payout ledger (zhichuang.payouts).

    url: "package.module:function", called as url(record_id) → the page of the record a payout is for.
    totals: optionally "package.module:function", called as totals(user) → (owed in all, paid) over the
    user's scope, from a rollup; without it the ledger sums that kind's payouts itself.
    paid: optionally "package.module:function", called as paid(payout) inside the transaction that
    recorded the payment, for the module's own figures (a proposal's paid reward).
    perm: the permission that opens the record's page (held at the payer); the payee opens it too. Whoever
    sees the payout without it (finance, for a master's reward) is not sent to a page that would refuse them.
    """

    key: str
    label: str
    url: str
    totals: str | None = None
    paid: str | None = None
    perm: str | None = None


@dataclass(frozen=True)
class Module:
    """Everything an app adds to the platform. Every field is optional."""

    label: str
    # Menu entries, ordered by NavEntry.order across all modules.
    nav: tuple[NavEntry, ...] = ()
    # Permissions this app defines: code → label. Codes are "<area>.<verb>" strings.
    permissions: Mapping[str, str] = field(default_factory=dict)
    # Which roles hold which of those permissions: role code → permission codes.
    grants: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # (URL prefix, dotted URL config) pairs, mounted at the root URL config.
    urls: tuple[tuple[str, str], ...] = ()
    # Dotted path to a ninja Router, mounted under /api/v1/.
    api_router: str | None = None
    # home_sections(user) → [HomeSection]: only the app that knows roles declares these.
    home_sections: Callable | None = None
    # home(user, section_keys) → [HomePanel] for the sections the user sees.
    home: Callable | None = None
    # Templates included in the top bar on every page (the notification bell).
    top_bar: tuple[str, ...] = ()
    importers: tuple[Importer, ...] = ()
    # Its lists (core.listing.Listing), as dotted paths "app.listings:NAME": each a page, an .xlsx export and
    # an API list from one declaration; tests/core/test_listings.py runs every one for every role.
    lists: tuple[str, ...] = ()
    # The audit log's words for what this module writes (read by zhichuang.audit.labels):
    # action code → label (every code passed to audit_record needs one: tests/audit/test_labels.py),
    # object type → AuditObject, and labels of `changes` keys any of its entries may carry.
    audit_actions: Mapping[str, str] = field(default_factory=dict)
    audit_objects: Mapping[str, AuditObject] = field(default_factory=dict)
    audit_fields: Mapping[str, str] = field(default_factory=dict)
    # Kinds of record the search piece indexes for full text and similar documents
    # (zhichuang.similarity.kinds.DocumentKind; core does not know the type).
    documents: tuple = ()
    # Its sections of the statistics page and the rollups they read (assembled by zhichuang.statistics).
    statistics: tuple[StatisticsSection, ...] = ()
    rollups: tuple[Rollup, ...] = ()
    # Its pages for visitors without an account (the showcase of excellent results).
    public_pages: tuple[PublicPage, ...] = ()
    # Its part of the demo data and the commands that derive data from it (zhichuang.demo).
    demo: tuple[DemoStep, ...] = ()
    # Its parts of a person's record (the talent profile): adopted proposals, trainings, contest awards, ...
    record: tuple[RecordSection, ...] = ()
    # Its workflows' states that wait on a person, for 待办 (zhichuang.todo.queues.Source; core does not know
    # the type).
    todo: tuple = ()
    # What it owes people for: kinds of row in the shared payout ledger.
    payouts: tuple[PayoutKind, ...] = ()


@cache
def modules() -> tuple[Module, ...]:
    """The declared modules of the installed apps, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.module"
        if find_spec(name) is None:
            continue
        declared = import_module(name).module
        if not isinstance(declared, Module):
            raise TypeError(f"{name}.module must be a core.modules.Module, not {type(declared).__name__}")
        found.append(declared)
    return tuple(found)


def resolve(dotted: str):
    """ "package.module:attribute" → the attribute; "package.module" → the module."""
    module_name, _, attribute = dotted.partition(":")
    loaded = import_module(module_name)
    return getattr(loaded, attribute) if attribute else loaded


def nav_entries() -> list[NavEntry]:
    return sorted((entry for m in modules() for entry in m.nav), key=lambda entry: entry.order)


def top_bar_templates() -> tuple[str, ...]:
    return tuple(template for m in modules() for template in m.top_bar)


def importers() -> dict[str, Importer]:
    return {importer.kind: importer for m in modules() for importer in m.importers}


def statistics_sections() -> list[StatisticsSection]:
    return sorted((section for m in modules() for section in m.statistics), key=lambda section: section.order)


def rollups() -> tuple[Rollup, ...]:
    return tuple(rollup for m in modules() for rollup in m.rollups)


def demo_steps() -> list[DemoStep]:
    return sorted((step for m in modules() for step in m.demo), key=lambda step: step.order)


def listings() -> dict:
    """Every registered list by its key: {key: core.listing.Listing}."""
    return {listing.key: listing for listing in (resolve(dotted) for m in modules() for dotted in m.lists)}


def record_sections() -> list[RecordSection]:
    return sorted((section for m in modules() for section in m.record), key=lambda section: section.order)


@cache
def payout_kinds() -> dict[str, PayoutKind]:
    return {kind.key: kind for m in modules() for kind in m.payouts}


def public_pages() -> tuple[PublicPage, ...]:
    return tuple(page for m in modules() for page in m.public_pages)
