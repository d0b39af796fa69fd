"""Reads of the named methods, every one through the scope: a district admin sees its district's methods, an
enterprise admin its own, an inventor their own methods; an invited expert only the application they are
asked to score (review_get, after experts.selectors.assignment_for); the public only recognised methods
whose inventors all consented (PUBLIC_METHODS), and of them only the fields named there."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from zhichuang.accounts.models import Worker
from zhichuang.accounts.scoping import scope_for
from zhichuang.accounts.selectors import own_worker
from zhichuang.core.errors import NotFound
from zhichuang.core.public import PublicRecords
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization, subtree_q

from .enums import ANY_LEVEL, OPEN_STATES
from .models import MethodAdoption, MethodApplication, MethodEffect, MethodInventor, MethodScore, NamedMethod
from .permissions import MethodPerm


def _visible(user) -> Q:
    """Methods in the user's VIEW scope, and those the user is an inventor of."""
    condition = scope_for(user, MethodPerm.VIEW).q("org_path")
    mine = own_worker(user=user)
    if mine is not None:  # by the worker's id: no join to the 3,000,000 workers for every method
        condition |= Exists(MethodInventor.objects.filter(method=OuterRef("pk"), worker_id=mine.pk))
    return condition


def _org(value) -> Organization | None:
    if value is None or isinstance(value, Organization):
        return value
    return Organization.objects.filter(pk=value).only("pk", "path").first()


def method_list(
    *,
    user,
    q: str = "",
    level: str = "",
    state: str = "",
    field=None,
    district=None,
    enterprise=None,
) -> QuerySet[NamedMethod]:
    """The methods the user may see, newest first, narrowed by the filters; q searches the name, the
    inventors' names and the trade."""
    methods = NamedMethod.objects.filter(_visible(user))
    if level == ANY_LEVEL:
        methods = methods.exclude(level="")
    elif level:
        methods = methods.filter(level=level)
    if state:
        methods = methods.filter(state=state)
    if field:
        methods = methods.filter(field_id=getattr(field, "pk", field))
    for chosen in (district, enterprise):
        if chosen:
            org = _org(chosen)
            methods = methods.filter(subtree_q(org.path, "org_path")) if org else methods.none()
    words = (q or "").strip()
    if words:
        methods = methods.filter(
            Q(name__icontains=words) | Q(inventor_names__icontains=words) | Q(trade__icontains=words)
        )
    return methods.select_related("enterprise", "field").order_by("-id")


def method_get(*, user, pk) -> NamedMethod:
    method = (
        NamedMethod.objects.filter(_visible(user), pk=pk).select_related("enterprise", "district", "field").first()
        if str(pk).isdigit()
        else None
    )
    if method is None:
        raise NotFound()
    return method


def may_see(user, method: NamedMethod) -> bool:
    return NamedMethod.objects.filter(_visible(user), pk=method.pk).exists()


def inventors(method: NamedMethod) -> list[MethodInventor]:
    return list(method.inventors.select_related("worker", "worker__employer").order_by("order", "id"))


def effects(method: NamedMethod) -> list[MethodEffect]:
    return list(method.effects.order_by("id"))


def effect_get(method: NamedMethod, pk) -> MethodEffect:
    effect = method.effects.filter(pk=pk).first() if str(pk).isdigit() else None
    if effect is None:
        raise NotFound()
    return effect


def adoptions(method: NamedMethod) -> list[MethodAdoption]:
    return list(method.adoptions.select_related("enterprise").order_by("since", "id"))


def adoption_get(method: NamedMethod, pk) -> MethodAdoption:
    adoption = method.adoptions.filter(pk=pk).first() if str(pk).isdigit() else None
    if adoption is None:
        raise NotFound()
    return adoption


def courses(method: NamedMethod):
    return list(method.courses.select_related("organizer").order_by("-id"))


def applications(method: NamedMethod) -> list[MethodApplication]:
    return list(method.applications.select_related("enterprise", "district").order_by("-id"))


def open_application(method: NamedMethod) -> MethodApplication | None:
    return method.applications.filter(state__in=OPEN_STATES).select_related("method", "enterprise", "district").first()


def application_get(*, user, pk) -> MethodApplication:
    """An application of a method the user may see."""
    application = (
        MethodApplication.objects.filter(pk=pk).select_related("method", "enterprise", "district").first()
        if str(pk).isdigit()
        else None
    )
    if application is None or not may_see(user, application.method):
        raise NotFound()
    return application


