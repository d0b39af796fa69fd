"""Do the demo city's ordinary proposals look like duplicates of each other? And its planted ones?

    python bench/demo_duplicates.py [--enterprises 40 --workers 4000 --proposals 6000 --sample 300]

Builds a demo city and its proposals in a fresh SQLite file (var/bench/demo_duplicates.sqlite3, or the
database in DATABASE_URL if its name contains "bench"), builds the similarity index, then looks each
sampled proposal up as the evaluator's panel does (title, keywords, problem and change; the proposal
itself excluded) and prints:

- for ordinary proposals (not in planted_duplicates()): the best score of a proposal of another
  enterprise, and the share at or above the related and the duplicate threshold;
- for planted duplicates: the score of their original, and the share at or above each threshold.

Seconds of the proposals step and of the index build are printed too. See docs/benchmarks.md.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichuang.settings")
if "DATABASE_URL" not in os.environ:
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    DATABASE = ROOT / "var" / "bench" / "demo_duplicates.sqlite3"
    DATABASE.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from zhichuang.demo.generator import CitySize, generate_city  # noqa: E402
from zhichuang.proposals.demo.generator import generate_proposals, planted_duplicates  # noqa: E402
from zhichuang.proposals.models import Proposal  # noqa: E402
from zhichuang.proposals.search import KIND, UNINDEXED_STATES, proposal_text  # noqa: E402
from zhichuang.similarity.ranking import rank_similar  # noqa: E402
from zhichuang.similarity.selectors import DUPLICATE_THRESHOLD, RELATED_THRESHOLD  # noqa: E402
from zhichuang.similarity.services import index_rebuild  # noqa: E402

AS_OF = datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)
LOOKUP_LIMIT = 20  # the best other-enterprise match is nearly always among a lookup's first few


def lookup(proposal: Proposal) -> list:
    text = proposal_text(
        title=proposal.title, keywords=proposal.keywords, problem=proposal.problem, change=proposal.change
    )
    return rank_similar(text, kind=KIND, exclude_id=proposal.pk, limit=LOOKUP_LIMIT)


def report(label: str, scores: list[float]) -> None:
    scores = sorted(scores)
    if not scores:
        print(f"{label}: none")
        return
    p90 = scores[min(len(scores) - 1, int(len(scores) * 0.9))]
    related = sum(s >= RELATED_THRESHOLD for s in scores) / len(scores)
    duplicate = sum(s >= DUPLICATE_THRESHOLD for s in scores) / len(scores)
    print(
        f"{label} ({len(scores)}): median {statistics.median(scores):.3f}, p90 {p90:.3f}, min {scores[0]:.3f}, "
        f"max {scores[-1]:.3f}; >= {RELATED_THRESHOLD} (related) {related:.0%}, "
        f">= {DUPLICATE_THRESHOLD} (likely duplicate) {duplicate:.0%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--districts", type=int, default=3)
    parser.add_argument("--enterprises", type=int, default=40)
    parser.add_argument("--workers", type=int, default=4000)
    parser.add_argument("--proposals", type=int, default=6000)
    parser.add_argument("--sample", type=int, default=300, help="ordinary proposals looked up")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("DATABASE_URL must name a database whose name contains 'bench'")

    call_command("migrate", verbosity=0)
    size = CitySize(districts=args.districts, enterprises=args.enterprises, workers=args.workers, account_every=4)
    built = generate_city(seed=args.seed, size=size)
    started = time.perf_counter()
    generate_proposals(city=built.city, seed=args.seed, total=args.proposals, as_of=AS_OF)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    index_rebuild(kind=KIND)
    indexed = time.perf_counter() - started
    print(f"{args.proposals:,} proposals in {generated:.1f} s, index built in {indexed:.1f} s")

    pairs = planted_duplicates()
    planted = {pk for pair in pairs for pk in pair}
    proposals = Proposal.objects.in_bulk()
    enterprise = {pk: p.enterprise_id for pk, p in proposals.items()}
    indexed_ids = sorted(pk for pk, p in proposals.items() if pk not in planted and p.state not in UNINDEXED_STATES)
    rng = random.Random(args.seed)
    best = []
    for pk in rng.sample(indexed_ids, min(args.sample, len(indexed_ids))):
        others = [r.score for r in lookup(proposals[pk]) if enterprise[r.object_id] != enterprise[pk]]
        best.append(max(others, default=0.0))
    report("ordinary proposals, best match of another enterprise", best)
    found = []
    for duplicate, original in pairs:
        scores = {r.object_id: r.score for r in lookup(proposals[duplicate])}
        found.append(scores.get(original, 0.0))
    report("planted duplicates, score of their original", found)


if __name__ == "__main__":
    main()
