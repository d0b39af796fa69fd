from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "zhichuang.talent"
    label = "talent"
    verbose_name = _("Talent pool")

    def ready(self):
        # Listeners import the models, so they are connected once the app registry is ready.
        from . import listeners

        listeners.connect()
