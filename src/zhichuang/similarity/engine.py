"""Chinese text to weighted term signatures, and signatures to a similarity score.

Pure functions, no database: the services store what these return and the
selectors score with them, and the quality benchmark runs the same code.

Text is normalised (NFKC, lower case, hand-made industrial synonyms mapped to one
word, the particles 的/了 dropped) and cut into single characters and character bigrams
over runs of Chinese characters, plus whole Latin/number words that hold a letter
("plc", "5s"). No word segmenter and no model: n-grams need no dictionary, and
paraphrases share most of them. Terms are 32-bit hashes, so the index stores
integers, not strings.

A document's *signature* is its 64 heaviest terms by TF-IDF (sublinear term
frequency), L2-normalised over those K, with weights quantised to 16 bits. Two
signatures score by cosine: 1.0 for the same text, 0 for nothing shared. The first
`POSTING_TERMS` entries of a signature that are not too common are the document's
postings in the inverted index (see models.Posting).
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

# Chosen with bench/similarity_quality.py (see docs/benchmarks.md).
SIGNATURE_TERMS = 64  # terms kept per document for scoring
POSTING_TERMS = 40  # of those, how many go into the inverted index
MIN_POSTING_TERMS = 3  # however common its words, a document is posted under at least this many
QUERY_TERMS = 96  # query terms looked up in the inverted index (all of a query's signature)
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


def signature(counts: Counter, document_frequency: dict[int, int], documents: int, size=SIGNATURE_TERMS) -> Signature:
    """The `size` heaviest TF-IDF terms, L2-normalised; ties broken by hash for stable output."""
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


def posting_terms(sig: Signature, frequency: dict[int, int], cap: int, size: int) -> list[int]:
    """The heaviest `size` terms seen in fewer than `cap` documents. A document with fewer than
    MIN_POSTING_TERMS of those (a short text of common words: 建议食堂增加菜品) is posted under its
    rarest terms all the same, so that every indexed document can be found; a lookup reads a long
    list only in part (ranking.READ_BUDGET)."""
    chosen = [t for t in sig.terms if frequency.get(t, 0) < cap][:size]
    if len(chosen) < MIN_POSTING_TERMS:
        rarest = sorted((t for t in sig.terms if t not in chosen), key=lambda t: (frequency.get(t, 0), t))
        chosen += rarest[: MIN_POSTING_TERMS - len(chosen)]
    return chosen
