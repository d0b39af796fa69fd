"""One error hierarchy for the whole platform.

Services raise these; views turn them into messages and the API turns them into
its single JSON error shape (see api/errors.py). Messages are translated text
meant for the person who caused them.
"""

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    code = "error"
    status = 400
    default_message = _("The request could not be completed.")

    def __init__(self, message=None, *, details: dict | list | None = None):
        self.message = message or self.default_message
        self.details = details or {}
        super().__init__(str(self.message))


class NotFound(ApplicationError):
    """Also raised for records outside the user's scope, so existence is not revealed."""

    code = "not_found"
    status = 404
    default_message = _("Not found.")


class PermissionDenied(ApplicationError):
    code = "permission_denied"
    status = 403
    default_message = _("You do not have permission to do this.")


class ValidationFailed(ApplicationError):
    code = "invalid"
    status = 400
    default_message = _("Some of the values are not valid.")


class Conflict(ApplicationError):
    code = "conflict"
    status = 409
    default_message = _("This conflicts with data that already exists.")


# How a refusal speaks of another record's personal identifier without confirming it, for anyone who may
# not see that record's ID and mobile number in full (docs/conventions.md, "How a validation message may
# speak of other records"). The same words whichever identifier it is, inside or outside the scope.
DUPLICATE_MESSAGE = _("This duplicates an existing record, or cannot be accepted for another reason.")
WITHHELD_ROWS_MESSAGE = _(
    "Some rows duplicate existing records, or cannot be accepted for another reason; they are not named here "
    "because that would reveal personal data. An administrator with the personal data permission for these "
    "enterprises can import them."
)
