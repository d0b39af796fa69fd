"""The talent pool follows the workers it is built on: a worker saved with another name, skill level or
employer (the people pages, the admin site, the skill-level ledger, a transfer) moves their profile's copy
of it, so the pool's lists filter and scope by their own columns."""

from django.db.models.signals import post_save

from zhichuang.accounts.models import Worker

from .models import TalentProfile
from .services import district_of, profile_refresh

FOLLOWED = {"name", "skill_level", "employer"}


def worker_saved(sender, instance: Worker, created: bool, update_fields=None, **kwargs) -> None:
    if created or (update_fields is not None and not FOLLOWED & set(update_fields)):
        return
    profile = TalentProfile.objects.filter(worker=instance).first()
    if profile is None:
        return
    profile.worker = instance
    place = {"name": instance.name}
    if profile.org_path != instance.employer.path:
        place |= {
            "organization": instance.employer,
            "org_path": instance.employer.path,
            "district": district_of(instance.employer),
        }
    changed = {name: value for name, value in place.items() if getattr(profile, name) != value}
    if changed:
        TalentProfile.objects.filter(pk=profile.pk).update(**changed)
    if profile.skill_level != instance.skill_level:
        profile_refresh(profile)  # the level and the categories that follow from it


def connect() -> None:
    post_save.connect(worker_saved, sender=Worker, dispatch_uid="talent.worker_saved")
