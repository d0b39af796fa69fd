"""Quality of the similar-proposal lookup on the hand-labelled set, among distractors.

    python bench/similarity_quality.py [--distractors 3000] [--threshold 0.35]

Builds a fresh index (SQLite file var/bench/similarity_quality.sqlite3, or the
database in DATABASE_URL if its name contains "bench") holding every labelled text
plus N synthetic distractor proposals, then:

- recall@10: for each positive pair, is the partner among the top 10 of the whole
  index when looking up the other text (both directions, the query itself excluded)?
- hard negative above duplicate: for each hard negative of an idea, looking up the original
  (and the paraphrase), does the negative rank above the other text of the idea? (A text not
  among the lookup's hits ranks below every hit.)
- at the threshold: precision and recall over the labelled pairs (a pair is called
  a duplicate when its score is at least the threshold), and the precision of what a
  user sees: of all top-10 hits at or above the threshold, how many are the same idea.
- the same recall and hard-negative figures for a plain character-unigram TF-IDF scored
  exhaustively over the same texts (the baseline the index has to beat).

Each figure is given for the original set, the longer colloquial ideas (keys "long-…") and all.

Labelled data: src/zhichuang/similarity/data/labelled_ideas.txt. See docs/benchmarks.md.
"""

import argparse
import math
import os
import sys
import time
from collections import Counter, defaultdict
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
from zhichuang.similarity.models import Document, Posting  # noqa: E402
from zhichuang.similarity.ranking import query_signature, rank_similar  # noqa: E402
from zhichuang.similarity.services import index_rebuild  # noqa: E402

KIND = "proposal"  # the labelled ideas are proposals
SUBSETS = ("original", "long", "all")
KIND_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4)
PERCENTILES = (50, 90, 95, 99)

LABELLED = ROOT / "src" / "zhichuang" / "similarity" / "data" / "labelled_ideas.txt"


@dataclass
class Text:
    id: int
    group: str
    role: str  # A, P, R (reordered A), I, N, T (typing: the start of P), D (distractor)
    text: str

    @property
    def subset(self) -> str:
        return "long" if self.group.startswith("long-") else "original"


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


def in_subset(text: Text, subset: str) -> bool:
    return subset == "all" or text.subset == subset


def negative_triples(texts: list[Text]) -> list[tuple[int, int, int]]:
    """(query, its duplicate, a hard negative): the original against the paraphrase and the reverse."""
    ideas: dict[str, dict[str, int]] = defaultdict(dict)
    negatives: dict[str, list[int]] = defaultdict(list)
    for t in texts:
        if t.role in "AP":
            ideas[t.group][t.role] = t.id
        elif t.role == "N":
            negatives[t.group.split("/not-")[0]].append(t.id)
    triples = []
    for group, roles in ideas.items():
        if "A" in roles and "P" in roles:
            for n in negatives[group]:
                triples += [(roles["A"], roles["P"], n), (roles["P"], roles["A"], n)]
    return triples


class UnigramTfidf:
    """The baseline: single characters (after the same normalisation), TF-IDF, cosine over all texts."""

    def __init__(self, texts: list[Text]):
        self.vectors = {t.id: Counter(self.terms(t.text)) for t in texts}
        df = Counter(term for v in self.vectors.values() for term in v)
        n = len(self.vectors)
        self.idf = {term: math.log((n + 1) / (d + 0.5)) + 1 for term, d in df.items()}
        self.unit = {pk: self.weigh(v) for pk, v in self.vectors.items()}

    @staticmethod
    def terms(text: str) -> list[str]:
        return [c for c in engine.normalise(text) if "\u3400" <= c <= "\u9fff"]

    def weigh(self, counts: Counter) -> dict[str, float]:
        w = {t: (1 + math.log(c)) * self.idf.get(t, 1.0) for t, c in counts.items()}
        norm = math.sqrt(sum(x * x for x in w.values())) or 1.0
        return {t: x / norm for t, x in w.items()}

    def ranked(self, text: str, exclude: int, limit: int) -> list[int]:
        q = self.weigh(Counter(self.terms(text)))
        scores = [(sum(q.get(t, 0) * x for t, x in v.items()), pk) for pk, v in self.unit.items() if pk != exclude]
        scores.sort(reverse=True)
        return [pk for s, pk in scores[:limit] if s > 0]


