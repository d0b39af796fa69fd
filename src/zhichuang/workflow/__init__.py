"""The shared workflow piece: a declared table of steps and the one function that takes them.

    steps.py      Step, Workflow: the declaration (from → to, who, requirements, step data, deadline)
    services.py   transition(): lock, check, change, record, audit, announce after the commit
    signals.py    state_changed: the one hook listeners subscribe to (StateChange)
    deadlines.py  overdue filter and the daily reminders, for workflows whose steps carry a deadline
    models.py     TransitionRecord: the abstract history row each workflow makes concrete

It knows no domain app: proposals (and every later module) declare their own tables.
"""
