from django.contrib.auth.backends import ModelBackend

from zhichuang.core import crypto
from zhichuang.core.validators import validate_mobile

from .gate import may_log_in
from .models import User
from .scoping import Grant, remember_grants

# A grant's columns, read beside the user's own through a LEFT JOIN: None for a user without roles.
GRANT_COLUMNS = (
    "role_assignments__role",
    "role_assignments__organization_id",
    "role_assignments__organization__path",
    "role_assignments__can_view_pii",
)


def find_login_user(login: str) -> User | None:
    """The account for a username or a worker's mobile number."""
    login = (login or "").strip()
    user = User.objects.filter(username=login).first()
    if user is None:
        try:
            mobile = validate_mobile(login)
        except Exception:  # noqa: BLE001 - not a mobile number: no such account
            return None
        user = User.objects.filter(worker__mobile_hash=crypto.blind_index(mobile, "mobile")).first()
    return user


class UsernameOrMobileBackend(ModelBackend):
    def user_can_authenticate(self, user):
        return may_log_in(user)

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_login_user(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing hint
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The session's user and their role grants in one query (a LEFT JOIN), not one each.

        Every page and API call of a logged-in user needs both: the user for the session, the grants
        for scoping (accounts.scoping.grants, which then reads them from the user object).
        A disabled, expired or demo account comes back too: AccountGateMiddleware and the API's
        authentication (accounts.gate) end its session with the reason, instead of the session
        turning anonymous without a word.
        """
        fields = [field.attname for field in User._meta.concrete_fields]
        rows = list(User.objects.filter(pk=user_id).values_list(*fields, *GRANT_COLUMNS))
        if not rows:
            return None
        user = User.from_db(User.objects.db, fields, rows[0][: len(fields)])
        remember_grants(user, [Grant(*row[len(fields) :]) for row in rows if row[len(fields)] is not None])
        return user
