"""limit/offset pagination whose total is counted only up to a cap.

A city administrator's list of three million workers must not COUNT(*) them all
on every page: the count stops at COUNT_CAP (a full-text search's at its count_cap, 1,000) and
says so with count_is_exact false.
Pages deeper than MAX_OFFSET are refused; narrow the list with its filters instead.
"""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PaginationBase

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
        limit, offset = pagination.limit, pagination.offset
        search = hasattr(queryset, "page_rows")  # a full-text search: similarity.selectors.TextSearch
        items = queryset.page_rows(offset, limit) if search else list(queryset[offset : offset + limit])
        if (items and len(items) < limit) or (offset == 0 and not items):
            # The last page: the total is known without counting.
            count, exact = offset + len(items), True
        else:
            cap = min(COUNT_CAP, queryset.count_cap) if search else COUNT_CAP
            # Unordered: the database may then stop at the cap along any index, not only in id order.
            counted = queryset.capped_count(cap) if search else queryset.order_by()[: cap + 1].count()
            count, exact = min(counted, cap), counted <= cap
        return {
            "items": items,
            "count": count,
            "count_is_exact": exact,
            "limit": limit,
            "offset": offset,
        }
