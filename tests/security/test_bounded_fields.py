"""A lint: every integer, decimal and text a form, a query string or the API reads is one of the bounded
kinds (core.forms for forms, api.schemas for the API; docs/conventions.md "Adding a field safely").

Forms: every subclass of django.forms.BaseForm defined in zhichuang (and the admin's generated forms);
an integer field has a minimum and a maximum within 64 bits, a decimal field max_digits and
decimal_places (Django refuses NaN and Infinity), a text field a max_length and the validator refusing
NUL. The API: every parameter and request body of the OpenAPI document, followed through $ref; an
integer has minimum and maximum, a decimal a bounded number and a digits-only string, a string a
maxLength and a pattern that refuses NUL (or a format or an enum), an array maxItems, an object no
free-form keys.
"""

import importlib
import pkgutil
import re
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.test import RequestFactory
from django.test.utils import isolate_apps

import zhichuang
from zhichuang.core.forms import BoundedModelForm, bounded_formfield
from zhichuang.core.validators import ID_MAX

INT64_MIN = -(2**63)
# Modules that start something when imported.
NOT_IMPORTED = {"zhichuang.manage", "zhichuang.wsgi"}

# Forms whose fields depend on what the view hands them: how to build one for the check.
FORM_ARGUMENTS = {
    "EvaluationForm": lambda: {"scorecard": SimpleNamespace(criteria=[{"key": "a", "name": "A", "weight": 100}])},
    "ScoreForm": lambda: {"criteria": [{"key": "a", "name": "A", "weight": 100}]},
    "DeadlineForm": lambda: {"steps": [("submitted", "")]},
    "RoleGrantForm": lambda: {"actor": None},
    "StatisticsFilterForm": lambda: {"years": [2026], "districts": [], "sections": []},
    "RankingForm": lambda: {"years": [2026], "districts": [], "orders": {"submitted": "Submitted"}},
}
# Text fields bounded by their format rather than a length.
SELF_BOUNDED_TEXT = (forms.UUIDField,)


def _project_modules():
    for info in pkgutil.walk_packages(zhichuang.__path__, "zhichuang."):
        if info.name not in NOT_IMPORTED and ".migrations." not in info.name:
            importlib.import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def project_form_classes():
    _project_modules()
    found = {c for c in _subclasses(forms.BaseForm) if c.__module__.startswith("zhichuang.")}
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def field_problem(field) -> str | None:
    """Why a form field is not one of the bounded kinds, or None."""
    if isinstance(field, forms.DecimalField):  # a subclass of IntegerField: first
        if field.max_digits is None or field.decimal_places is None:
            return "DecimalField without max_digits and decimal_places (use core.forms.BoundedDecimalField)"
    elif isinstance(field, forms.IntegerField):  # also FloatField
        low, high = field.min_value, field.max_value
        if low is None or high is None:
            return f"{type(field).__name__} without min_value and max_value (use core.forms.IdField/CountField)"
        if low < INT64_MIN or high > ID_MAX:
            return f"{type(field).__name__} range {low}..{high} beyond 64 bits"
    elif isinstance(field, forms.CharField) and not isinstance(field, SELF_BOUNDED_TEXT):
        if field.max_length is None:
            return f"{type(field).__name__} without max_length (use core.forms.TextField)"
        if not any(isinstance(v, ProhibitNullCharactersValidator) for v in field.validators):
            return f"{type(field).__name__} accepting NUL characters"
    return None


def _form_fields(form_class):
    """The fields of a form as built for a request (fields added in __init__ included)."""
    name = form_class.__name__
    try:
        form = form_class(**FORM_ARGUMENTS[name]()) if name in FORM_ARGUMENTS else form_class()
    except TypeError as exc:
        pytest.fail(f"{form_class.__module__}.{name} needs arguments: add them to FORM_ARGUMENTS ({exc})")
    return {**form_class.base_fields, **form.fields}


