"""A workflow declared as data: its steps, who may take each, what each requires, which step data it takes,
and how many days the next actor has.

    ORDER_WORKFLOW = Workflow(
        name="shop.order",
        model=Order,
        history=OrderTransition, subject="order",           # OrderTransition(TransitionRecord) has order = FK
        organization=lambda order: order.shop,              # where the permissions below are checked
        relations={"customer": lambda user, order: order.customer_id == user.pk},
        data={"note": 500},                                 # every step-data key any step takes, and its length
        audit_prefix="shop",
        steps={
            ("draft", "placed"): Step("place", who=("customer",), requires=(has_lines,), days=2),
            ("placed", "shipped"): Step("ship", who=(Perm.SHIP,), data=("note",)),
        },
    )

    transition(ORDER_WORKFLOW, actor=user, row=order, to_state="placed", expected_version=3)

`who` names permissions (held on the workflow's organisation for the row, or the step's own `org`) and
relations (named predicates of the workflow); anyone matching one of them may take the step. A requirement
is a function of the StepContext that raises an ApplicationError to refuse, or adds fields to set
(ctx.updates) and audit details (ctx.audit). `days`: the deadline of the state the step leads to (a number,
or a function of the row and the state); a step without one clears the deadline.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.scoping import has_perm
from zhichuang.core.errors import ApplicationError, Conflict, ValidationFailed

from .signals import state_changed


@dataclass
class StepContext:
    """What a requirement sees, and what it may add to the step."""

    workflow: "Workflow"
    step: "Step"
    actor: object
    row: object  # the locked row, as it is before the step
    from_state: str
    to_state: str
    reason: str
    data: dict
    now: object
    organization: object = None  # where the step's permissions were checked
    updates: dict = field(default_factory=dict)  # fields set on the row with the state
    audit: dict = field(default_factory=dict)  # details added to the audit row


Requirement = Callable[[StepContext], None]


@dataclass(frozen=True)
class Step:
    action: str
    who: tuple[str, ...]  # permission codes and relation names
    requires: tuple[Requirement, ...] = ()
    data: tuple[str, ...] = ()  # the step-data keys this step takes (each declared in Workflow.data)
    days: int | Callable | None = None  # deadline of the state it leads to; None: nobody is waited for
    org: Callable | None = None  # row → the organisation its permissions are checked on (default: the workflow's)


def needs_reason(ctx: StepContext) -> None:
    """The step is taken only with a reason."""
    if not ctx.reason:
        raise ValidationFailed(details={"reason": [_("Give a reason.")]})


def _choice_label(model, field_name: str) -> Callable[[str], str]:
    """state → the label of the state field's choice (the state itself where the field has none)."""
    labels = dict(model._meta.get_field(field_name).flatchoices)
    return lambda state: str(labels.get(state, state))


# Every declared workflow by name (the audit labels, the docs and the tests read them here).
_DECLARED: dict[str, "Workflow"] = {}


def workflows() -> dict[str, "Workflow"]:
    return dict(_DECLARED)


