"""Every GET URL of the installation: the pages from the URL configuration, the API from its OpenAPI paths.

One enumeration for the personal-data sweep (tests/security/test_pii_sweep.py) and the page census
(bench/page_census.py), so that a new page or endpoint is swept and measured without being listed in
either. Path parameters are filled from pools of ids the caller chooses (the sweep: every fixture's id,
in scope and out of scope alike; the census: a few ids in each role's scope); a route whose parameters
have no pool fails loudly, so that a new kind of page gets one here.

Imports nothing from pytest: the bench scripts import it too.
"""

import re
from itertools import product

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Never requested: logout ends the session (and the sweep); api_not_found answers every unmatched API URL
# with the JSON 404 and holds no data.
SKIPPED = {"accounts:logout", "set_language", "api_not_found"}
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
IMPORT_KINDS = ["workers", "organizations", "proposals", "honours"]

# Which pool of ids a route's first parameter takes, by the route's beginning (first match wins).
ROUTE_POOLS = (
    ("/accounts/people/", "worker"),
    ("/accounts/roles/", "role"),
    ("/accounts/accounts/", "user"),
    ("/orgs/", "org"),
    ("/methods/applications/", "method_application"),
    ("/methods/", "method"),
    ("/named-methods/", "method"),
    ("/payouts/", "payout"),
    ("/imports/template/", "import_kind"),
    ("/imports/", "job"),
    ("/proposals/campaigns/", "campaign"),
    ("/proposals/", "proposal"),
    ("/showcase/", "proposal"),
    ("/experts/reviews/", "assignment"),
    ("/experts/", "expert"),
    ("/talent/honour-types/", "honour_type"),
    ("/talent/honours/", "honour"),
    ("/talent/", "profile"),
    ("/people/", "profile"),
    ("/training/pairs/", "pair"),
    ("/training/enrolments/", "enrolment"),
    ("/training/check-in/", "check_in_token"),
    ("/training/", "training"),
    ("/verify/", "certificate_code"),
)
# The API's path parameters and their pools.
API_POOLS = {
    "org_id": "org",
    "worker_id": "worker",
    "proposal_id": "proposal",
    "profile_id": "profile",
    "expert_id": "expert",
    "training_id": "training",
    "method_id": "method",
}
# A second path parameter: the ids the first one's record has of that kind (children()), by its API name.
API_CHILDREN = {"session_id": "session_pk"}


def page_routes() -> list[tuple[str, str]]:
    """(route, "namespace:name") of every page outside the API and the Django admin, SKIPPED left out."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                route = str(pattern.pattern)
                if route.startswith(("api/", "admin/")):
                    continue  # the API comes from its OpenAPI paths, the admin from its registry
                inner = f"{namespace}:" if pattern.namespace is None else f"{pattern.namespace}:"
                yield from walk(pattern.url_patterns, prefix + route, inner if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), f"{namespace}{pattern.name}"

    return [(route, name) for route, name in walk(get_resolver().url_patterns, "/", "") if name not in SKIPPED]


def route_pool(route: str) -> str:
    for start, pool in ROUTE_POOLS:
        if route.startswith(start):
            return pool
    raise AssertionError(f"no pool of ids for {route}: add one to tests/site_urls.py ROUTE_POOLS")


def children(pool: str, pk) -> dict[str, list]:
    """The ids a record's sub-pages take, from the database: a proposal's attachments, claims and lines; a
    training's sessions and materials; a 师带徒 pair's milestones; a talent profile's entries."""
    if pool == "training":
        return _training_children(pk)
    if pool == "pair":
        from zhichuang.training.models import Milestone

        milestones = list(Milestone.objects.filter(apprenticeship_id=pk).values_list("pk", flat=True))
        return {"milestone_pk": milestones, "decision": ["confirm"]}
    if pool == "profile":
        from zhichuang.talent.models import SkillLevelEntry, TalentProfile

        worker = TalentProfile.objects.filter(pk=pk).values_list("worker_id", flat=True).first()
        entries = list(SkillLevelEntry.objects.filter(worker_id=worker).values_list("pk", flat=True))
        return {"entry_pk": entries, "decision": ["confirm"]}
    if pool == "honour":
        return {"decision": ["verify"]}
    if pool == "expert":
        from zhichuang.experts.models import ExpertConflict

        conflicts = list(ExpertConflict.objects.filter(expert_id=pk).values_list("pk", flat=True))
        return {"conflict_pk": conflicts, "decision": ["admit"]}
    if pool == "method":
        from zhichuang.methods.models import MethodAdoption, MethodEffect

        return {
            "effect_pk": list(MethodEffect.objects.filter(method_id=pk).values_list("pk", flat=True)),
            "adoption_pk": list(MethodAdoption.objects.filter(method_id=pk).values_list("pk", flat=True)),
        }
    if pool == "method_application":
        return {"step": ["endorse"]}
    if pool == "assignment":
        return {"answer": ["accept"]}
    return _proposal_children(pk)


