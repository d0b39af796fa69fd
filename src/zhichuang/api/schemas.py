"""Response and request bodies. Worker schemas hold masked personal data only."""

import datetime

from ninja import Field, Schema

from zhichuang.orgs import industries


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


class AuditEntryOut(Schema):
    id: int
    occurred_at: datetime.datetime
    actor_username: str
    ip_address: str | None
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)


class TokenCreatedOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime.datetime
    key: str = Field(description="Shown once: only a hash is stored.")
