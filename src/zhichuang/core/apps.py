from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhichuang.core"
    label = "core"

    def ready(self):
        from zhichuang.core import checks  # noqa: F401 - registers the deploy checks
