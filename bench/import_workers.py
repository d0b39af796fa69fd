"""Benchmark: import N worker rows from one .xlsx, end to end, through the same service the page uses.

    .venv/bin/python bench/import_workers.py                 # 100,000 rows, fresh SQLite file in var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1/zhichuang_bench .venv/bin/python bench/import_workers.py
    .venv/bin/python bench/import_workers.py --rows 20000    # any size

With DATABASE_URL pointing at PostgreSQL, that database is dropped and created again
(it must be a scratch database: the name must contain "bench"). The figures printed are
the stages recorded by the service (read = file checks + parsing, validate, write = the
one transaction) and the total wall time from upload to finished job.
"""

import argparse
import datetime
import os
import platform
import random
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国"
TRADES = ("电工", "焊工", "钳工", "车工", "数控车工", "仪表维修工", "化学检验员", "起重工")
LEVELS = ("五级/初级工", "四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师", "3", "")
EDUCATION = ("初中及以下", "高中/中专", "大专", "本科", "硕士", "")
TITLES = ("", "初级", "中级", "副高级")


def prepare_environment() -> str:
    """Point Django at a fresh scratch database before it is imported."""
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("PII_ENCRYPTION_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichuang.settings")
    os.environ["ZHICHUANG_VAR_DIR"] = str(BENCH_DIR)
    os.environ.setdefault("MEDIA_ROOT", str(BENCH_DIR / "media"))
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        database = BENCH_DIR / "import.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
        return "SQLite"
    recreate_postgres(url)
    return "PostgreSQL"


def recreate_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: the benchmark database's name must contain 'bench'")
    maintenance = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def build_tree():
    from zhichuang.accounts.models import RoleAssignment, User
    from zhichuang.accounts.roles import Role
    from zhichuang.core.validators import generate_credit_code
    from zhichuang.orgs import services
    from zhichuang.orgs.enums import OrgKind

    rng = random.Random(4754)
    city = services.organization_create(actor=None, kind=OrgKind.CITY, parent=None, name="基准市总工会")
    enterprises = []
    for d in range(2):
        district = services.organization_create(
            actor=None, kind=OrgKind.DISTRICT, parent=city, name=f"基准第{d + 1}区总工会"
        )
        for e in range(10):
            enterprise = services.organization_create(
                actor=None,
                kind=OrgKind.ENTERPRISE,
                parent=district,
                name=f"基准企业{d + 1}-{e + 1}有限公司",
                credit_code=generate_credit_code(rng),
                industry="34",
            )
            departments = [
                services.organization_create(
                    actor=None, kind=OrgKind.DEPARTMENT, parent=enterprise, name=f"第{k + 1}车间"
                ).name
                for k in range(3)
            ]
            enterprises.append((enterprise.credit_code, departments))
    admin = User.objects.create(username="bench-admin", display_name="基准管理员")
    RoleAssignment.objects.create(user=admin, role=Role.CITY_ADMIN, organization=city)
    return admin, enterprises


def write_workbook(path: Path, rows: int, enterprises) -> None:
    import xlsxwriter

    from zhichuang.core.validators import generate_id_number
    from zhichuang.imports.columns import WORKER_COLUMNS

    rng = random.Random(11643)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("职工")
    for col, column in enumerate(WORKER_COLUMNS):
        sheet.write_string(0, col, column.header)
    seen_ids: set[str] = set()
    start = datetime.date(1965, 1, 1)
    for row in range(1, rows + 1):
        while True:
            birth = start + datetime.timedelta(days=rng.randrange(14_000))
            id_number = generate_id_number(rng, birth, rng.choice("MF"))
            if id_number not in seen_ids:
                seen_ids.add(id_number)
                break
        code, departments = enterprises[row % len(enterprises)]
        values = (
            rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            id_number,
            f"13{row:09d}",
            code,
            rng.choice((*departments, "")),
            rng.choice(TRADES),
            rng.choice(LEVELS),
            rng.choice(TITLES),
            rng.choice(EDUCATION),
            rng.choice(("是", "是", "否")),
            f"20{rng.randrange(5, 25):02d}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
        )
        for col, value in enumerate(values):
            sheet.write_string(row, col, value)
    workbook.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    database = prepare_environment()
    sys.path.insert(0, str(ROOT / "src"))

    import django

    django.setup()
    from django.conf import settings
    from django.core.files import File
    from django.core.management import call_command

    from zhichuang.accounts.models import EmploymentRecord, Worker
    from zhichuang.imports.enums import ImportStatus
    from zhichuang.imports.services import import_job_create, import_job_run

    settings.IMPORT_MAX_BYTES = max(settings.IMPORT_MAX_BYTES, 200 * 1024 * 1024)
    call_command("migrate", verbosity=0)
    admin, enterprises = build_tree()
    path = BENCH_DIR / f"workers-{args.rows}.xlsx"
    started = time.perf_counter()
    write_workbook(path, args.rows, enterprises)
    generated_in = time.perf_counter() - started

    started = time.perf_counter()
    with path.open("rb") as handle:
        job, _password = import_job_create(
            actor=admin, kind="workers", upload=File(handle, name=path.name), enqueue=False
        )
    job = import_job_run(job=job)
    total = time.perf_counter() - started

    if job.status != ImportStatus.SUCCEEDED:
        sys.exit(f"import failed: {job.result}")
    assert Worker.objects.count() == args.rows  # noqa: S101
    assert EmploymentRecord.objects.count() == args.rows  # noqa: S101
    timings = job.result["timings"]
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    print(f"database      {database} ({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})")
    print(f"machine       {os.cpu_count()} CPUs, {memory_gb:.1f} GB RAM, Python {platform.python_version()}")
    print(
        f"rows          {args.rows:,} ({path.stat().st_size / 1024**2:.1f} MB .xlsx, generated in {generated_in:.1f} s)"
    )
    print(f"read          {timings['read']:7.2f} s  (size/zip checks, calamine parse)")
    print(f"validate      {timings['validate']:7.2f} s  (cells, check digits, lookups, duplicates, scope)")
    print(f"write         {timings['write']:7.2f} s  (one transaction: accounts, roles, workers, history)")
    print(f"total         {total:7.2f} s  (upload stored → job succeeded)")
    print(f"rate          {args.rows / total:,.0f} rows/s")
    print("result        " + ("PASS" if total < 60 else "FAIL") + " (limit 60 s)")


if __name__ == "__main__":
    main()
