"""The talent pool's endpoints: the pool's search (the page's own list and filters), one profile with its
honours and skill levels, and the honours in scope. Names, employers, categories and skills: never an ID
number, mobile number or birth date."""

import datetime

from ninja import Path, Query, Router, Schema
from ninja.pagination import paginate

from zhichuang.core.validators import ID_MAX
from zhichuang.talent import selectors
from zhichuang.talent.enums import HonourState
from zhichuang.talent.listings import TALENT

from .listings import api_rows, query_schema
from .pagination import CappedLimitOffsetPagination

router = Router(tags=["talent"])
TalentFilters = query_schema(TALENT)


class ProfileOut(Schema):
    id: int
    name: str
    organization: str | None
    categories: list[str]
    skill_level: int | None
    professional_title: str
    position: str
    expertise: str

    @staticmethod
    def resolve_organization(profile) -> str | None:
        return profile.organization.name if profile.organization_id else None

    @staticmethod
    def resolve_categories(profile) -> list[str]:
        return [word for word in profile.categories.split("、") if word]


def _honour(honour) -> dict:
    return {
        "id": honour.pk,
        "profile_id": honour.profile_id,
        "honour": honour.honour_type.name,
        "category": honour.honour_type.category,
        "level": honour.honour_type.level,
        "year": honour.year,
        "issuing_body": honour.issuing_body,
        "certificate_no": honour.certificate_no,
        "state": honour.state,
    }


class HonourItemOut(Schema):
    id: int
    profile_id: int
    honour: str
    category: str
    level: str
    year: int
    issuing_body: str
    certificate_no: str
    state: str


class HonourOut(HonourItemOut):
    """An honour read from its row (the items, already dicts, are HonourItemOut)."""

    @staticmethod
    def resolve_honour(honour) -> str:
        return honour.honour_type.name

    @staticmethod
    def resolve_category(honour) -> str:
        return honour.honour_type.category

    @staticmethod
    def resolve_level(honour) -> str:
        return honour.honour_type.level


class SkillEntryOut(Schema):
    level: int
    awarded_on: datetime.date
    certificate_no: str
    issuing_body: str
    state: str


class ProfileDetailOut(Schema):
    id: int
    name: str
    organization: str | None
    categories: list[str]
    skill_level: int | None
    professional_title: str
    position: str
    expertise: str
    biography: str
    methods: str
    honours: list[HonourItemOut]
    skill_levels: list[SkillEntryOut]


class HonourFilters(Schema):
    state: HonourState | None = None


@router.get("/talent/profiles", response=list[ProfileOut], summary="Talent profiles in your scope")
@paginate(CappedLimitOffsetPagination)
def profiles(request, filters: Query[TalentFilters]):
    return api_rows(TALENT, request, filters)


@router.get("/talent/profiles/{int:profile_id}", response=ProfileDetailOut, summary="One talent profile")
def profile_detail(request, profile_id: int = Path(..., ge=1, le=ID_MAX)):
    profile = selectors.profile_get(user=request.auth, pk=profile_id)
    return {
        "id": profile.pk,
        "name": profile.name,
        "organization": ProfileOut.resolve_organization(profile),
        "categories": ProfileOut.resolve_categories(profile),
        "skill_level": profile.skill_level,
        "professional_title": profile.professional_title,
        "position": profile.position,
        "expertise": profile.expertise,
        "biography": profile.biography,
        "methods": profile.methods,
        # The honours the caller may see (scoped like the pages), not every one of the profile's.
        "honours": [_honour(h) for h in selectors.honour_list(user=request.auth, profile=profile)],
        "skill_levels": selectors.skill_entries(worker=profile.worker) if profile.worker_id else [],
    }


@router.get("/talent/honours", response=list[HonourOut], summary="Honours in your scope")
@paginate(CappedLimitOffsetPagination)
def honours(request, filters: Query[HonourFilters]):
    return selectors.honour_list(user=request.auth, state=filters.state or "")