def test_the_walk_finds_the_project_forms():
    names = {c.__name__ for c in project_form_classes()}
    assert {"ProposalForm", "CampaignForm", "WorkerFilterForm", "AuditFilterForm", "StatisticsFilterForm"} <= names
    assert {"LoginForm", "ImportForm", "MemberRowForm", "NotificationReadForm"} <= names


def test_every_form_field_is_bounded():
    problems = []
    for form_class in project_form_classes():
        if form_class.__name__.startswith("_") or (getattr(form_class, "_meta", None) and not form_class._meta.model):
            continue  # an abstract base (BoundedModelForm) has no fields of its own
        for name, field in _form_fields(form_class).items():
            problem = field_problem(field)
            if problem:
                problems.append(f"{form_class.__module__}.{form_class.__qualname__}.{name}: {problem}")
    assert problems == []


def test_every_admin_form_field_is_bounded():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    problems = []
    for model, model_admin in admin.site._registry.items():
        for name, field in model_admin.get_form(request).base_fields.items():
            problem = field_problem(field)
            if problem:
                problems.append(f"admin {model.__name__}.{name}: {problem}")
    assert problems == []


@isolate_apps("zhichuang.core")
def test_a_model_form_on_the_bounded_base_derives_bounded_fields():
    class Sample(models.Model):  # noqa: DJ008 - never saved
        count = models.PositiveIntegerField()
        total = models.BigIntegerField()
        small = models.SmallIntegerField()
        note = models.TextField()
        name = models.CharField(max_length=30)

        class Meta:
            app_label = "core"

    class SampleForm(BoundedModelForm):
        class Meta:
            model = Sample
            fields = "__all__"

    fields = SampleForm.base_fields
    assert (fields["count"].min_value, fields["count"].max_value) == (0, 2**31 - 1)
    assert (fields["total"].min_value, fields["total"].max_value) == (INT64_MIN, ID_MAX)
    assert (fields["small"].min_value, fields["small"].max_value) == (-32768, 32767)
    assert fields["note"].max_length == 5000 and fields["name"].max_length == 30
    assert all(field_problem(f) is None for f in fields.values())
    form = SampleForm({"count": "2147483648", "total": "1", "small": "1", "note": "x" * 5001, "name": "a\x00"})
    assert set(form.errors) == {"count", "note", "name"}
    assert bounded_formfield(Sample._meta.get_field("count")).max_value == 2**31 - 1


def test_the_lint_catches_unbounded_fields():
    assert field_problem(forms.IntegerField()) is not None
    assert field_problem(forms.IntegerField(min_value=0, max_value=2**64)) is not None
    assert field_problem(forms.DecimalField(max_value=10)) is not None
    assert field_problem(forms.CharField()) is not None
    assert field_problem(forms.CharField(max_length=10, validators=[])) is None  # Django adds the NUL check
    unchecked = forms.CharField(max_length=10)
    unchecked.validators = []
    assert field_problem(unchecked) is not None


# ---- the API --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi():
    from zhichuang.api.api import api

    return api.get_openapi_schema()


