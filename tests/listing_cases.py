"""How the generic list test (tests/core/test_listings.py) makes rows of a registered list.

Each module's tests hold `tests/<module label>/listing_cases.py` with CASES = {listing key: case}; a case
is case(city_tree, positions, n) → (made, visible): it adds n rows for every place of the city (each with
its own key: a title, a name), and says which of them each position must see ({position label: keys}).
Whatever a position is not told it sees, it must not see.
"""

import itertools

_seq = itertools.count(1)


def serial() -> int:
    return next(_seq)


# The fixture's enterprises, with the worker who works there.
PLACES = (("steel", "steel_worker"), ("mill", "mill_worker"), ("port", "port_worker"))
