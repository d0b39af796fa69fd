from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhichuang.core.forms import TextField, YesNoFilter, id_filter
from zhichuang.core.request_context import client_ip
from zhichuang.orgs.selectors import organization_list

from . import lockout
from .backends import find_login_user
from .enums import SkillLevel
from .roles import Role
from .selectors import account_list

# Longer than any password a person types; the hasher is not handed megabytes.
PASSWORD_MAX = 1024


def _until(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


class LoginForm(AuthenticationForm):
    """Username or mobile number + password, refused while the account or the address is locked.

    Any lock gets one answer, whether the name is an account's or not (accounts.lockout): the
    lockout must not tell which accounts exist. The password is not checked while a lock holds.
    """

    username = TextField(
        label=_("Username or mobile number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    password = TextField(
        label=_("Password"),
        max_length=PASSWORD_MAX,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username/mobile number or the password is not correct."),
        "locked": _(
            "Too many failed logins: logging in with this name or from this address is blocked until "
            "%(until)s. Try again then, or ask the security administrator to unlock the account."
        ),
        "demo_account": _("Demo accounts can only log in while the platform runs in demo mode."),
    }

    def clean(self):
        login = self.cleaned_data.get("username") or ""
        user = find_login_user(login)
        self._refuse_if_locked(login, user)
        if user is not None and user.is_demo and not settings.DEMO_MODE:
            raise ValidationError(self.error_messages["demo_account"], code="demo_account")
        try:
            return super().clean()
        except ValidationError:
            # The failure just recorded may be the one that locks: say so at once.
            self._refuse_if_locked(login, user)
            raise

    def _refuse_if_locked(self, login, user):
        ip = client_ip(self.request) if self.request else None
        until = lockout.login_locked_until(login, user, ip)
        if until:
            raise ValidationError(self.error_messages["locked"], code="locked", params={"until": _until(until)})


class PasswordChangeForm(forms.Form):
    old_password = TextField(
        label=_("Current password"),
        max_length=PASSWORD_MAX,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password = TextField(
        label=_("New password"),
        max_length=PASSWORD_MAX,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    new_password_again = TextField(
        label=_("New password again"),
        max_length=PASSWORD_MAX,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password") and cleaned.get("new_password") != cleaned.get("new_password_again"):
            self.add_error("new_password_again", _("The two new passwords differ."))
        return cleaned


def _org_filter(unknown):
    """An organisation or department id (hidden: it comes from a link): a number no id can be is unknown."""
    return id_filter(None, unknown, error_messages={"invalid": unknown}, widget=forms.HiddenInput)


class WorkerFilterForm(forms.Form):
    q = TextField(label=_("Name or trade"), required=False, max_length=50)
    org = _org_filter(_("No such organisation."))
    dept = _org_filter(_("No such department."))
    # The API's filter: exactly this employer (org is its whole subtree).
    employer_id = id_filter(None, _("No such enterprise."), widget=forms.HiddenInput)
    skill_level = forms.TypedChoiceField(
        label=_("Skill level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any")), *SkillLevel.choices],
    )
    union_member = YesNoFilter(label=_("Union member"), any_label=_("Any"), yes=("yes", _("Yes")), no=("no", _("No")))


class RoleGrantForm(forms.Form):
    """The security administrator's grant: an account, a role and an organisation in their scope."""

    username = TextField(label=_("Account (username)"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organization = TextField(
        label=_("Organisation (name or credit code)"),
        max_length=200,
        widget=forms.TextInput(attrs={"list": "zc-org-options"}),
    )
    can_view_pii = forms.BooleanField(
        label=_("May view personal data in full"),
        required=False,
        help_text=_("Only for enterprise, district and city admins. Every full view is written to the audit log."),
    )

    def __init__(self, *args, actor, **kwargs):
        self.actor = actor
        super().__init__(*args, **kwargs)

    def clean_username(self):
        account = account_list(user=self.actor).filter(username=self.cleaned_data["username"].strip()).first()
        if account is None:
            raise ValidationError(_("No account with this username in your scope."))
        return account

    def clean_organization(self):
        value = self.cleaned_data["organization"].strip()
        matches = list(
            organization_list(user=self.actor).filter(Q(name=value) | Q(credit_code=value.upper()))[:2],
        )
        if not matches:
            raise ValidationError(_("No organisation with this name or credit code in your scope."))
        if len(matches) > 1:
            raise ValidationError(_("Several organisations have this name: enter the credit code instead."))
        return matches[0]
