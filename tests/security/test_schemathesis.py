"""Schemathesis against the API's own OpenAPI document, in process, as a worker and as a district admin.

Every operation of /api/v1/openapi.json gets generated requests (valid by the document) sent to the WSGI
application with a bearer token, on the test database with factory data. Allowed: nothing but answers the
document promises. A server error, an undocumented status, or a body or header that does not match the schema
fails the test. Bounded: MAX_EXAMPLES per operation, no shrinking, no deadline (the first request of an
operation pays for Django's lazy setup).

"A schema-valid request was rejected" (positive_data_acceptance: a 400 or 422 to a request the document
allows) is checked for every read (GET): each filter states all its limits in the document (states, kinds and
industries as enums, money as the string pattern of its digits, ids, counts, dates and texts bounded), so a
generated read is either answered or refused by the document itself. It stays off for writes (POST) only:
they are refused with the documented 400 for business rules JSON Schema cannot express, which depend on the
request as a whole or on the data already stored:

- POST /proposals: submitting (``submit``, the default) needs a ``client_token``, which a draft save may leave
  out; a submission needs its title, kind, problem and change filled in, where a draft may leave them empty
  (so ``kind`` is a text that may be "" or one of the kinds); co-proposers work for the caller's own
  enterprise, are listed once, include the lead, and their shares add up to exactly 100 at submission; a
  campaign must be one the caller's enterprise may enter, and open; only a worker hands in a proposal.
- POST /proposals/{id}/transitions: the step from the proposal's current state to ``to_state`` must exist
  and be the caller's to take; a return or a rejection needs a reason, a merge the live proposal it
  duplicates, adoption a scorecard, completion its evidence, verification a verified benefit claim, a reward
  a computed reward; ``expected_version`` must be the current one (409 otherwise).
- POST /workers/{id}/reveal-pii: only with the personal-data permission (403).

Runs in `./run test` like every test, on SQLite and on PostgreSQL.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.accounts.services import api_token_create

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MAX_EXAMPLES = 30


# Reads are held to "a schema-valid request is accepted"; writes are not (the docstring says why).
WRITE_ONLY_EXCLUDED_CHECKS = [schemathesis.checks.positive_data_acceptance]


def excluded_checks(method: str) -> list:
    return [] if method.upper() == "GET" else WRITE_ONLY_EXCLUDED_CHECKS


@pytest.fixture
def wsgi_app():
    """The WSGI application, keeping the test's connection (and transaction) between requests, like the test client."""
    from zhichuang.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)


@pytest.fixture(params=["worker", "district_admin"])
def token(request, city_tree):
    worker = city_tree["steel_worker"]
    colleague = factories.make_worker(city_tree["steel"], name="赵敏")
    factories.make_proposal(worker, state="submitted", members=[(worker, 60), (colleague, 40)])
    factories.make_proposal(worker)
    user = worker.user if request.param == "worker" else factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    _token, key = api_token_create(user=user, name=f"schemathesis {request.param}")
    return key


def test_api_answers_only_what_its_document_promises(api_schema, wsgi_app, token):
    headers = {"Authorization": f"Bearer {token}"}
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(headers=headers, app=wsgi_app, excluded_checks=excluded_checks(case.method))

        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - one report for every operation
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert failures == [], "\n\n".join(failures)


def test_every_operation_documents_its_error_answers(client):
    document = client.get("/api/v1/openapi.json").json()
    assert "ErrorOut" in document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"401", "403"} <= responses.keys(), (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert {"404", "422"} <= responses.keys(), (method, path)
            if method == "post":
                assert {"400", "409"} <= responses.keys(), (method, path)
            schema = responses["401"]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path)


def test_unmatched_api_url_answers_the_json_error(client, city_tree):
    client.force_login(city_tree["steel_worker"].user)
    response = client.post("/api/v1/workers/-1/reveal-pii")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"
