"""Fetch and authorise in one call: each returns the record if the user may have it for the purpose its name
says, and raises NotFound otherwise (also for one that does not exist)."""

from zhichuang.core.errors import NotFound
from zhichuang.experts import selectors as expert_selectors

from . import selectors, services
from .models import MethodApplication, NamedMethod


def access_method(user, pk) -> NamedMethod:
    """The method if the user may see it: in their scope, or theirs as an inventor."""
    return selectors.method_get(user=user, pk=pk)


def access_managed_method(user, pk) -> NamedMethod:
    """The method if the user manages its enterprise's methods (edits it, records effects and adoptions)."""
    method = access_method(user, pk)
    if not services.may_manage(user, method):
        raise NotFound()
    return method


def access_application(user, pk) -> MethodApplication:
    return selectors.application_get(user=user, pk=pk)


def access_review_organiser(user, pk) -> MethodApplication:
    """The application if the user's organisation decides it: who invites experts of the pool to score it."""
    application = access_application(user, pk)
    if not services.may_organise_review(user, application):
        raise NotFound()
    return application


def access_assigned_application(user, pk) -> MethodApplication:
    """The application if the user is an expert asked to score it: the one method they open, however far it
    lies from their own scope (experts.selectors.assignment_for decides)."""
    expert_selectors.assignment_for(user=user, kind=services.REVIEW_KIND, item_id=pk)
    return selectors.review_get(pk)
