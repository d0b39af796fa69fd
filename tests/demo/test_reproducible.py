"""Two loads with the same seed on the same day give the same demo, whatever the time of day and however
long the load takes."""

import datetime
import itertools

import pytest
from django.apps import apps
from django.utils import timezone

from zhichuang.demo import loader
from zhichuang.demo.generator import CitySize
from zhichuang.proposals.models import BenefitClaim, Evaluation, Proposal, Transition

SIZE = CitySize(districts=2, enterprises=6, workers=600, account_every=4)
PROPOSALS = 900
# Columns that differ between two loads by design, by model label: what is random for security (salted
# password hashes, Fernet's IV in the encrypted ID and mobile numbers, whose blind indexes are compared),
# and what records when the load ran: the audit log, the demo accounts made through the services (their
# role grants, the demo worker's link to its account), the derived data's build times, the rows' own
# creation times.
VOLATILE = {
    "accounts.User": {"password", "date_joined", "last_login"},
    "accounts.Worker": {"id_number_encrypted", "mobile_encrypted", "updated_at"},
    "accounts.RoleAssignment": {"granted_at"},
    "audit.AuditEntry": {"occurred_at"},
    "proposals.RollupYear": {"rebuilt_at"},
    "statistics.Workforce": {"counted_at"},
    "similarity.IndexState": {"built_at"},
    "similarity.Document": {"indexed_at"},
    # When the talent pool's rows were written (the honours' own dates come from as_of).
    "talent.TalentProfile": {"created_at", "updated_at"},
    "talent.Honour": {"created_at"},
    "talent.SkillLevelEntry": {"created_at", "decided_at"},  # decided_at: a pass confirmed through the service
    # When the expert pool's and training's rows were written (their own dates come from as_of).
    "experts.Expert": {"created_at"},
    "experts.ExpertConflict": {"created_at"},
    "training.Training": {"created_at"},
    "training.Apprenticeship": {"created_at"},
    # The named methods' demo goes through the services, which stamp their rows with the time of the load
    # (the applications' own steps are dated from as_of).
    "experts.ReviewAssignment": {"created_at", "state_changed_at"},
    "methods.NamedMethod": {"created_at", "updated_at"},
    "methods.MethodApplication": {"created_at", "state_changed_at"},
    "methods.MethodScore": {"created_at"},
}


def _columns(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname not in VOLATILE.get(model._meta.label, ())]


def _fingerprint() -> dict:
    """Rows per model, every model's content (primary keys included), and the key fields of the proposals,
    their evaluations and benefit claims in the order of their natural keys."""
    content = {}
    for model in apps.get_models(include_auto_created=True):
        content[model._meta.label] = list(model.objects.order_by("pk").values_list(*_columns(model)))
    return {
        "counts": {label: len(rows) for label, rows in content.items()},
        "content": content,
        # Drafts have no number yet: sorted by their text.
        "proposals": sorted(Proposal.objects.values_list("number", "title", "state", "created_at", "score"), key=repr),
        "evaluations": sorted(
            Evaluation.objects.values_list("proposal__number", "evaluator__username", "round", "total", "created_at")
        ),
        "claims": sorted(
            BenefitClaim.objects.values_list("proposal__number", "status", "period_start", "period_end", "net")
        ),
        "transitions": sorted(
            Transition.objects.values_list("proposal__number", "from_state", "to_state", "at"), key=repr
        ),
    }


def _clock(monkeypatch, start: datetime.datetime) -> None:
    """timezone.now() from `start`, one second later at every call: a load that reads the time in several
    places sees it move, as a real load of 30,000 proposals does."""
    ticks = itertools.count()
    monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(seconds=next(ticks)))


@pytest.mark.django_db(transaction=True)  # reset flushes: PostgreSQL refuses TRUNCATE inside the test's transaction
def test_load_demo_same_seed_same_day_same_data(settings, monkeypatch):
    settings.DEMO_MODE = True
    fingerprints = []
    # The same day in Asia/Shanghai: 09:00 and 20:00 there.
    for hour in (1, 12):
        _clock(monkeypatch, datetime.datetime(2026, 11, 20, hour, tzinfo=datetime.UTC))
        loader.load_demo(reset=True, seed=5, size=SIZE, proposals=PROPOSALS)
        fingerprints.append(_fingerprint())
    first, second = fingerprints
    assert first["counts"]["proposals.Proposal"] == PROPOSALS
    assert first["counts"]["proposals.Evaluation"] > 0 and first["claims"]
    # The reset empties what migrations seeded (the honour list): the talent step restores it.
    assert first["counts"]["talent.HonourType"] >= 16 and first["counts"]["talent.Honour"] > 0
    assert first["counts"] == second["counts"]
    for key in ("proposals", "evaluations", "claims", "transitions"):
        assert first[key] == second[key], key
    different = [label for label, rows in first["content"].items() if rows != second["content"][label]]
    assert different == []


@pytest.mark.django_db(transaction=True)
def test_load_demo_other_seed_other_data(settings, monkeypatch):
    settings.DEMO_MODE = True
    _clock(monkeypatch, datetime.datetime(2026, 11, 20, 1, tzinfo=datetime.UTC))
    loader.load_demo(reset=True, seed=5, size=SIZE, proposals=PROPOSALS)
    first = _fingerprint()
    loader.load_demo(reset=True, seed=6, size=SIZE, proposals=PROPOSALS)
    assert _fingerprint()["proposals"] != first["proposals"]
