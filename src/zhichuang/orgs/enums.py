from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrgKind(models.TextChoices):
    CITY = "city", _("City federation of trade unions")
    DISTRICT = "district", _("District/county federation of trade unions")
    ENTERPRISE = "enterprise", pgettext_lazy("organisation kind", "Enterprise")
    DEPARTMENT = "department", _("Department/workshop")
    PARTNER = "partner", _("Partner organisation")


# Which kind of organisation may sit under which parent; partners stand beside the tree.
ALLOWED_PARENT_KINDS = {
    OrgKind.CITY: {None},
    OrgKind.DISTRICT: {OrgKind.CITY},
    OrgKind.ENTERPRISE: {OrgKind.DISTRICT},
    OrgKind.DEPARTMENT: {OrgKind.ENTERPRISE, OrgKind.DEPARTMENT},
    OrgKind.PARTNER: {None},
}
# The depth (path segments) at which the fixed levels lie, as ALLOWED_PARENT_KINDS places them.
KIND_DEPTH = {OrgKind.CITY: 1, OrgKind.DISTRICT: 2, OrgKind.ENTERPRISE: 3}


class Ownership(models.TextChoices):
    STATE = "state", _("State-owned")
    COLLECTIVE = "collective", _("Collective")
    PRIVATE = "private", _("Private")
    FOREIGN = "foreign", _("Foreign-invested")
    HMT = "hmt", _("Hong Kong, Macao and Taiwan invested")
    MIXED = "mixed", _("Mixed ownership")
    OTHER = "other", _("Other")


class SizeClass(models.TextChoices):
    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")


class PartnerType(models.TextChoices):
    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Research institute")
