"""Money arithmetic: Decimal to the fen (0.01 yuan), never float."""

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
HUNDRED = Decimal("100")
ZERO = Decimal("0.00")


def fen(value) -> Decimal:
    """Round half up to the fen. Accepts Decimal, int or str (never float: its binary error would leak in)."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def yuan(value, places: int = 2) -> str:
    """Money for display, on pages and in messages alike: ¥ with thousands separators (to the fen unless told),
    whatever the locale's grouping (the Chinese locale's own has no separator); "—" for no value."""
    if value is None or value == "":
        return "—"
    return f"¥{Decimal(value):,.{int(places)}f}"


def split(total: Decimal, shares: Sequence[Decimal]) -> list[Decimal]:
    """Split total by percentage shares (summing to 100) into parts that add up to total exactly.

    Rule (largest remainder): each part is first cut down to the fen; the fens left over
    go one each to the parts with the largest cut-off remainder. Ties go to the earlier
    position, so callers list the lead first and then members by id.
    (Plain ROUND_HALF_UP per part can miss the total by a fen or more: 100.00 in three
    equal thirds gives 33.33 × 3 = 99.99; this rule gives 33.34 + 33.33 + 33.33.)
    """
    total = fen(total)
    if not shares:
        return []
    exact = [total * Decimal(share) / HUNDRED for share in shares]
    parts = [value.quantize(FEN, rounding=ROUND_DOWN) for value in exact]
    left = int((total - sum(parts, Decimal(0))) / FEN)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:left]:
        parts[i] += FEN
    return parts
