import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread


class SerialWSGIServer(WSGIServer):
    """Serves one request at a time, in the live server's thread.

    With the in-memory SQLite test database the live server shares the test's own
    connection. Django's threaded server would run two requests on it at once (an htmx
    autosave beside a photo upload) and corrupt its transaction state for later tests.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def serial_live_server(django_db_setup):
    # Set up after the test database (and so torn down before it): otherwise a test that names
    # live_server before its database fixture starts the server first and stops it last, and
    # PostgreSQL refuses to drop the database while the server's thread is still connected.
    original = LiveServerThread.server_class
    LiveServerThread.server_class = SerialWSGIServer
    yield
    LiveServerThread.server_class = original
