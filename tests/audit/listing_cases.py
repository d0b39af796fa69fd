"""Rows of the audit log for the generic list test (tests/listing_cases.py)."""

from tests.listing_cases import PLACES, serial
from zhichuang.audit.services import audit_record


def entries(city_tree, positions, n):
    made = set()
    for place, worker in PLACES:
        for _ in range(n):
            # An entry about each enterprise and its worker: the log is the audit administrator's alone,
            # whoever administers the place it is about.
            name = f"{city_tree[place].name}记录{serial()}"
            trade = {"trade": ["钳工", "电工"]}
            audit_record(action="worker.update", obj=city_tree[worker], object_repr=name, changes=trade)
            made.add(name)
    return made, {p.label: made if p.label == "auditor@city" else set() for p in positions}


CASES = {"audit.entries": entries}
