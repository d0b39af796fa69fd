from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.navigation import is_worker
from zhichuang.accounts.roles import Role
from zhichuang.core.modules import (
    AuditObject,
    DemoStep,
    Module,
    NavEntry,
    PublicPage,
    RecordSection,
    StatisticsSection,
)

from .permissions import MethodPerm as M
from .todo import SOURCES as WAITING_SOURCES

_UNION = frozenset({M.VIEW, M.MANAGE, M.DECIDE})

module = Module(
    label="methods",
    nav=(
        NavEntry(_("My named methods"), "methods:mine", "award", visible=is_worker, order=18),
        NavEntry(_("Named methods"), "methods:list", "award-fill", M.VIEW, order=24),
    ),
    permissions={
        M.VIEW: _("See the named methods"),
        M.MANAGE: _("Enter named methods and apply for their recognition"),
        M.ENDORSE: _("Endorse a named method's application (enterprise)"),
        M.REVIEW: _("Review a named method's application (district)"),
        M.DECIDE: _("Organise the expert review and decide recognition at one's own level"),
    },
    grants={
        Role.ENTERPRISE_ADMIN: _UNION | {M.ENDORSE},
        Role.DISTRICT_ADMIN: _UNION | {M.REVIEW},
        Role.CITY_ADMIN: _UNION | {M.REVIEW},
    },
    urls=(("methods/", "zhichuang.methods.urls"), ("named-methods/", "zhichuang.methods.public_urls")),
    public_pages=(
        PublicPage(
            _("The city's registry of named operating methods"),
            "methods_public:list",
            "award",
            records="zhichuang.methods.selectors:PUBLIC_METHODS",
        ),
    ),
    lists=("zhichuang.methods.listings:METHODS",),
    api_router="zhichuang.api.methods:router",
    todo=WAITING_SOURCES,
    record=(
        RecordSection(
            "methods.recognised", _("Named methods"), "zhichuang.methods.record:recognised_methods", order=30
        ),
    ),
    statistics=(
        StatisticsSection(
            key="methods",
            label=_("Named methods"),
            template="methods/statistics/section.html",
            build="zhichuang.methods.statistics:methods_section",
            perm=M.VIEW,
            order=25,
        ),
    ),
    demo=(DemoStep("methods", run="zhichuang.methods.demo:demo_methods", order=50),),
    audit_actions={
        "methods.method_create": _("Enter a named method"),
        "methods.method_update": _("Edit a named method"),
        "methods.effect_add": _("Record a named method's measured effect"),
        "methods.effect_remove": _("Remove a named method's measured effect"),
        "methods.adoption_record": _("Record an enterprise practising a named method"),
        "methods.courses_set": _("Link the courses that teach a named method"),
        "methods.apply": _("Apply for a named method's recognition"),
        "methods.resubmit": _("Resubmit a returned named method application"),
        "methods.endorse": _("Endorse a named method application (enterprise)"),
        "methods.return": _("Return a named method application for correction"),
        "methods.district_pass": _("Pass a named method application to the expert review (district)"),
        "methods.district_reject": _("Not pass a named method application (district)"),
        "methods.recognise": _("Recognise a named method"),
        "methods.not_recognise": _("Not recognise a named method"),
        "methods.score": _("Score a named method (expert)"),
        "methods.consent": _("Consent to the public registry of named methods"),
    },
    audit_objects={
        "methods.namedmethod": AuditObject(
            _("Named method"),
            fields={
                "inventors": _("Inventors and shares"),
                "effect": _("Measured effect"),
                "since": _("Practised since"),
                "courses": _("Courses that teach it"),
                "consent": _("Consent to the public registry"),
            },
        ),
        "methods.methodapplication": AuditObject(
            _("Named method application"),
            fields={
                "reason": _("Reason"),
                "score": _("Experts' mean score"),
                "scores": _("Scores"),
                "total": _("Total"),
                "revised": _("Revised"),
            },
        ),
    },
    audit_fields={
        # What its demo step adds to the demo.load entry.
        "methods": _("Named methods"),
        "named_methods": _("Named methods"),
        "method_applications": _("Named method applications"),
        "method_scores": _("Expert scores of named methods"),
    },
)