def _resolve(document, schema):
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = {**document["components"]["schemas"][name], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _refuses_nul(pattern: str) -> bool:
    return re.search(pattern, "a\x00b") is None and re.search(pattern, "0") is not None


def schema_problems(document, schema, where, seen=()) -> list[str]:
    """Why an input schema lets an unbounded integer, decimal or text through (recursively)."""
    schema = _resolve(document, schema)
    branches = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf")
    if branches:
        types = {_resolve(document, b).get("type") for b in branches}
        if {"number", "string"} <= types and "x-max-digits" not in schema:
            return [f"{where}: a decimal without max_digits (use api.schemas.Money)"]
        return [p for i, b in enumerate(branches) for p in schema_problems(document, b, f"{where}|{i}", seen)]
    kind = schema.get("type")
    if "enum" in schema or "const" in schema or kind in ("boolean", "null"):
        return []
    if kind in ("integer", "number"):
        has_low = "minimum" in schema or "exclusiveMinimum" in schema
        has_high = "maximum" in schema or "exclusiveMaximum" in schema
        if not (has_low and has_high):
            return [f"{where}: {kind} without minimum and maximum (use api.schemas.Id/Count/Money)"]
        return []
    if kind == "string":
        if schema.get("format") in ("date", "date-time", "uuid", "binary"):
            return []
        pattern = schema.get("pattern")
        if pattern is None or not _refuses_nul(pattern):
            return [f"{where}: string accepting NUL (use api.schemas.Text)"]
        if "maxLength" not in schema and not re.fullmatch(r"\^.*\{\d+,\d+\}.*\$", pattern):
            return [f"{where}: string without maxLength (use api.schemas.Text)"]
        return []
    if kind == "array":
        if "maxItems" not in schema:
            return [f"{where}: array without maxItems"]
        return schema_problems(document, schema.get("items", {}), f"{where}[]", seen)
    if kind == "object" or "properties" in schema:
        if schema.get("additionalProperties", False) is not False and not schema.get("properties"):
            return [f"{where}: an object of free-form keys"]
        return [
            p
            for name, prop in schema.get("properties", {}).items()
            for p in schema_problems(document, prop, f"{where}.{name}", seen)
        ]
    return [f"{where}: a value of no bounded kind ({schema})"]


def api_inputs(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                yield f"{method.upper()} {path} {parameter['in']}:{parameter['name']}", parameter["schema"]
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                yield f"{method.upper()} {path} body({media})", content["schema"]


def test_every_api_input_is_bounded(openapi):
    inputs = list(api_inputs(openapi))
    assert len(inputs) > 30  # the walk reaches the parameters and bodies
    problems = [p for where, schema in inputs for p in schema_problems(openapi, schema, where)]
    assert problems == []


def test_the_api_lint_catches_unbounded_schemas(openapi):
    assert schema_problems(openapi, {"type": "integer"}, "x")
    assert schema_problems(openapi, {"type": "string", "maxLength": 5}, "x")
    assert schema_problems(openapi, {"type": "string", "pattern": "^.*$", "maxLength": 5}, "x")
    assert schema_problems(openapi, {"anyOf": [{"type": "number"}, {"type": "string"}]}, "x")
    assert schema_problems(openapi, {"type": "object", "additionalProperties": True}, "x")
    assert schema_problems(openapi, {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 1}}, "x")
    assert not schema_problems(openapi, {"type": "string", "maxLength": 5, "pattern": "^[^\\u0000]*$"}, "x")


def test_the_api_documents_the_real_limits(openapi):
    """What the lint reads is what the endpoints enforce: the parameters carry their bounds."""
    parameters = {p["name"]: p["schema"] for p in openapi["paths"]["/api/v1/orgs"]["get"]["parameters"]}
    parent = _resolve(openapi, parameters["parent_id"])
    assert any(b.get("maximum") == ID_MAX and b.get("minimum") == 1 for b in parent.get("anyOf", [parent]))
    body = _resolve(
        openapi,
        openapi["paths"]["/api/v1/proposals"]["post"]["requestBody"]["content"]["application/json"]["schema"],
    )
    title = _resolve(openapi, body["properties"]["title"])
    assert title["maxLength"] == 200 and _refuses_nul(title["pattern"])
    # The list's filters as generators can follow them (tests/security/test_schemathesis.py holds reads to it).
    filters = {p["name"]: p["schema"] for p in openapi["paths"]["/api/v1/proposals"]["get"]["parameters"]}
    assert "submitted" in _resolve(openapi, filters["state"]["items"])["enum"]
    assert "rational" in _resolve(openapi, filters["kind"]["items"])["enum"]
    assert "34" in filters["industry"]["anyOf"][0]["enum"]
    money = filters["benefit_min"]["anyOf"][0]
    assert money["type"] == "string" and re.fullmatch(money["pattern"], "999999999999.99")
    assert not re.fullmatch(money["pattern"], "1e3") and not re.fullmatch(money["pattern"], "0.001")
