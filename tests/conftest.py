import secrets
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection

from tests import factories
from zhichuang.accounts.roles import Role


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: keys hold primary keys that a later test's rows reuse."""
    cache.clear()


@pytest.fixture
def scratch_database(tmp_path):
    """make() gives the URL of a new empty database of this run's engine, for an installation run
    in a subprocess (a release, a restore); each is dropped afterwards."""
    made = []
    params = connection.get_connection_params() if connection.vendor == "postgresql" else {}
    admin = {key: params[key] for key in ("host", "port", "user", "password") if params.get(key)}

    def make() -> str:
        name = f"zhichuang_scratch_{secrets.token_hex(4)}"
        if connection.vendor != "postgresql":
            return f"sqlite:///{tmp_path / name}.sqlite3"
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        auth = admin["user"] + (f":{admin['password']}" if admin.get("password") else "")
        return f"postgresql://{auth}@{admin.get('host', '127.0.0.1')}:{admin.get('port', 5432)}/{name}"

    yield make
    if made:
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            for name in made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def city_tree(db):
    """A small city: two districts, three enterprises (one with a department), one worker each."""
    city = factories.make_city()
    north = factories.make_district(city, "北区总工会")
    south = factories.make_district(city, "南区总工会")
    steel = factories.make_enterprise(north, "北钢集团")
    steel_shop = factories.make_department(steel, "炼钢车间")
    mill = factories.make_enterprise(north, "北纺厂")
    port = factories.make_enterprise(south, "南港公司")
    return {
        "city": city,
        "north": north,
        "south": south,
        "steel": steel,
        "steel_shop": steel_shop,
        "mill": mill,
        "port": port,
        "steel_worker": factories.make_worker(steel, name="张伟", department=steel_shop),
        "mill_worker": factories.make_worker(mill, name="李娜"),
        "port_worker": factories.make_worker(port, name="王强"),
    }


@pytest.fixture
def busy_steel(city_tree):
    """The steel enterprise as the demo has it: more proposals than a list page holds, among them a
    submitted one of two proposers and a rewarded one with every record its page lists. Who looks:
    the north district's admin and the steel worker who wrote them."""
    lead = city_tree["steel_worker"]
    colleague = factories.make_worker(city_tree["steel"], name="赵敏")
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    finance = factories.make_admin(Role.FINANCE, city_tree["steel"])
    for _ in range(50):
        factories.make_proposal(lead, state="submitted")
    return SimpleNamespace(
        district_admin=factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]),
        worker=lead.user,
        submitted=factories.make_proposal(lead, state="submitted", members=[(lead, "50"), (colleague, "50")]),
        rewarded=factories.make_rewarded_proposal(lead, co_proposer=colleague, admin=admin, finance=finance),
    )
