from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.navigation import is_worker
from zhichuang.accounts.roles import Role
from zhichuang.core.modules import (
    AuditObject,
    DemoStep,
    Module,
    NavEntry,
    PayoutKind,
    PublicPage,
    RecordSection,
    Rollup,
    StatisticsSection,
)

from .permissions import TrainingPerm as T
from .todo import SOURCES as WAITING_SOURCES

_UNION = frozenset({T.VIEW, T.MANAGE})

module = Module(
    label="training",
    payouts=(
        PayoutKind(
            "training.master_reward", _("master's reward"), url="zhichuang.training.services:pair_url", perm=T.VIEW
        ),
    ),
    nav=(
        NavEntry(_("My trainings"), "training:mine", "mortarboard", visible=is_worker, order=17),
        NavEntry(_("Trainings"), "training:list", "mortarboard-fill", T.VIEW, order=22),
        NavEntry(_("师带徒"), "training:pairs", "people", T.VIEW, order=23),
    ),
    permissions={
        T.VIEW: _("See the trainings and 师带徒 pairs"),
        T.MANAGE: _("Organise trainings; confirm and assess 师带徒 pairs"),
    },
    grants={
        Role.ENTERPRISE_ADMIN: _UNION,
        Role.DISTRICT_ADMIN: _UNION,
        Role.CITY_ADMIN: _UNION,
    },
    urls=(("training/", "zhichuang.training.urls"), ("verify/", "zhichuang.training.public_urls")),
    public_pages=(
        PublicPage(
            _("Verify a training certificate"),
            "training_verify:form",
            "patch-check",
            records="zhichuang.training.selectors:CERTIFICATES",
        ),
    ),
    api_router="zhichuang.api.training:router",
    lists=("zhichuang.training.listings:TRAININGS", "zhichuang.training.listings:COMPLETIONS"),
    rollups=(Rollup("zhichuang.training.rollup:completions_rebuild", _("Counted %(count)s training completions.")),),
    statistics=(
        StatisticsSection(
            key="training",
            label=_("Training and 师带徒"),
            template="training/statistics/section.html",
            build="zhichuang.training.statistics:training_section",
            years="zhichuang.training.statistics:training_years",
            perm=T.VIEW,
            order=30,
        ),
    ),
    todo=WAITING_SOURCES,
    demo=(DemoStep("training", run="zhichuang.training.demo:demo_training", order=40),),
    record=(
        RecordSection("training.hours", _("Trainings completed"), "zhichuang.training.record:training_hours", order=20),
    ),
    audit_actions={
        "training.create": _("Create a training"),
        "training.update": _("Edit a training"),
        "training.session_add": _("Add a training session"),
        "training.session_remove": _("Remove a training session"),
        "training.material_add": _("Add a training material"),
        "training.training_open": _("Open a training for enrolment"),
        "training.training_close": _("Close a training's enrolment"),
        "training.training_finish": _("Complete a training"),
        "training.enrol": _("Enrol in a training"),
        "training.cancel": _("Cancel a training place"),
        "training.promote": _("Move up from a training's waiting list"),
        "training.attend": _("Check in to a training session"),
        "training.roll_call": _("Call the roll of a training session"),
        "training.pair_propose": _("Propose a 师带徒 pair"),
        "training.pair_confirm": _("Confirm a 师带徒 pair"),
        "training.pair_refuse": _("Refuse a 师带徒 pair"),
        "training.pair_end": _("End a 师带徒 pair early"),
        "training.pair_pass": _("师带徒 assessment passed"),
        "training.pair_fail": _("师带徒 assessment failed"),
        "training.milestone": _("Add a 师带徒 milestone"),
        "training.milestone_done": _("Mark a 师带徒 milestone done"),
    },
    audit_objects={
        "training.training": AuditObject(
            _("Training"),
            fields={
                "subject": _("Field"),
                "trade": _("Trade"),
                "description": _("Description"),
                "teacher": _("Teacher"),
                "capacity": _("Capacity"),
                "hours": _("Hours credited"),
                "attendance_share": _("Attendance required (%)"),
                "session": _("Session"),
                "file": _("File"),
                "worker": _("Worker"),
                "method": _("How"),
                "present": _("Present"),
                "absent": _("Absent"),
                "completed": _("Completed"),
                "enrolled": _("Enrolled"),
            },
        ),
        "training.apprenticeship": AuditObject(
            _("师带徒 pair"),
            fields={
                "master": _("Master"),
                "apprentice": _("Apprentice"),
                "milestone": _("Milestone"),
                "note": _("Note"),
            },
        ),
    },
    audit_fields={
        # What its demo step adds to the demo.load entry.
        "trainings": _("Trainings"),
        "training_sessions": _("Training sessions"),
        "enrolments": _("Enrolments"),
        "attendances": _("Attendances"),
        "apprenticeships": _("师带徒 pairs"),
        "milestones": _("Milestones"),
        "skill_levels_proposed": _("Skill levels proposed"),
        "skill_levels_confirmed": _("Skill levels confirmed"),
    },
)
