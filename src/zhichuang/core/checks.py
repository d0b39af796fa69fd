"""System checks run by `zhichuang check --deploy`."""

from django.conf import settings
from django.core import checks

from zhichuang.core.keys import KEY_NAMES, key_weakness


@checks.register(checks.Tags.security, deploy=True)
def check_keys(app_configs, **kwargs):
    """Refuse a missing or weak SECRET_KEY or PII_ENCRYPTION_KEY on a production installation."""
    errors = []
    for name in KEY_NAMES:
        weakness = key_weakness(getattr(settings, name, ""))
        if weakness:
            errors.append(
                checks.Error(
                    f"{name} must not be used: {weakness}.",
                    hint="Run `zhichuang generate_keys` and put its values into the environment file.",
                    id=f"zhichuang.E00{KEY_NAMES.index(name) + 1}",
                )
            )
    return errors
