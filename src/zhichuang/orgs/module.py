from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.roles import Perm
from zhichuang.core.modules import AuditObject, Module, NavEntry

module = Module(
    label="orgs",
    nav=(NavEntry(_("Organisations"), "orgs:tree", "diagram-3", Perm.VIEW_ORGS, order=40),),
    urls=(("orgs/", "zhichuang.orgs.urls"),),
    lists=("zhichuang.orgs.listings:ORGANISATIONS",),
    audit_actions={
        "org.create": _("Create organisation"),
        "org.update": _("Edit organisation"),
        "org.link_partner": _("Link partner organisation to a district"),
        "org.unlink_partner": _("Unlink partner organisation from a district"),
    },
    audit_objects={"orgs.organization": AuditObject(_("Organisation"), fields={"district": _("District")})},
)
