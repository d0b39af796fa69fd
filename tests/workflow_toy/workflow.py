"""The toy's table. The tests never read it: they write out the steps they expect."""

from zhichuang.accounts.roles import Perm
from zhichuang.core.errors import ValidationFailed
from zhichuang.workflow.steps import Step, Workflow, needs_reason

from .models import Parcel, ParcelTransition


def has_title(ctx):
    if not ctx.row.title.strip():
        raise ValidationFailed(details={"title": ["标题必填"]})


def keeps_note(ctx):
    ctx.updates["accepted_note"] = ctx.data.get("note", "")
    ctx.audit["parcel"] = ctx.row.pk


PARCEL_WORKFLOW = Workflow(
    name="toy.parcel",
    model=Parcel,
    history=ParcelTransition,
    subject="parcel",
    organization=lambda parcel: parcel.organization,
    relations={"owner": lambda user, parcel: parcel.owner_id == getattr(user, "pk", None)},
    data={"note": 20},
    related=("organization",),
    audit_prefix="toy",
    changed_at_field="changed_at",
    timestamps={"sent": "sent_at"},
    due_field="due_at",
    reminded_field="reminded_at",
    steps={
        ("draft", "sent"): Step("send", ("owner",), (has_title,), days=3),
        ("sent", "accepted"): Step("accept", (Perm.MANAGE_WORKERS,), (keeps_note,), data=("note",), days=5),
        ("sent", "returned"): Step("return", (Perm.MANAGE_WORKERS,), (needs_reason,)),
        ("returned", "sent"): Step("resend", ("owner",), (has_title,), days=lambda parcel, state: 2),
        ("accepted", "closed"): Step("close", (Perm.MANAGE_ORGS, "owner")),
    },
)
