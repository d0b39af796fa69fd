"""Response and request bodies. Worker schemas hold masked personal data only.

Every integer, decimal and text a request carries (body, query string, path) is one of the bounded
types below, the API's twins of core.forms' fields: a value the database cannot hold or compare is
refused as invalid (422) before any selector or service sees it, and the OpenAPI document states
the limit (minimum/maximum, maxLength and a pattern refusing NUL). tests/security/test_bounded_fields.py
checks every schema and parameter of the document.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from zhichuang.core.forms import LONG_TEXT_MAX
from zhichuang.core.validators import COUNT_MAX, FILTER_DATE_MAX, FILTER_DATE_MIN, ID_MAX
from zhichuang.orgs import industries

# The OpenAPI pattern of a text without NUL (PostgreSQL can neither store nor compare NUL).
NUL_FREE_PATTERN = "^[^\\u0000]*$"


def _no_null_characters(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("null_characters", _("Null characters are not allowed."))
    return value


# A record's id: 1 to 2**63 - 1 (bigint; a larger number fails the query on SQLite).
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
# A count within a 32-bit integer column.
Count = Annotated[int, Field(ge=0, le=COUNT_MAX)]
# A local date a filter may compare (a day's bounds must survive the conversion to UTC).
# The document states the range too, as a pattern (JSON Schema has no minimum for a date): the years of
# FILTER_DATE_MIN to FILTER_DATE_MAX, 1900 to 2100 (tests/api/test_errors_and_docs.py keeps them in step).
DAY_PATTERN = r"^(?:19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"
Day = Annotated[
    datetime.date, Field(ge=FILTER_DATE_MIN, le=FILTER_DATE_MAX, json_schema_extra={"pattern": DAY_PATTERN})
]


def Text(max_length: int, *, min_length: int = 0):
    """A text of at most max_length characters, without NUL."""
    return Annotated[
        str,
        Field(min_length=min_length, max_length=max_length, json_schema_extra={"pattern": NUL_FREE_PATTERN}),
        AfterValidator(_no_null_characters),
    ]


LongText = Text(LONG_TEXT_MAX)


def Money(max_digits: int = 14, decimal_places: int = 2, *, ge=None, gt=None, le=None, in_query: bool = False):
    """A finite decimal within its column (max_digits, decimal_places): NaN and Infinity are refused.

    In a JSON body it may be a number or a string. in_query (a query-string filter, always text) documents
    the string alone, with the pattern of the digits allowed: a generator following the document then sends
    what the endpoint accepts (a JSON Schema number can say neither the digits nor "no exponent").
    """
    limit = Decimal(10) ** (max_digits - decimal_places) - Decimal(10) ** -decimal_places
    le = limit if le is None else min(Decimal(le), limit)
    if ge is None and gt is None:
        ge = -limit
    digits = max_digits - decimal_places
    fraction = f"(\\.[0-9]{{1,{decimal_places}}})?" if decimal_places else ""
    number = f"^-?[0-9]{{1,{digits}}}{fraction}$"

    def document(schema: dict) -> None:
        for branch in schema.get("anyOf", []):
            if branch.get("type") == "string":
                branch["pattern"] = number
        if in_query:
            schema.pop("anyOf", None)
            schema.update(type="string", pattern=number)
        schema["x-max-digits"], schema["x-decimal-places"] = max_digits, decimal_places

    return Annotated[
        Decimal,
        Field(
            max_digits=max_digits,
            decimal_places=decimal_places,
            ge=ge,
            gt=gt,
            le=le,
            allow_inf_nan=False,
            json_schema_extra=document,
        ),
    ]


# A GB/T 4754-2017 division code (orgs.industries), as Organization.industry and Proposal.industry hold it.
IndustryCode = Literal[tuple(sorted(industries.DIVISIONS))]


class OrgRef(Schema):
    id: int
    name: str


class OrgOut(Schema):
    id: int
    kind: str
    name: str
    parent_id: int | None
    depth: int
    is_active: bool
    credit_code: str | None
    industry: str
    industry_name: str
    ownership: str
    size_class: str
    address: str
    headcount: int | None
    union_chair: str
    contact_name: str
    contact_phone: str
    partner_type: str

    @staticmethod
    def resolve_industry_name(obj) -> str:
        division = industries.DIVISIONS.get(obj.industry)
        return division.name if division else ""


class WorkerOut(Schema):
    id: int
    name: str
    gender: str
    id_number_masked: str
    mobile_masked: str
    employer: OrgRef
    department: OrgRef | None
    trade: str
    skill_level: int | None
    professional_title: str
    education: str
    union_member: bool


class EmploymentOut(Schema):
    employer: OrgRef
    department: OrgRef | None
    started_on: datetime.date
    ended_on: datetime.date | None


class WorkerDetailOut(WorkerOut):
    # Year and month only, as on the page: the day beside the masked ID narrows it to a few candidates.
    birth_month: str = Field(description="Year and month of birth (YYYY-MM); the day is personal data.")
    employment_history: list[EmploymentOut]

    @staticmethod
    def resolve_employment_history(obj):
        return obj.employment_history.all()


class PiiOut(Schema):
    id_number: str
    mobile: str


class UserOut(Schema):
    id: int
    username: str
    display_name: str


class RoleOut(Schema):
    role: str
    role_label: str
    organization: OrgRef
    can_view_pii: bool

    @staticmethod
    def resolve_role_label(obj) -> str:
        return str(obj.get_role_display())


class MeOut(Schema):
    user: UserOut
    roles: list[RoleOut]
    worker: WorkerOut | None


class AuditChangeOut(Schema):
    field: str = Field(description="The key in `changes`.")
    label: str
    old: str | None = Field(None, description="For a change: the old value, in words.")
    new: str | None = Field(None, description="For a change: the new value, in words.")
    value: str | None = Field(None, description="For a one-sided entry (no old and new): the value, in words.")
    text: str = Field(description='"label: old → new", or "label: value".')


class AuditEntryOut(Schema):
    id: int
    occurred_at: datetime.datetime
    actor_username: str
    ip_address: str | None
    action: str
    action_label: str = Field(description="The action in the reader's language (auth.login: 登录).")
    object_type: str
    object_id: str
    object_repr: str
    object_label: str = Field(description="The object's type label and its name (项目 P2026-010190 …).")
    changes: dict = Field(description="The values as recorded, for machines.")
    changes_readable: list[AuditChangeOut] = Field(description="`changes` in words, for people.")

    @staticmethod
    def resolve_changes_readable(obj) -> list:
        return obj.change_list


class TokenIn(Schema):
    name: Text(100, min_length=1)


class TokenCreatedOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime.datetime
    key: str = Field(description="Shown once: only a hash is stored.")
