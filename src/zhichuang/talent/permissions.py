from enum import StrEnum


class TalentPerm(StrEnum):
    VIEW = "talent.view"  # the talent profiles, honours and skill levels in scope
    MANAGE = "talent.manage"  # enter profiles, honours (or nominate) and skill levels; confirm a proposed level
    VERIFY = "talent.verify"  # the district's check of a nominated honour
    CONFIRM = "talent.confirm"  # the city's confirmation of a city-level or higher honour; the honour list
