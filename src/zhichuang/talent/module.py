from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.navigation import is_worker
from zhichuang.accounts.roles import Role
from zhichuang.core.modules import AuditObject, DemoStep, Importer, Module, NavEntry, PublicPage, StatisticsSection
from zhichuang.similarity.kinds import DocumentKind

from .permissions import TalentPerm as T
from .todo import SOURCES as WAITING_SOURCES

_UNION = frozenset({T.VIEW, T.MANAGE})

module = Module(
    label="talent",
    nav=(
        NavEntry(_("My record"), "talent:mine", "person-vcard", visible=is_worker, order=16),
        NavEntry(_("Talent pool"), "talent:list", "people-fill", T.VIEW, order=21),
        NavEntry(_("Honour list"), "talent:honour_types", "list-stars", T.CONFIRM, order=48),
    ),
    permissions={
        T.VIEW: _("See the talent pool"),
        T.MANAGE: _("Enter talent profiles, honours and skill levels"),
        T.VERIFY: _("Check nominated honours (district)"),
        T.CONFIRM: _("Confirm city-level honours and keep the honour list"),
    },
    grants={
        Role.ENTERPRISE_ADMIN: _UNION,
        Role.DISTRICT_ADMIN: _UNION | {T.VERIFY},
        Role.CITY_ADMIN: _UNION | {T.VERIFY, T.CONFIRM},
    },
    urls=(("talent/", "zhichuang.talent.urls"), ("people/", "zhichuang.talent.public_urls")),
    public_pages=(
        PublicPage(
            _("Meet the city's model workers and craftsmen"),
            "talent_public:list",
            "people",
            records="zhichuang.talent.selectors:PUBLIC_TALENT",
        ),
    ),
    lists=("zhichuang.talent.listings:TALENT",),
    api_router="zhichuang.api.talent:router",
    importers=(Importer("honours", _("Honour lists"), "zhichuang.talent.imports"),),
    todo=WAITING_SOURCES,
    statistics=(
        StatisticsSection(
            key="talent",
            label=_("Talent pool"),
            template="talent/statistics/section.html",
            build="zhichuang.talent.statistics:talent_section",
            perm=T.VIEW,
            order=20,
        ),
    ),
    demo=(DemoStep("talent", run="zhichuang.talent.demo:demo_talent", order=20),),
    documents=(
        DocumentKind(
            name="talent",
            label=_("talent profiles"),
            model="talent.TalentProfile",
            # In the order of the GIN index's expression (migration 0002).
            search_fields=("name", "expertise", "biography", "methods"),  # searched only: no similar profiles
        ),
    ),
    audit_actions={
        "talent.profile_create": _("Create talent profile"),
        "talent.profile_update": _("Edit talent profile"),
        "talent.consent": _("Change what the public talent pages show"),
        "talent.honour_nominate": _("Enter or nominate an honour"),
        "talent.honour_resubmit": _("Resubmit a returned honour"),
        "talent.honour_verify": _("Check an honour (district)"),
        "talent.honour_confirm": _("Confirm an honour (city)"),
        "talent.honour_return": _("Return an honour for correction"),
        "talent.honour_reject": _("Refuse an honour"),
        "talent.honour_type_save": _("Save an honour of the list"),
        "talent.skill_level": _("Record a skill level"),
        "talent.skill_level_propose": _("Skill level proposed by a rule"),
        "talent.skill_level_confirm": _("Confirm a proposed skill level"),
        "talent.skill_level_decline": _("Decline a proposed skill level"),
        "import.honours": _("Import honours"),
        "import.honours.rejected": _("Import of honours refused"),
    },
    audit_objects={
        "talent.talentprofile": AuditObject(
            _("Talent profile"),
            fields={
                "position": _("Position"),
                "enterprise_head": _("Enterprise head"),
                "professional_title": _("Professional title"),
                "expertise": _("Fields of expertise"),
                "biography": _("Biography"),
                "industry": _("Industry"),
                "photo": _("Photo"),
                "public": _("Listed publicly"),
                "public_photo": _("Photo public"),
                "public_honours": _("Honours public"),
                "public_methods": _("Named methods public"),
                "public_biography": _("Biography public"),
            },
        ),
        "talent.honour": AuditObject(_("Honour"), fields={"reason": _("Reason"), "checks": _("Eligibility checks")}),
        "talent.honourtype": AuditObject(_("Honour of the list"), fields={"rules": _("Eligibility rules")}),
    },
    audit_fields={
        "category": _("Category"),
        "honour_type": _("Honour"),
        "skill_level": _("Skill level"),
        "awarded_on": _("Date awarded"),
        "rule": _("Rule"),
        # What its demo step adds to the demo.load entry.
        "talent": _("Talent pool"),
        "talent_profiles": _("Talent profiles"),
        "honours": _("Honours"),
        "skill_levels": _("Skill levels"),
    },
)
