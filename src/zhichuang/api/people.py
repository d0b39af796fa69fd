from typing import Annotated

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from zhichuang.accounts.enums import SkillLevel
from zhichuang.accounts.models import EmploymentRecord
from zhichuang.accounts.selectors import worker_get, worker_list
from zhichuang.accounts.services import worker_reveal_pii
from zhichuang.core.validators import ID_MAX

from .auth import acting
from .pagination import CappedLimitOffsetPagination
from .schemas import PiiOut, WorkerDetailOut, WorkerOut

router = Router(tags=["people"])


def _no_null_characters(value: str) -> str:
    # PostgreSQL cannot compare text holding NUL: refused as invalid (422) like the people page's form does.
    if "\x00" in value:
        raise PydanticCustomError("null_characters", _("Null characters are not allowed."))
    return value


class WorkerFilters(Schema):
    search: Annotated[str, AfterValidator(_no_null_characters)] = ""
    # 0 or a number beyond 64 bits is no employer: refused (422) rather than ignored or failing the query.
    employer_id: Annotated[int, Field(ge=1, le=ID_MAX)] | None = None
    skill_level: SkillLevel | None = None


@router.get("/workers", response=list[WorkerOut], summary="Workers in your scope (personal data masked)")
@paginate(CappedLimitOffsetPagination)
def workers(request, filters: Query[WorkerFilters]):
    return worker_list(
        user=request.auth,
        search=filters.search.strip(),
        employer_id=filters.employer_id,
        skill_level=filters.skill_level,
    )


@router.get("/workers/{int:worker_id}", response=WorkerDetailOut, summary="One worker (personal data masked)")
def worker_detail(request, worker_id: int):
    worker = worker_get(user=request.auth, pk=worker_id)
    # The history belongs to the worker the selector has just authorised.
    history = EmploymentRecord.objects.select_related("employer", "department")
    prefetch_related_objects([worker], Prefetch("employment_history", queryset=history))
    return worker


@router.post(
    "/workers/{int:worker_id}/reveal-pii",
    response=PiiOut,
    summary="The full ID and mobile number (personal data permission; audited)",
)
def worker_reveal(request, worker_id: int, response: HttpResponse):
    worker = worker_get(user=request.auth, pk=worker_id)
    with acting(request):
        pii = worker_reveal_pii(actor=request.auth, worker=worker)
    response["Cache-Control"] = "no-store"
    return pii
