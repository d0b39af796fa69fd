# The steel enterprise's people around a rewarded proposal, as the proposals' tests have them.
from tests.proposals.conftest import shop  # noqa: F401
