from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.roles import Perm
from zhichuang.accounts.scoping import has_perm
from zhichuang.core.modules import HomePanel, Importer, Module, NavEntry

from .selectors import import_job_list

RECENT = 8


def home(user, sections: set[str]) -> list[HomePanel]:
    if not has_perm(user, Perm.IMPORT_DATA):
        return []
    jobs = list(import_job_list(user=user)[:RECENT])
    return [HomePanel("", "imports/home/recent.html", {"jobs": jobs})] if jobs else []


module = Module(
    label="imports",
    nav=(NavEntry(_("Imports"), "imports:list", "upload", Perm.IMPORT_DATA, order=42),),
    urls=(("imports/", "zhichuang.imports.urls"),),
    home=home,
    importers=(
        Importer("workers", _("Workers"), "zhichuang.imports.workers"),
        Importer("organizations", _("Organisations"), "zhichuang.imports.organizations"),
    ),
)
