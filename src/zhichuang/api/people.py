from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from ninja import Path, Query, Router
from ninja.pagination import paginate

from zhichuang.accounts.listings import PEOPLE
from zhichuang.accounts.models import EmploymentRecord
from zhichuang.accounts.selectors import worker_get
from zhichuang.accounts.services import worker_reveal_pii
from zhichuang.core.validators import ID_MAX

from .auth import acting
from .listings import api_rows, query_schema
from .pagination import CappedLimitOffsetPagination
from .schemas import PiiOut, WorkerDetailOut, WorkerOut

router = Router(tags=["people"])


# The people page's filters (accounts.listings.PEOPLE): employer_id is exactly that employer, org its subtree.
WorkerFilters = query_schema(PEOPLE)


@router.get("/workers", response=list[WorkerOut], summary="Workers in your scope (personal data masked)")
@paginate(CappedLimitOffsetPagination)
def workers(request, filters: Query[WorkerFilters]):
    return api_rows(PEOPLE, request, filters)


@router.get("/workers/{int:worker_id}", response=WorkerDetailOut, summary="One worker (personal data masked)")
def worker_detail(request, worker_id: int = Path(..., ge=1, le=ID_MAX)):
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
def worker_reveal(request, response: HttpResponse, worker_id: int = Path(..., ge=1, le=ID_MAX)):
    worker = worker_get(user=request.auth, pk=worker_id)
    with acting(request):
        pii = worker_reveal_pii(actor=request.auth, worker=worker)
    response["Cache-Control"] = "no-store"
    return pii
