"""Quality of the similar-proposal lookup on the hand-labelled set, among distractors.

    python bench/similarity_quality.py [--distractors 3000] [--threshold 0.35]

Builds a fresh index (SQLite file var/bench/similarity_quality.sqlite3, or the
database in DATABASE_URL if its name contains "bench") holding every labelled text
plus N synthetic distractor proposals, then:

- recall@10: for each positive pair, is the partner among the top 10 of the whole
  index when looking up the other text (both directions, the query itself excluded)?
- at the threshold: precision and recall over the labelled pairs (a pair is called
  a duplicate when its score is at least the threshold), and the precision of what a
  user sees: of all top-10 hits at or above the threshold, how many are the same idea.

Labelled data: src/zhichuang/similarity/data/labelled_ideas.txt. See docs/benchmarks.md.
"""

import argparse
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichuang.settings")
if "DATABASE_URL" not in os.environ:
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench' / 'similarity_quality.sqlite3'}"
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.similarity_corpus import proposal_text  # noqa: E402
from zhichuang.similarity import engine, ranking  # noqa: E402
from zhichuang.similarity.models import Document  # noqa: E402
from zhichuang.similarity.ranking import query_signature, rank_similar  # noqa: E402

KIND = "proposal"  # the labelled ideas are proposals
from zhichuang.similarity.services import index_rebuild  # noqa: E402

LABELLED = ROOT / "src" / "zhichuang" / "similarity" / "data" / "labelled_ideas.txt"


@dataclass
class Text:
    id: int
    group: str
    role: str  # A, P, R (reordered A), I, N, T (typing: the start of P), D (distractor)
    text: str


def as_text(line: str) -> str:
    title, _, body = line.partition("｜")
    return f"{title}\n{body}"


def reordered(line: str) -> str:
    """The same sentences in reverse order, the title last."""
    title, _, body = line.partition("｜")
    sentences = [s for s in body.split("。") if s]
    return "。".join(reversed(sentences)) + "。\n" + title


def typing(line: str) -> str:
    """What a worker has typed so far: the title and the first clause."""
    title, _, body = line.partition("｜")
    return f"{title}\n{body.split('，')[0]}"


def load_labelled() -> tuple[list[Text], list[tuple[int, int, str, bool]]]:
    texts: list[Text] = []
    pairs: list[tuple[int, int, str, bool]] = []  # (a, b, kind, is_duplicate)

    def add(group: str, role: str, text: str) -> int:
        texts.append(Text(len(texts) + 1, group, role, text))
        return len(texts)

    group, a, p = "", 0, 0
    for raw in LABELLED.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("## "):
            group = line[3:]
            continue
        if not line or line.startswith("#"):
            continue
        role, body = line[0], line[2:]
        if role == "A":
            a = add(group, "A", as_text(body))
            pairs.append((a, add(group, "R", reordered(body)), "reordered", True))
        elif role == "P":
            p = add(group, "P", as_text(body))
            pairs.append((a, p, "paraphrase", True))
            pairs.append((add(group, "T", typing(body)), a, "typing (title + first clause)", True))
        elif role == "I":
            pairs.append((a, add(group, "I", as_text(body)), "same problem, other industry", True))
        elif role == "N":
            n = add(f"{group}/not-{len(texts)}", "N", as_text(body))
            pairs.append((a, n, "hard negative", False))
            pairs.append((p, n, "hard negative (vs paraphrase)", False))
    return texts, pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distractors", type=int, default=3000)
    parser.add_argument("--threshold", type=float, default=0.25)
    parser.add_argument("--read-budget", type=int, help="ranking.READ_BUDGET for this run (to tune it)")
    parser.add_argument("--candidates", type=int, help="ranking.CANDIDATES for this run (to tune it)")
    args = parser.parse_args()
    ranking.READ_BUDGET = args.read_budget or ranking.READ_BUDGET
    ranking.CANDIDATES = args.candidates or ranking.CANDIDATES
    print(f"read budget {ranking.READ_BUDGET:,} posting rows, {ranking.CANDIDATES} candidates")
    name = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite" and "bench" not in str(name):
        sys.exit("Refusing: the database name must contain 'bench'.")
    call_command("migrate", verbosity=0)

    texts, pairs = load_labelled()
    # Typing texts are what is being written, not yet in the index.
    indexed = [t for t in texts if t.role != "T"]
    base = len(texts)
    indexed += [
        Text(base + i + 1, f"distractor-{i}", "D", proposal_text(i, seed=7)[1]) for i in range(args.distractors)
    ]
    by_id = {t.id: t for t in texts} | {t.id: t for t in indexed}
    started = time.perf_counter()
    index_rebuild(kind=KIND, documents=lambda: ((t.id, [t.text]) for t in indexed), total=len(indexed))
    build = time.perf_counter() - started

    rows = Document.objects.values_list("object_id", "signature")
    signatures = {pk: engine.Signature.decode(bytes(b)) for pk, b in rows}

    def pair_score(a: int, b: int) -> float:
        return engine.cosine(query_signature(by_id[a].text, kind=KIND).signature.as_dict(), signatures[b])

    found: dict[str, list[bool]] = defaultdict(list)
    shown, shown_right = 0, 0
    timings = []
    for a, b, kind, duplicate in pairs:
        if not duplicate:
            continue
        directions = [(a, b)] if by_id[a].role == "T" else [(a, b), (b, a)]
        for query, partner in directions:
            t0 = time.perf_counter()
            hits = rank_similar(by_id[query].text, kind=KIND, exclude_id=query, limit=10)
            timings.append(time.perf_counter() - t0)
            found[kind].append(partner in {h.object_id for h in hits})
            if kind == "paraphrase":
                group = by_id[query].group
                for hit in hits:
                    if hit.score >= args.threshold:
                        shown += 1
                        shown_right += by_id[hit.object_id].group == group

    print(f"Indexed {len(indexed):,} texts ({args.distractors:,} distractors) in {build:.1f} s")
    print(
        f"labelled pairs: {len(pairs)} ({sum(p[3] for p in pairs)} positive, {sum(not p[3] for p in pairs)} negative)"
    )
    print("\nrecall@10 by kind (lookups):")
    everything = []
    for kind, results in found.items():
        everything += results
        print(f"  {kind:32} {sum(results) / len(results):.3f}  ({len(results)})")
    print(f"  {'all positives':32} {sum(everything) / len(everything):.3f}  ({len(everything)})")

    scored = [(pair_score(a, b) if by_id[b].role != "T" else pair_score(b, a), kind, dup) for a, b, kind, dup in pairs]
    print("\nthreshold  precision  recall  (labelled pairs)")
    for threshold in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6):
        tp = sum(1 for s, _, d in scored if d and s >= threshold)
        fp = sum(1 for s, _, d in scored if not d and s >= threshold)
        positives = sum(1 for _, _, d in scored if d)
        mark = " <- chosen" if abs(threshold - args.threshold) < 1e-9 else ""
        print(f"  {threshold:.2f}     {tp / max(1, tp + fp):.3f}      {tp / positives:.3f}{mark}")
    precision_shown = shown_right / max(1, shown)
    print(f"\nshown hits >= {args.threshold} for paraphrase lookups: {shown}, same idea: {precision_shown:.3f}")
    negatives = sorted((s, k) for s, k, d in scored if not d)
    print(f"hard negatives: median score {negatives[len(negatives) // 2][0]:.3f}, max {negatives[-1][0]:.3f}")
    timings.sort()
    p50, p95 = timings[len(timings) // 2], timings[int(len(timings) * 0.95)]
    print(f"lookup time: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")


if __name__ == "__main__":
    main()