def _training_children(training_pk: int) -> dict[str, list]:
    from zhichuang.training.models import Material, Session

    return {
        "session_pk": list(Session.objects.filter(training_id=training_pk).values_list("pk", flat=True)),
        "material_pk": list(Material.objects.filter(training_id=training_pk).values_list("pk", flat=True)),
        "to_state": ["open"],
    }


def _proposal_children(proposal_pk: int) -> dict[str, list]:
    from zhichuang.proposals.models import Attachment, BenefitClaim, BenefitLine

    claims = list(BenefitClaim.objects.filter(proposal_id=proposal_pk).values_list("pk", flat=True))
    return {
        "attachment_pk": list(Attachment.objects.filter(proposal_id=proposal_pk).values_list("pk", flat=True)),
        "claim_pk": claims,
        "line_pk": list(BenefitLine.objects.filter(claim_id__in=claims).values_list("pk", flat=True)),
        "decision": ["verify"],
    }


def fill(route: str, ids: dict[str, list], children=children) -> list[str]:
    """Concrete URLs for a route, its parameters filled from the pools in ids (children with their parent)."""
    names = [name for _kind, name in PARAM.findall(route)]
    if not names:
        return [route]
    first = names[0]
    pool_name = route_pool(route)
    pool = IMPORT_KINDS if pool_name == "import_kind" else ids[pool_name]
    urls = []
    for value in pool:
        rest = names[1:]
        found = children(pool_name, value) if rest else {}
        for combo in product(*(found[name] for name in rest)):
            filled = dict(zip([first, *rest], [value, *combo], strict=True))
            urls.append(PARAM.sub(lambda m, filled=filled: str(filled[m.group(2)]), route))
    return urls


def api_get_paths(paths: dict) -> list[tuple[str, bool]]:
    """(path, paginated) of every API operation with a GET, from the OpenAPI document's paths."""
    return [
        (path, "limit" in repr(operations["get"].get("parameters", "")))
        for path, operations in paths.items()
        if "get" in operations  # POST-only (tokens, reveal-pii): no read
    ]


def api_urls(paths: dict, ids: dict[str, list], limit: int | None = 100) -> list[str]:
    """Concrete GET URLs of the API: lists with ?limit= (when given), one-record paths filled from ids."""
    urls = []
    for path, paginated in api_get_paths(paths):
        names = re.findall(r"{(\w+)}", path)
        if not names:
            urls.append(path + (f"?limit={limit}" if paginated and limit else ""))
            continue
        first, *rest = names
        for value in ids[API_POOLS[first]]:
            url = path.replace(f"{{{first}}}", str(value))
            if not rest:
                urls.append(url)
                continue
            (second,) = rest
            kids = children(API_POOLS[first], value)[API_CHILDREN[second]]
            urls += [url.replace(f"{{{second}}}", str(kid)) for kid in kids]
    return urls


def admin_urls(per_model: int = 3) -> list[str]:
    """The Django admin's index, every registered model's list and the change pages of its first rows."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        for pk in model._default_manager.values_list("pk", flat=True)[:per_model]:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[pk]))
    return urls