def review_get(pk) -> MethodApplication:
    """The application an invited expert scores (the caller checked the assignment)."""
    application = (
        MethodApplication.objects.filter(pk=pk)
        .select_related("method", "method__enterprise", "method__field", "enterprise")
        .first()
    )
    if application is None:
        raise NotFound()
    return application


def history(application: MethodApplication):
    return application.transitions.select_related("actor").order_by("at", "id")


def scores(application: MethodApplication) -> list[MethodScore]:
    return list(application.scores.select_related("evaluator").order_by("id"))


def my_score(*, user, application: MethodApplication) -> MethodScore | None:
    return application.scores.filter(evaluator_id=user.pk).first()


def workers_named(*, user, enterprise: Organization, names: list[str]) -> dict[str, list[Worker]]:
    """The enterprise's workers of each name, where the user manages the enterprise's methods."""
    if not scope_for(user, MethodPerm.MANAGE).covers(enterprise.path) or not names:
        return {}
    found: dict[str, list[Worker]] = {name: [] for name in names}
    rows = (
        Worker.objects.filter(subtree_q(enterprise.path, "employer__path"), name__in=names)
        .select_related("department")
        .only("pk", "name", "user_id", "department__name", "employer_id")
        .order_by("pk")
    )
    for worker in rows:
        found[worker.name].append(worker)
    return found


def managed_enterprises(*, user, limit: int = 200) -> list[Organization]:
    """Enterprises where the user may enter methods (for the form's choice)."""
    scope = scope_for(user, MethodPerm.MANAGE)
    if scope.is_empty:
        return []
    return list(
        Organization.objects.filter(scope.q("path"), kind=OrgKind.ENTERPRISE)
        .only("pk", "name", "path")
        .order_by("path")[:limit]
    )


def enterprise_by_credit_code(code: str) -> Organization | None:
    """An enterprise by its unified social credit code (public registry data): where a method is practised."""
    if not code:
        return None
    return Organization.objects.filter(credit_code=code.strip().upper(), kind=OrgKind.ENTERPRISE).first()


def methods_of_inventor(worker: Worker) -> QuerySet[NamedMethod]:
    """Every method the worker is an inventor of, newest first."""
    return NamedMethod.objects.filter(inventors__worker=worker).select_related("enterprise").order_by("-id")


def worker_methods(worker: Worker) -> QuerySet[NamedMethod]:
    """The recognised methods the worker is an inventor of."""
    return NamedMethod.objects.filter(inventors__worker=worker).exclude(level="")


# ---- the public registry ------------------------------------------------------------------------------

# What a visitor sees of a method in the public registry: recognised methods whose every inventor consented
# (services._refresh_public keeps `public`), and only these fields: no evidence, scores, reasons or people
# beyond the inventors' names.
PUBLIC_METHODS = PublicRecords(
    NamedMethod,
    fields=(
        "id",
        "name",
        "enterprise__name",
        "trade",
        "field__name",
        "level",
        "recognised_year",
        "description",
        "steps",
        "inventor_names",
    ),
    published=Q(public=True),
)


def public_methods(*, level: str = "", q: str = "") -> QuerySet[NamedMethod]:
    methods = PUBLIC_METHODS.published_list()
    if level:
        methods = methods.filter(level=level)
    if q.strip():
        methods = methods.filter(Q(name__icontains=q.strip()) | Q(trade__icontains=q.strip()))
    return methods.order_by("-id")


def public_method_get(pk) -> NamedMethod:
    return PUBLIC_METHODS.published_get(pk)


def public_effects(method: NamedMethod) -> list[MethodEffect]:
    """A published method's measured effects: kind, value, unit and what was measured (no evidence)."""
    return list(
        MethodEffect.objects.filter(method_id=method.pk).only("kind", "value", "unit", "description").order_by("id")
    )


def public_adoptions(method: NamedMethod) -> list[MethodAdoption]:
    """Where a published method is practised: the enterprises and since when (no evidence)."""
    return list(
        MethodAdoption.objects.filter(method_id=method.pk)
        .select_related("enterprise")
        .only("since", "benefit", "benefit_unit", "description", "enterprise__name")
        .order_by("since", "id")
    )