def rank_of(hits: list[int], pk: int) -> float:
    return hits.index(pk) if pk in hits else math.inf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distractors", type=int, default=3000)
    parser.add_argument("--threshold", type=float, default=0.25)
    parser.add_argument("--read-budget", type=int, help="ranking.READ_BUDGET for this run (to tune it)")
    parser.add_argument("--candidates", type=int, help="ranking.CANDIDATES for this run (to tune it)")
    parser.add_argument("--signature-terms", type=int, help="engine.SIGNATURE_MAX_TERMS for this run")
    parser.add_argument("--posting-mass", type=float, help="engine.POSTING_MASS for this run")
    args = parser.parse_args()
    engine.SIGNATURE_MAX_TERMS = args.signature_terms or engine.SIGNATURE_MAX_TERMS
    engine.POSTING_MASS = args.posting_mass or engine.POSTING_MASS
    engine.signature.__defaults__ = (engine.SIGNATURE_MAX_TERMS,)  # the defaults were bound at import
    engine.posting_terms.__defaults__ = (engine.POSTING_MASS,)
    print(f"signature: at most {engine.SIGNATURE_MAX_TERMS} terms; postings hold {engine.POSTING_MASS} of its mass")
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

    def lookup(text_id: int, limit: int = 10) -> list[int]:
        return [h.object_id for h in rank_similar(by_id[text_id].text, kind=KIND, exclude_id=text_id, limit=limit)]

    baseline = UnigramTfidf(indexed)
    found: dict[tuple[str, str], list[bool]] = defaultdict(list)  # (subset, kind) → found in the top 10
    found_baseline: dict[str, list[bool]] = defaultdict(list)
    shown: Counter = Counter()
    shown_right: Counter = Counter()
    timings = []
    for a, b, kind, duplicate in pairs:
        if not duplicate:
            continue
        directions = [(a, b)] if by_id[a].role == "T" else [(a, b), (b, a)]
        for query, partner in directions:
            t0 = time.perf_counter()
            hits = rank_similar(by_id[query].text, kind=KIND, exclude_id=query, limit=10)
            timings.append(time.perf_counter() - t0)
            subset = by_id[query].subset
            found[(subset, kind)].append(partner in {h.object_id for h in hits})
            found_baseline[subset].append(partner in baseline.ranked(by_id[query].text, query, 10))
            if kind == "paraphrase":
                group = by_id[query].group
                for hit in hits:
                    if hit.score >= args.threshold:
                        shown[subset] += 1
                        shown_right[subset] += by_id[hit.object_id].group == group

    triples = negative_triples(texts)
    above: dict[str, list[bool]] = defaultdict(list)
    above_baseline: dict[str, list[bool]] = defaultdict(list)
    for query, duplicate, negative in triples:
        hits = lookup(query, limit=50)
        plain = baseline.ranked(by_id[query].text, query, 50)
        subset = by_id[query].subset
        above[subset].append(rank_of(hits, negative) < rank_of(hits, duplicate))
        above_baseline[subset].append(rank_of(plain, negative) < rank_of(plain, duplicate))

    def share(results: dict, subset: str) -> tuple[float, int]:
        values = [v for key, vs in results.items() for v in vs if subset == "all" or key == subset or key[0] == subset]
        return sum(values) / max(1, len(values)), len(values)

    print(f"Indexed {len(indexed):,} texts ({args.distractors:,} distractors) in {build:.1f} s")
    labelled_ids = [t.id for t in indexed if t.role != "D"]
    print(
        f"postings a document: {Posting.objects.count() / len(indexed):.1f} "
        f"(labelled texts {Posting.objects.filter(object_id__in=labelled_ids).count() / len(labelled_ids):.1f}); "
        f"signature terms a labelled text: "
        f"{sum(len(signatures[pk].terms) for pk in labelled_ids) / len(labelled_ids):.1f}"
    )
    print(
        f"labelled pairs: {len(pairs)} ({sum(p[3] for p in pairs)} positive, {sum(not p[3] for p in pairs)} negative)"
    )
    labelled = [t for t in texts if t.role in "APIN"]
    for subset in SUBSETS[:2]:
        distinct = sorted(len(set(engine.tokens(t.text))) for t in labelled if in_subset(t, subset))
        ideas = sum(1 for t in labelled if t.role == "A" and in_subset(t, subset))
        print(f"  {subset}: {ideas} ideas, {len(distinct)} texts, median {distinct[len(distinct) // 2]} distinct terms")

    for subset in SUBSETS:
        print(f"\n[{subset}] recall@10 by kind (lookups):")
        for (sub, kind), results in sorted(found.items(), key=lambda item: item[0][1]):
            if sub == subset:
                print(f"  {kind:32} {sum(results) / len(results):.3f}  ({len(results)})")
        recall, n = share(found, subset)
        plain, _ = share(found_baseline, subset)
        neg, m = share(above, subset)
        neg_plain, _ = share(above_baseline, subset)
        print(f"  {'all positives':32} {recall:.3f}  ({n})   unigram TF-IDF: {plain:.3f}")
        print(f"  hard negative above duplicate    {neg:.3f}  ({m})   unigram TF-IDF: {neg_plain:.3f}")
        if subset != "all":
            print(
                f"  shown hits >= {args.threshold} in paraphrase lookups: {shown[subset]}, "
                f"same idea: {shown_right[subset] / max(1, shown[subset]):.3f}"
            )

    scored = [(pair_score(a, b) if by_id[b].role != "T" else pair_score(b, a), kind, dup) for a, b, kind, dup in pairs]
    # Unrelated: the best score of each original or paraphrase against the labelled texts of every other idea
    # (other ideas are different ideas; the distractors are left out, some are the same idea by chance).
    originals = [t for t in indexed if t.role in "AP"]
    others = [t for t in indexed if t.role != "D"]
    unrelated = []
    for t in originals:
        weights = query_signature(t.text, kind=KIND).signature.as_dict()
        home = t.group
        unrelated.append(
            max(engine.cosine(weights, signatures[o.id]) for o in others if o.group.split("/not-")[0] != home)
        )
    unrelated.sort()
    print(
        "\nbest score against another idea's text (per original/paraphrase): "
        + ", ".join(f"p{q} {unrelated[min(len(unrelated) - 1, len(unrelated) * q // 100)]:.3f}" for q in PERCENTILES)
        + f", max {unrelated[-1]:.3f}"
    )
    print("\nthreshold  precision  recall  (labelled pairs, all)  other ideas' best text at or above")
    for threshold in (0.2, 0.22, 0.25, 0.28, 0.3, 0.32, 0.35, 0.4, 0.45, 0.5, 0.6):
        tp = sum(1 for s, _, d in scored if d and s >= threshold)
        fp = sum(1 for s, _, d in scored if not d and s >= threshold)
        positives = sum(1 for _, _, d in scored if d)
        above = sum(1 for s in unrelated if s >= threshold) / len(unrelated)
        mark = " <- chosen" if abs(threshold - args.threshold) < 1e-9 else ""
        print(f"  {threshold:.2f}     {tp / max(1, tp + fp):.3f}      {tp / positives:.3f}       {above:.3f}{mark}")
    print("\nshare of pairs at or above, by kind:   " + "  ".join(f"{t:.2f}" for t in KIND_THRESHOLDS))
    for kind in sorted({k for _, k, _ in scored}):
        values = [s for s, k, _ in scored if k == kind]
        print(f"  {kind:34} " + "  ".join(f"{sum(v >= t for v in values) / len(values):.2f}" for t in KIND_THRESHOLDS))
    negatives = sorted((s, k) for s, k, d in scored if not d)
    print(f"hard negatives: median score {negatives[len(negatives) // 2][0]:.3f}, max {negatives[-1][0]:.3f}")
    timings.sort()
    p50, p95 = timings[len(timings) // 2], timings[int(len(timings) * 0.95)]
    print(f"lookup time: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")


if __name__ == "__main__":
    main()
