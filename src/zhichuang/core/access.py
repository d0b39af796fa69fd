"""The two declarations of what a view needs that know nothing of roles; the others (a permission, an
object, a rule about the user) are in accounts.access. Every page carries one (see there)."""

from django.contrib.auth.decorators import login_required


def declare(view, rule: str):
    """Mark view with the rule it was given, for the test that every page names one."""
    view.access_rule = rule
    return view


def own_records(view):
    """Log in first; the view shows only the user's own records (its selectors are given the user)."""
    return declare(login_required(view), "own records")


def public(view):
    """No login: the page is for everyone (it shows only what may be public)."""
    return declare(view, "public")
