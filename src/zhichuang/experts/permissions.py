from enum import StrEnum


class ExpertPerm(StrEnum):
    VIEW = "experts.view"  # the experts whose district lies in scope (the city: every expert)
    MANAGE = "experts.manage"  # invite, approve, decline, renew, suspend and reinstate experts (the city)
    NOMINATE = "experts.nominate"  # enter an application for a person of the union's organisation
