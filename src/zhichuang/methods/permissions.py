from enum import StrEnum


class MethodPerm(StrEnum):
    VIEW = "methods.view"  # the named methods in scope, their applications and evidence
    MANAGE = "methods.manage"  # enter and edit an enterprise's methods, apply for recognition on the inventors' behalf
    ENDORSE = "methods.endorse"  # the enterprise's endorsement of an application
    REVIEW = "methods.review"  # the district's review of an endorsed application
    DECIDE = "methods.decide"  # organise the expert review and decide recognition at one's own level
