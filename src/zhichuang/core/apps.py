from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhichuang.core"
    label = "core"
