from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimilarityConfig(AppConfig):
    name = "zhichuang.similarity"
    label = "similarity"
    verbose_name = _("Search and similar documents")
