"""Reading the home page in tests: a section's panels, their contexts merged, as one dict."""


def home_section(response, key: str | None = None) -> dict:
    """The section of key (a role), or the first; {"role": key, **every panel's context}."""
    sections = response.context["sections"]
    section = sections[0] if key is None else next(s for s in sections if s["key"] == key)
    merged = {"role": section["key"]}
    for panel in section["panels"]:
        merged.update(panel.context)
    return merged
