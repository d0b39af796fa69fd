from tests.proposals.conftest import shop  # noqa: F401 - the steel enterprise's people, and outsiders
