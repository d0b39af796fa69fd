from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class SkillLevel(models.IntegerChoices):
    """National vocational skill levels, level 5 (entry) to level 1, then the 新八级 ladder's two above them.
    The values are the levels' numbers, so compare levels by skill_rank, never by value."""

    LEVEL_5 = 5, _("Level 5 / Junior worker")
    LEVEL_4 = 4, _("Level 4 / Intermediate worker")
    LEVEL_3 = 3, _("Level 3 / Senior worker")
    LEVEL_2 = 2, _("Level 2 / Technician")
    LEVEL_1 = 1, _("Level 1 / Senior technician")
    SPECIAL_TECHNICIAN = 20, _("Special-grade technician")
    CHIEF_TECHNICIAN = 30, _("Chief technician")


# Lowest first: 五级/初级工 … 一级/高级技师, 特级技师, 首席技师.
SKILL_LADDER = (
    SkillLevel.LEVEL_5,
    SkillLevel.LEVEL_4,
    SkillLevel.LEVEL_3,
    SkillLevel.LEVEL_2,
    SkillLevel.LEVEL_1,
    SkillLevel.SPECIAL_TECHNICIAN,
    SkillLevel.CHIEF_TECHNICIAN,
)


def skill_rank(level: int | None) -> int:
    """1 for level 5 up to 7 for a chief technician; 0 for no level."""
    return SKILL_LADDER.index(level) + 1 if level in SKILL_LADDER else 0


def skill_level_above(level: int | None) -> int | None:
    """The next level up the ladder (level 5 for no level); None above the top."""
    rank = skill_rank(level)
    return SKILL_LADDER[rank] if rank < len(SKILL_LADDER) else None


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
