"""Where one request's time goes: the load run's scenarios in-process, split into phases.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/zhichuang_propbench REDIS_URL=redis://127.0.0.1:6379/3 \\
        python bench/request_budget.py [--requests 200] [--only api_list html_list …]

The load run (bench/load_run.py) says how many requests a second each page serves beside the two
bare references; this says why. Each scenario of the load run is requested --requests times through
Django's handler in this process (test Client, bench.settings_reference, the district admin's
session), one at a time, after 20 warm-up requests. Every moment of a request is charged to exactly
one phase, the innermost one running:

- login: the session and its user (django.contrib.auth.get_user), queries included;
- queries: the rest of the SQL, from the database driver's call to its answer;
- templates: rendering templates, the queries they run excepted;
- the rest: URL routing, middleware, forms, ORM object building, serialising JSON.

The figures are the phases' means in milliseconds; p50 is the whole request's median.
"""

import argparse
import os
import statistics
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_reference"

from django.contrib import auth  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.base import Template  # noqa: E402
from django.test import Client  # noqa: E402

from bench.load_run import SCENARIOS, prepare  # noqa: E402 (sets up Django)

PHASES = ("login", "queries", "templates", "rest")


class Clock:
    """Charges elapsed time to the innermost running phase."""

    def __init__(self):
        self.spent = dict.fromkeys(PHASES, 0.0)
        self.stack = ["rest"]
        self.mark = time.perf_counter()

    def switch(self):
        """Charge the time since the last switch to the running phase."""
        now = time.perf_counter()
        self.spent[self.stack[-1]] += now - self.mark
        self.mark = now

    @contextmanager
    def phase(self, name):
        self.switch()
        self.stack.append(name)
        try:
            yield
        finally:
            self.switch()
            self.stack.pop()

    def reset(self):
        self.spent = dict.fromkeys(PHASES, 0.0)
        self.stack = ["rest"]
        self.mark = time.perf_counter()


def instrument(clock: Clock) -> ExitStack:
    stack = ExitStack()
    get_user, render = auth.get_user, Template.render

    def timed_get_user(request):
        with clock.phase("login"):
            return get_user(request)

    def timed_render(self, context):
        if clock.stack[-1] == "templates":  # an included template: already charged
            return render(self, context)
        with clock.phase("templates"):
            return render(self, context)

    def timed_query(execute, sql, params, many, context):
        if clock.stack[-1] == "login":
            return execute(sql, params, many, context)
        with clock.phase("queries"):
            return execute(sql, params, many, context)

    stack.enter_context(mock.patch.object(auth, "get_user", timed_get_user))
    stack.enter_context(mock.patch.object(Template, "render", timed_render))
    stack.enter_context(connection.execute_wrapper(timed_query))
    return stack


def scenario_urls(prepared: dict) -> dict:
    ids = prepared["ids"]
    return {
        "ref_row": (False, lambda i: f"/bench/reference/row/{ids[i % len(ids)]}"),
        "ref_table": (False, lambda i: "/bench/reference/table"),
        "ref_row_login": (True, lambda i: f"/bench/reference/logged-in/row/{ids[i % len(ids)]}"),
        "ref_table_login": (True, lambda i: "/bench/reference/logged-in/table"),
        "api_list": (True, lambda i: "/api/v1/proposals"),
        "api_detail": (True, lambda i: f"/api/v1/proposals/{ids[i % len(ids)]}"),
        "html_list": (True, lambda i: "/proposals/"),
        "html_detail": (True, lambda i: f"/proposals/{ids[i % len(ids)]}/"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--only", nargs="*", help="Only these scenarios.")
    args = parser.parse_args()
    prepared = prepare()
    name, value = prepared["cookie"].split("=", 1)
    labels = dict(SCENARIOS)
    clock = Clock()
    print(f"| scenario | p50 ms | mean ms | {' | '.join(PHASES)} |\n|---|---:|---:|{'---:|' * len(PHASES)}")
    for mode, (logged_in, url) in scenario_urls(prepared).items():
        if args.only and mode not in args.only:
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        if logged_in:
            client.cookies[name] = value
        for i in range(20):
            status = client.get(url(i)).status_code
            if status != 200:
                raise SystemExit(f"{mode}: {url(i)} answered {status}")
        totals, spent = [], dict.fromkeys(PHASES, 0.0)
        with instrument(clock):
            for i in range(args.requests):
                clock.reset()
                start = time.perf_counter()
                client.get(url(i))
                clock.switch()
                totals.append((time.perf_counter() - start) * 1000)
                for phase in PHASES:
                    spent[phase] += clock.spent[phase] * 1000
        parts = " | ".join(f"{spent[phase] / args.requests:.2f}" for phase in PHASES)
        p50, mean = statistics.median(totals), statistics.mean(totals)
        print(f"| {labels[mode]} | {p50:.2f} | {mean:.2f} | {parts} |", flush=True)


if __name__ == "__main__":
    main()
