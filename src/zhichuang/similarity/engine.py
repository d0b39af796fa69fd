"""Chinese text to weighted term signatures, and signatures to a similarity score.

Pure functions, no database: the services store what these return and the
selectors score with them, and the quality benchmark runs the same code.

Text is normalised (NFKC, lower case, hand-made industrial synonyms mapped to one
word, the particles 的/了 dropped) and cut into single characters and character bigrams
over runs of Chinese characters, plus whole Latin/number words that hold a letter
("plc", "5s"). No word segmenter and no model: n-grams need no dictionary, and
paraphrases share most of them. Terms are 32-bit hashes, so the index stores
integers, not strings.

A document's *signature* is every term of its text by TF-IDF (sublinear term
frequency; at most SIGNATURE_MAX_TERMS, a bound on storage), L2-normalised, with
weights quantised to 16 bits. Two signatures score by cosine: 1.0 for the same
text, 0 for nothing shared. The heaviest entries of a signature that are not too
common and hold POSTING_MASS of its weight are the document's postings in the
inverted index (see models.Posting): a long text has more of them than a short one.
"""

import math
import re
import unicodedata
import zlib
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Chosen with bench/similarity_quality.py (see docs/benchmarks.md). A document keeps as many terms as
# its text has, not a fixed number: with the 64 heaviest only, a long text kept just the terms no other
# proposal has, and two paraphrases of it had few terms in common (one scored 0 while sharing 48 terms).
# Its postings are the heaviest not-too-common terms holding a share of its TF-IDF mass (the sum of
# squared weights), so a long text is posted under more terms than a short one.
SIGNATURE_MAX_TERMS = 256  # a bound on storage only (1.5 KB a document): proposals have 30–200 terms
POSTING_MASS = 0.8  # share of the signature's mass its postings hold
MIN_POSTING_TERMS = 3  # however common its words, a document is posted under at least this many
QUERY_TERMS = 256  # query terms looked up in the inverted index (rarest first, within the read budget)
WEIGHT_SCALE = 65535

_SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.txt"
_DROPPED = re.compile(r"[的了]")
_RUNS = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+")
_HAS_LETTER = re.compile(r"[a-z]")


@cache
def synonym_table() -> dict[str, str]:
    """variant → canonical form, from data/synonyms.txt."""
    table: dict[str, str] = {}
    for line in _SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        canonical, *variants = words
        for variant in variants:
            table[variant] = canonical
    return table


@cache
def _synonym_pattern() -> re.Pattern:
    variants = sorted(synonym_table(), key=len, reverse=True)  # longest first
    return re.compile("|".join(map(re.escape, variants)))


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    table = synonym_table()
    text = _synonym_pattern().sub(lambda m: table[m.group()], text)
    return _DROPPED.sub("", text)


def tokens(text: str) -> list[str]:
    """Characters and character bigrams of each Chinese run; Latin words with a letter.

    Bigrams with single characters beat bigrams with trigrams on the labelled set:
    a paraphrase keeps the characters and most bigrams, rarely the trigrams.
    """
    out: list[str] = []
    for run in _RUNS.findall(normalise(text)):
        if run.isascii():
            if _HAS_LETTER.search(run):
                out.append(run)
            continue
        out.extend(run)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def term_hash(term: str) -> int:
    """A stable signed 32-bit hash (fits an IntegerField on every database)."""
    value = zlib.crc32(term.encode("utf-8"))
    return value - (1 << 32) if value >= 1 << 31 else value


def term_counts(text: str) -> Counter:
    return Counter(term_hash(t) for t in tokens(text))


def idf(document_frequency: int, documents: int) -> float:
    return math.log((documents + 1) / (document_frequency + 0.5)) + 1.0


@dataclass(frozen=True)
class Signature:
    """Terms and their weights, heaviest first; weights are unit-length over the signature."""

    terms: tuple[int, ...]
    weights: tuple[float, ...]

    def as_dict(self) -> dict[int, float]:
        return dict(zip(self.terms, self.weights, strict=True))

    def encode(self) -> bytes:
        hashes = array("i", self.terms)
        quantised = array("H", (min(WEIGHT_SCALE, round(w * WEIGHT_SCALE)) for w in self.weights))
        return hashes.tobytes() + quantised.tobytes()

    @classmethod
    def decode(cls, blob: bytes) -> "Signature":
        count = len(blob) // 6
        hashes = array("i")
        hashes.frombytes(blob[: count * 4])
        quantised = array("H")
        quantised.frombytes(blob[count * 4 :])
        return cls(tuple(hashes), tuple(q / WEIGHT_SCALE for q in quantised))


def heaviest_share(weights, share: float) -> int:
    """How many of the weights (heaviest first, unit length) hold `share` of the squared mass."""
    held = 0.0
    for count, weight in enumerate(weights, start=1):
        held += weight * weight
        if held >= share - 1e-9:
            return count
    return len(weights)


def signature(
    counts: Counter, document_frequency: dict[int, int], documents: int, size: int = SIGNATURE_MAX_TERMS
) -> Signature:
    """The text's TF-IDF terms, heaviest first (at most `size`), L2-normalised over those kept; ties
    broken by hash for stable output."""
    weighted = [
        (term, (1.0 + math.log(tf)) * idf(document_frequency.get(term, 0), documents)) for term, tf in counts.items()
    ]
    weighted.sort(key=lambda item: (-item[1], item[0]))
    weighted = weighted[:size]
    norm = math.sqrt(sum(w * w for _, w in weighted)) or 1.0
    return Signature(tuple(t for t, _ in weighted), tuple(w / norm for _, w in weighted))


def cosine(query: dict[int, float], other: Signature) -> float:
    score = sum(query.get(term, 0.0) * weight for term, weight in zip(other.terms, other.weights, strict=True))
    return max(0.0, min(1.0, score))


def cosine_encoded(query: dict[int, float], blob: bytes) -> float:
    """cosine(query, Signature.decode(blob)) without building the signature: a lookup re-scores 200
    candidates, and a long text's signature holds up to 256 terms (for 200 of ~195 terms: 9 ms instead of 20)."""
    count = len(blob) // 6
    hashes = array("i")
    hashes.frombytes(blob[: count * 4])
    quantised = array("H")
    quantised.frombytes(blob[count * 4 :])
    get = query.get
    score = sum(get(term, 0.0) * weight for term, weight in zip(hashes, quantised, strict=True)) / WEIGHT_SCALE
    return max(0.0, min(1.0, score))


def posting_terms(sig: Signature, frequency: dict[int, int], cap: int, mass: float = POSTING_MASS) -> list[int]:
    """The heaviest terms seen in fewer than `cap` documents that hold `mass` of the signature's weight
    (so a long text is posted under more terms than a short one). A document with fewer than
    MIN_POSTING_TERMS of those (a short text of common words: 建议食堂增加菜品) is posted under its
    rarest terms all the same, so that every indexed document can be found; a lookup reads a long
    list only in part (ranking.READ_BUDGET)."""
    posted = [(t, w) for t, w in zip(sig.terms, sig.weights, strict=True) if frequency.get(t, 0) < cap]
    chosen = [t for t, _ in posted[: heaviest_share([w for _, w in posted], mass)]]
    if len(chosen) < MIN_POSTING_TERMS:
        rarest = sorted((t for t in sig.terms if t not in chosen), key=lambda t: (frequency.get(t, 0), t))
        chosen += rarest[: MIN_POSTING_TERMS - len(chosen)]
    return chosen
