from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class SkillLevel(models.IntegerChoices):
    """National vocational skill levels, level 5 (entry) to level 1 (highest)."""

    LEVEL_5 = 5, _("Level 5 / Junior worker")
    LEVEL_4 = 4, _("Level 4 / Intermediate worker")
    LEVEL_3 = 3, _("Level 3 / Senior worker")
    LEVEL_2 = 2, _("Level 2 / Technician")
    LEVEL_1 = 1, _("Level 1 / Senior technician")


class ProfessionalTitle(models.TextChoices):
    NONE = "", pgettext_lazy("professional title", "None")
    JUNIOR = "junior", _("Junior title")
    INTERMEDIATE = "intermediate", _("Intermediate title")
    ASSOCIATE_SENIOR = "associate_senior", _("Associate senior title")
    SENIOR = "senior", _("Senior title")


class Education(models.TextChoices):
    NONE = "", pgettext_lazy("education", "Not given")
    JUNIOR_HIGH = "junior_high", _("Junior high school or below")
    SENIOR_HIGH = "senior_high", _("Senior high / technical secondary school")
    JUNIOR_COLLEGE = "junior_college", _("Junior college")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")