@dataclass(eq=False)  # compared by identity: a workflow is the sender of its signal
class Workflow:
    name: str
    model: type
    steps: Mapping[tuple[str, str], Step]
    organization: Callable  # row → organisation (its permissions are checked there)
    audit_prefix: str
    history: type | None = None  # a concrete TransitionRecord
    subject: str = ""  # the history's foreign key to the row
    state_field: str = "state"
    version_field: str | None = "version"
    relations: Mapping[str, Callable] = field(default_factory=dict)  # name → (user, row) → bool
    data: Mapping[str, int] = field(default_factory=dict)  # step-data key → longest value
    related: tuple[str, ...] = ()  # select_related when the row is locked
    audit_object: Callable | None = None  # row → the object the audit row is about (default: the row)
    changed_at_field: str | None = None  # set to the moment of every step
    timestamps: Mapping[str, str] = field(default_factory=dict)  # state → field set when first reached
    due_field: str | None = None  # the deadline of the current state
    reminded_field: str | None = None  # when the overdue reminder was last sent
    # The history row of a step, when the workflow keeps its own kind (default: `history`). ctx → row.
    record: Callable | None = None
    label: Callable | None = None  # state → its name in messages (default: the state field's choice label)
    # (from, to) → the error for a step not in the table (default: ValidationFailed(illegal_message)).
    illegal: Callable | None = None
    illegal_message: str = _("“%(from)s” cannot become “%(to)s”.")
    stale_message: str = _("Someone else changed this record meanwhile. Reload it and try again.")
    reason_max: int = 2000

    def __post_init__(self):
        _DECLARED[self.name] = self
        if self.label is None:
            self.label = _choice_label(self.model, self.state_field)

    def step(self, from_state: str, to_state: str) -> Step:
        """The step from → to, or the refusal of a step the table does not have."""
        found = self.steps.get((from_state, to_state))
        if found is not None:
            return found
        if self.illegal is not None:
            raise self.illegal(from_state, to_state)
        raise ValidationFailed(self.illegal_message % {"from": self.label(from_state), "to": self.label(to_state)})

    def stale(self) -> ApplicationError:
        return Conflict(self.stale_message)

    def step_organization(self, row, step: Step):
        return (step.org or self.organization)(row)

    def may_act(self, user, row, step: Step, *, known: Mapping[str, Callable[[], bool]] | None = None) -> bool:
        """May the user take this step on the row? known: relation name → a cheaper answer for this call
        (a page that has the row's people loaded already)."""
        organization = None
        for who in step.who:
            if who in self.relations:
                answer = known[who] if known and who in known else (lambda who=who: self.relations[who](user, row))
                if answer():
                    return True
                continue
            if organization is None:
                organization = self.step_organization(row, step)
                if organization is None:
                    return False
            if has_perm(user, who, organization):
                return True
        return False

    def targets(self, user, row, *, known=None) -> list[str]:
        """The states the user may move the row to now (requirements not checked: for buttons)."""
        state = getattr(row, self.state_field)
        return [
            to
            for (source, to), step in self.steps.items()
            if source == state and self.may_act(user, row, step, known=known)
        ]

    def reachable(self, states) -> frozenset[str]:
        """The given states and every state reachable from them through the table."""
        reached, todo = set(states), list(states)
        while todo:
            state = todo.pop()
            for source, to in self.steps:
                if source == state and to not in reached:
                    reached.add(to)
                    todo.append(to)
        return frozenset(reached)

    @property
    def waiting_states(self) -> frozenset[str]:
        """States that carry a deadline: those a step with days leads to."""
        return frozenset(to for (_source, to), step in self.steps.items() if step.days is not None)

    def clean_data(self, data: dict | None) -> dict:
        """The step data a caller sent, checked against the workflow's vocabulary: known keys, plain
        values of bounded length."""
        data = dict(data or {})
        unknown = sorted(str(key) for key in data if key not in self.data)
        if unknown:
            raise ValidationFailed(
                _("Unknown step data: %(keys)s. A step takes only %(known)s.")
                % {"keys": ", ".join(unknown), "known": ", ".join(self.data)}
            )
        for key, limit in self.data.items():
            value = data.get(key)
            if value is None:
                data.pop(key, None)
                continue
            if not isinstance(value, str | int) or isinstance(value, bool) or len(str(value)) > limit:
                raise ValidationFailed(
                    details={key: [_("Give text of at most %(limit)d characters.") % {"limit": limit}]}
                )
        return data

    def listen(self, receiver, *, uid: str) -> None:
        """Subscribe receiver(change: StateChange) to this workflow's state changes."""
        state_changed.connect(
            lambda sender, change, **kwargs: receiver(change), sender=self, weak=False, dispatch_uid=uid
        )

    def unlisten(self, *, uid: str) -> None:
        state_changed.disconnect(sender=self, dispatch_uid=uid)
