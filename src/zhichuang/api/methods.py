"""The named methods' endpoints: the list (the page's own list and filters) and one method with its
inventors' names and shares, measured effects, adoptions, courses and recognition applications, through the
same selectors and scope as the pages. Names and organisations only: never an ID number, mobile number or
birth date, and no evidence files."""

import datetime
from decimal import Decimal

from ninja import Path, Query, Router, Schema
from ninja.pagination import paginate

from zhichuang.core.validators import ID_MAX
from zhichuang.methods import selectors
from zhichuang.methods.listings import METHODS

from .listings import api_rows, query_schema
from .pagination import CappedLimitOffsetPagination

router = Router(tags=["methods"])
MethodFilters = query_schema(METHODS)


class MethodFields(Schema):
    id: int
    name: str
    inventors: str
    enterprise: str
    trade: str
    field: str | None
    level: str
    recognised_year: int | None
    state: str


class MethodOut(MethodFields):
    """A method read from its row (the detail, already a dict, is MethodDetailOut)."""

    @staticmethod
    def resolve_inventors(method) -> str:
        return method.inventor_names

    @staticmethod
    def resolve_enterprise(method) -> str:
        return method.enterprise.name

    @staticmethod
    def resolve_field(method) -> str | None:
        return method.field.name if method.field_id else None


class InventorOut(Schema):
    name: str
    share: Decimal
    consented: bool


class EffectOut(Schema):
    kind: str
    value: Decimal
    unit: str
    description: str


class AdoptionOut(Schema):
    enterprise: str
    since: datetime.date
    benefit: Decimal | None
    benefit_unit: str
    description: str


class ApplicationOut(Schema):
    id: int
    level: str
    state: str
    score: Decimal | None


class MethodDetailOut(MethodFields):
    description: str
    steps: list[str]
    inventor_shares: list[InventorOut]
    effects: list[EffectOut]
    adoptions: list[AdoptionOut]
    courses: list[str]
    applications: list[ApplicationOut]


@router.get("/methods", response=list[MethodOut], summary="Named methods in your scope")
@paginate(CappedLimitOffsetPagination)
def methods(request, filters: Query[MethodFilters]):
    return api_rows(METHODS, request, filters)


@router.get("/methods/{int:method_id}", response=MethodDetailOut, summary="One named method")
def method_detail(request, method_id: int = Path(..., ge=1, le=ID_MAX)):
    method = selectors.method_get(user=request.auth, pk=method_id)
    return {
        "id": method.pk,
        "name": method.name,
        "inventors": method.inventor_names,
        "enterprise": method.enterprise.name,
        "trade": method.trade,
        "field": MethodOut.resolve_field(method),
        "level": method.level,
        "recognised_year": method.recognised_year,
        "state": method.state,
        "description": method.description,
        "steps": method.steps,
        "inventor_shares": [
            {"name": i.worker.name, "share": i.share, "consented": i.consented_at is not None}
            for i in selectors.inventors(method)
        ],
        "effects": selectors.effects(method),
        "adoptions": [
            {
                "enterprise": a.enterprise.name,
                "since": a.since,
                "benefit": a.benefit,
                "benefit_unit": a.benefit_unit,
                "description": a.description,
            }
            for a in selectors.adoptions(method)
        ],
        "courses": [t.title for t in selectors.courses(method)],
        "applications": selectors.applications(method),
    }
