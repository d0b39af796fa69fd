from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "zhichuang.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        # Listeners import the models, so they are connected once the app registry is ready.
        from . import listeners

        listeners.connect()
