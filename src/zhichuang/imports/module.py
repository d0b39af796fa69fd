from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.roles import Perm
from zhichuang.accounts.scoping import has_perm
from zhichuang.core.modules import AuditObject, HomePanel, Importer, Module, NavEntry

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
    # import.<kind> and import.<kind>.rejected for each importer (imports.services.import_job_run).
    audit_actions={
        "import.workers": _("Import workers"),
        "import.workers.rejected": _("Import of workers refused"),
        "import.organizations": _("Import organisations"),
        "import.organizations.rejected": _("Import of organisations refused"),
        "pii.import_withheld": _("Import refused: rows clash with personal data not shown"),
        "pii.import_disclosed": _("Import refused: clashing personal data shown to its holder"),
    },
    audit_objects={
        "imports.importjob": AuditObject(
            _("Import"),
            fields={
                "file": _("File"),
                "rows": _("Rows"),
                "created": _("Created"),
                "reason": _("Reason"),
                "problems": _("Problems"),
                "withheld": _("Rows withheld"),
                "disclosed": _("Rows disclosed"),
            },
        )
    },
)
