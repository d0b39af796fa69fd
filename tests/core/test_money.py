import itertools
import random
from decimal import Decimal

import pytest

from zhichuang.core.money import fen, split


def test_fen_rounds_half_up():
    assert fen(Decimal("0.005")) == Decimal("0.01")
    assert fen(Decimal("2.675")) == Decimal("2.68")
    assert fen("10") == Decimal("10.00")


def test_fen_refuses_float():
    with pytest.raises(TypeError):
        fen(0.1)


def test_split_equal_thirds_gives_the_fen_to_the_first():
    assert split(Decimal("100.00"), [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]


def test_split_tie_goes_to_the_earlier_position():
    # 0.01 split 50/50: one fen cannot be halved; the lead (listed first) gets it.
    assert split(Decimal("0.01"), [Decimal("50"), Decimal("50")]) == [Decimal("0.01"), Decimal("0.00")]


def test_split_largest_remainder_wins():
    # 10.00 × 12.5% = 1.25, × 87.5% = 8.75: exact; 1.00 × 33.33/66.67 → 0.3333 and 0.6667: the second has .67.
    assert split(Decimal("1.00"), [Decimal("33.33"), Decimal("66.67")]) == [Decimal("0.33"), Decimal("0.67")]


def _random_shares(rng: random.Random, count: int) -> list[Decimal]:
    cuts = sorted(rng.sample(range(1, 10_000), count - 1))
    bounds = [0, *cuts, 10_000]
    return [Decimal(high - low) / 100 for low, high in itertools.pairwise(bounds)]


def test_split_always_adds_up_exactly():
    rng = random.Random(20260301)
    for _ in range(5000):
        count = rng.randint(1, 8)
        shares = _random_shares(rng, count) if count > 1 else [Decimal("100.00")]
        assert sum(shares) == Decimal("100")
        total = Decimal(rng.randint(0, 10_000_000)) / 100
        parts = split(total, shares)
        assert sum(parts) == total
        assert all(part >= 0 and part == part.quantize(Decimal("0.01")) for part in parts)
        # No part is more than a fen away from its exact value.
        assert all(abs(part - total * share / 100) < Decimal("0.01") for part, share in zip(parts, shares, strict=True))
