"""limit/offset pagination whose total is counted only up to a cap: core.views.window, as pages count.

A city administrator's list of three million workers must not COUNT(*) them all
on every page: the count stops at COUNT_CAP (a full-text search's at its count_cap, 1,000) and
says so with count_is_exact false.
Pages deeper than MAX_OFFSET are refused; narrow the list with its filters instead.
"""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PaginationBase

from zhichuang.core.views import window

COUNT_CAP = 10_000
MAX_OFFSET = 10_000
MAX_LIMIT = 100


class CappedLimitOffsetPagination(PaginationBase):
    class Input(Schema):
        limit: int = Field(20, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    class Output(Schema):
        items: list[Any]
        count: int
        count_is_exact: bool
        limit: int
        offset: int

    def paginate_queryset(self, queryset, pagination: Input, **params):
        part = window(queryset, pagination.offset, pagination.limit, COUNT_CAP)
        return {
            "items": part.rows,
            "count": part.count,
            "count_is_exact": part.exact,
            "limit": pagination.limit,
            "offset": pagination.offset,
        }
