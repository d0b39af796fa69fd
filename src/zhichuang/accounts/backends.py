from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from zhichuang.core import crypto
from zhichuang.core.validators import validate_mobile

from .models import User


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
        return super().user_can_authenticate(user) and (settings.DEMO_MODE or not user.is_demo)

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
