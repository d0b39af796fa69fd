"""Fetch and authorise in one call (accounts.access.object_required)."""

from . import selectors
from .models import Payout


def access_payout(user, pk: int) -> Payout:
    """A payout the user sees in the ledger, or their own (NotFound otherwise)."""
    return selectors.payout_get(user=user, pk=pk)
