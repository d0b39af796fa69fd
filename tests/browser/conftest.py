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
def serial_live_server():
    original = LiveServerThread.server_class
    LiveServerThread.server_class = SerialWSGIServer
    yield
    LiveServerThread.server_class = original
