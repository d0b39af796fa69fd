"""The audit log in words: action and object labels, and changes as "field: old → new".

Each module registers its words in its module.py (core.modules.Module.audit_actions, audit_objects,
audit_fields); this module reads them through core.modules.modules() and knows no domain app. A model's
own field names and choices come from Django's app registry (a model's verbose_name and flatchoices),
so what a diff of model fields holds needs no registration.

Only what the entry stores is shown, turned into words: no other record is read, so nothing that was
masked when the entry was written (core.validators.mask_identifiers) can come back in clear; every text
shown passes the mask once more, in case joining values made a run of digits.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from zhichuang.core.modules import AuditObject, modules
from zhichuang.core.validators import mask_identifiers

ARROW = " → "
EMPTY = "—"


@cache
def action_labels() -> dict[str, str]:
    """Every registered action code → its (lazy) label, in module order."""
    return {code: label for m in modules() for code, label in m.audit_actions.items()}


@cache
def object_types() -> dict[str, AuditObject]:
    return {kind: declared for m in modules() for kind, declared in m.audit_objects.items()}


@cache
def _shared_fields() -> dict[str, str]:
    return {key: label for m in modules() for key, label in m.audit_fields.items()}


def action_label(code: str) -> str:
    """The action's label; an unregistered code (an old entry's) is shown as it is."""
    label = action_labels().get(code)
    return str(label) if label is not None else code


@cache
def _model(object_type: str) -> type[models.Model] | None:
    if object_type.count(".") != 1:
        return None
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    """The type's registered label, else its model's verbose name, else the type as written (an export's sheet)."""
    declared = object_types().get(object_type)
    if declared is not None:
        return str(declared.label)
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def object_label(object_type: str, object_id: str, object_repr: str) -> str:
    """'<type label> <object>': "项目 P2026-010190 …", "账号 张伟"; "#id" when the entry kept no name."""
    name = object_repr or (f"#{object_id}" if object_id else "")
    if not object_type:
        return name
    return f"{object_type_label(object_type)} {name}".strip()


@cache
def _model_field(object_type: str, key: str) -> models.Field | None:
    model = _model(object_type)
    if model is None:
        return None
    try:
        found = model._meta.get_field(key)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist, or a reverse relation without a verbose name
        return None
    return found if isinstance(found, models.Field) else None


def field_label(object_type: str, key: str) -> str:
    declared = object_types().get(object_type)
    if declared is not None and key in declared.fields:
        return str(declared.fields[key])
    model_field = _model_field(object_type, key)
    if model_field is not None and model_field.verbose_name:
        # A field without its own verbose_name has its name there, untranslated ("version").
        name = model_field.verbose_name
        return _(name) if isinstance(name, str) else str(name)
    shared = _shared_fields().get(key)
    return str(shared) if shared is not None else key


def _is_pair(object_type: str, key: str, value) -> bool:
    if not isinstance(value, list) or len(value) != 2:
        return False
    declared = object_types().get(object_type)
    if declared is not None and key in declared.pairs:
        return True
    model_field = _model_field(object_type, key)
    return model_field is not None and not isinstance(model_field, models.JSONField)


def _value_labels(object_type: str, key: str) -> dict:
    declared = object_types().get(object_type)
    if declared is not None and key in declared.values:
        return dict(declared.values[key])
    model_field = _model_field(object_type, key)
    if model_field is not None and model_field.choices:
        return dict(model_field.flatchoices)
    return {}


def _text(object_type: str, key: str, value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        return "; ".join(f"{field_label(object_type, k)}: {_text(object_type, k, v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_text(object_type, key, v) for v in value) if value else EMPTY
    label = _value_labels(object_type, key).get(value)
    return str(label) if label is not None else str(value)


@dataclass(frozen=True)
class Change:
    """One key of an entry's changes, in words: old and new for a change, value for a one-sided one."""

    field: str
    label: str
    old: str | None = None
    new: str | None = None
    value: str | None = None

    @property
    def text(self) -> str:
        shown = f"{self.old}{ARROW}{self.new}" if self.value is None else self.value
        return f"{self.label}: {shown}"

    def __str__(self):
        return self.text


@cache
def _rank(object_type: str, key: str) -> tuple:
    """The order changes are shown in, the same on every database (PostgreSQL's jsonb keeps no key order):
    the model's fields in their order, then the registered keys in theirs, then the rest by name."""
    model = _model(object_type)
    if model is not None:
        names = [f.name for f in model._meta.concrete_fields]
        if key in names:
            return (0, names.index(key), key)
    declared = object_types().get(object_type)
    registered = [*(declared.fields if declared is not None else ()), *_shared_fields()]
    if key in registered:
        return (1, registered.index(key), key)
    return (2, 0, key)


def changes(object_type: str, stored: dict) -> list[Change]:
    """The entry's changes as a list of Change, in the order of _rank."""
    found = []
    for key, value in sorted((stored or {}).items(), key=lambda item: _rank(object_type, str(item[0]))):
        label = mask_identifiers(field_label(object_type, key))
        if _is_pair(object_type, key, value):
            old, new = (mask_identifiers(_text(object_type, key, v)) for v in value)
            found.append(Change(key, label, old=old, new=new))
        else:
            found.append(Change(key, label, value=mask_identifiers(_text(object_type, key, value))))
    return found


def action_choices() -> list[tuple[str, str]]:
    """The registered actions, for a filter: (code, label), in module order."""
    return list(action_labels().items())


def object_type_choices() -> list[tuple[str, str]]:
    """The registered object types, for a filter: (type, label), in module order."""
    return [(kind, declared.label) for kind, declared in object_types().items()]
