from django.utils.translation import gettext_lazy as _

from zhichuang.core.modules import Module

module = Module(
    label="demo",
    audit_actions={"demo.load": _("Load demo data")},
    audit_fields={
        "seed": _("Random seed"),
        "districts": _("Districts"),
        "enterprises": _("Enterprises"),
        "departments": _("Departments"),
        "partners": _("Partner organisations"),
        "workers": _("Workers"),
        "worker_accounts": _("Worker accounts"),
        "demo_accounts": _("Demo accounts"),
    },
)
