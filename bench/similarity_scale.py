"""Similar-proposal lookup and Chinese full-text search at city scale, on PostgreSQL.

    psql -h 127.0.0.1 -U postgres -c 'create database zhichuang_simbench'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhichuang_simbench \\
        python bench/similarity_scale.py [--documents 1000000] [--lookups 300]

1. Builds the index from N synthetic proposals (bench/similarity_corpus.py) straight
   into the index tables through services.index_rebuild, the build command's code
   path (the texts come from the generator instead of the proposals table), and
   reports the build rate.
2. Times rank_similar (the index half of similar_proposals: 4 queries and the
   re-scoring) for texts not in the index (a worker typing a new proposal) and for
   indexed ones (the evaluator's page): p50/p95/p99.
3. Times index_document for new documents (what the task does after a submission).
4. Copies the same N texts into a table shaped like proposals_proposal's text
   columns, builds the bigram GIN index of proposals' migration 0010 on it, and times the
   search predicate of proposals.search.proposal_search (bigram containment + LIKE,
   newest 20) for one- and two-word queries.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichuang.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.management.base import OutputWrapper  # noqa: E402
from django.db import connection  # noqa: E402

from bench.similarity_corpus import proposal_text  # noqa: E402
from zhichuang.core.progress import ProgressBar  # noqa: E402
from zhichuang.similarity.ranking import rank_similar  # noqa: E402
from zhichuang.similarity.selectors import bigrams  # noqa: E402
from zhichuang.similarity.services import index_document, index_rebuild  # noqa: E402

KIND = "proposal"

SEARCH_WORDS = ("变频器", "轴承", "漏油", "二维码", "除尘", "空压机", "减速机", "密封", "振动 轴承", "电机 温度", "PLC")


def percentiles(timings: list[float]) -> str:
    timings = sorted(timings)
    at = lambda q: timings[min(len(timings) - 1, int(len(timings) * q))] * 1000  # noqa: E731
    return f"p50 {at(0.5):.1f} ms · p95 {at(0.95):.1f} ms · p99 {at(0.99):.1f} ms · max {timings[-1] * 1000:.1f} ms"


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def build(documents: int) -> None:
    bar = ProgressBar(OutputWrapper(sys.stdout), "Indexing")
    started = time.perf_counter()
    index_rebuild(
        kind=KIND,
        documents=lambda: ((i + 1, [proposal_text(i)[1]]) for i in range(documents)),
        total=documents,
        progress=bar,
    )
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE similarity_posting, similarity_document, similarity_term")
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('similarity_posting')), "
            "pg_size_pretty(pg_total_relation_size('similarity_document')), "
            "pg_size_pretty(pg_total_relation_size('similarity_term')), (SELECT count(*) FROM similarity_posting)"
        )
        postings, docs, terms, rows = cursor.fetchone()
    print(f"build: {documents:,} documents in {seconds:,.0f} s = {documents / seconds:,.0f} documents/s")
    print(f"sizes: postings {postings} ({rows:,} rows), documents {docs}, terms {terms}; load {load()}")


def lookups(documents: int, count: int) -> None:
    rng = random.Random(11)
    for label, texts in (
        ("new text (typing)", [proposal_text(i, seed=99)[1] for i in range(count)]),
        ("indexed proposal (evaluator)", [(i, proposal_text(i)[1]) for i in rng.sample(range(documents), count)]),
    ):
        for item in texts[:10]:  # warm up
            rank_similar(item if isinstance(item, str) else item[1], kind=KIND)
        timings, empty = [], 0
        for item in texts:
            text, exclude = (item, None) if isinstance(item, str) else (item[1], item[0] + 1)
            started = time.perf_counter()
            hits = rank_similar(text, kind=KIND, exclude_id=exclude)
            timings.append(time.perf_counter() - started)
            empty += not hits
        print(f"lookup, {label}: {percentiles(timings)} ({count} lookups, {empty} without hits; load {load()})")


def updates(documents: int, count: int) -> None:
    timings = []
    for i in range(count):
        started = time.perf_counter()
        index_document(kind=KIND, object_id=documents + 1 + i, fields=[proposal_text(documents + i, seed=5)[1]])
        timings.append(time.perf_counter() - started)
    print(f"index one new proposal (the task): {percentiles(timings)} ({count} documents)")


def search(documents: int, count: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_search")
        cursor.execute('CREATE TABLE bench_search (id bigint PRIMARY KEY, title text, problem text, "change" text)')
        started = time.perf_counter()
        with cursor.cursor.copy('COPY bench_search (id, title, problem, "change") FROM STDIN') as copy:
            for i in range(documents):
                title, _, body = proposal_text(i)[1].partition("\n")
                problem, _, change = body.partition("建议")
                copy.write_row((i + 1, title, problem, change))
        cursor.execute(
            "CREATE INDEX bench_search_bigrams ON bench_search "
            "USING gin (zhichuang_bigrams(lower(title || ' ' || problem || ' ' || \"change\")))"
        )
        cursor.execute("VACUUM ANALYZE bench_search")
        print(f"search index: {documents:,} rows copied and indexed in {time.perf_counter() - started:,.0f} s")
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('bench_search_bigrams'))")
        print(f"search index size: {cursor.fetchone()[0]}")
        for query in SEARCH_WORDS:
            terms = query.split()
            grams = sorted({g for t in terms for g in bigrams(t)})
            likes = " AND ".join('(title ILIKE %s OR problem ILIKE %s OR "change" ILIKE %s)' for _ in terms)
            sql = (
                "SELECT id FROM bench_search WHERE zhichuang_bigrams(lower(title || ' ' || problem || ' ' || "  # noqa: S608
                f'"change")) @> %s::text[] AND {likes} ORDER BY id DESC LIMIT 20'
            )
            params = [grams] + [f"%{t}%" for t in terms for _ in range(3)]
            timings = []
            for _ in range(count):
                started = time.perf_counter()
                cursor.execute(sql, params)
                rows = cursor.fetchall()
                timings.append(time.perf_counter() - started)
            cursor.execute(f"SELECT count(*) FROM ({sql.replace(' LIMIT 20', '')}) AS matched", params)  # noqa: S608
            print(f"search {query!r}: {percentiles(timings)}; {cursor.fetchone()[0]:,} matches, {len(rows)} shown")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=300)
    parser.add_argument("--skip-build", action="store_true", help="Reuse the index already in the database.")
    parser.add_argument("--skip-search", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench'.")
    print(f"load average before: {load()}")
    call_command("migrate", verbosity=0)
    if not args.skip_build:
        build(args.documents)
    lookups(args.documents, args.lookups)
    updates(args.documents, 50)
    if not args.skip_search:
        search(args.documents, 20)


if __name__ == "__main__":
    main()
