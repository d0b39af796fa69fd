"""Talent profiles in the shared search piece (zhichuang.similarity): a text search looks in the name,
fields of expertise, biography and named methods (the document kind "talent", declared in module.py).
Profiles are not compared for similarity, so the similar-document index holds none of them."""


def indexable_profiles():
    return iter(())
