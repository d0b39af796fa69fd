import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhichuang.accounts.bootstrap import ADMIN_DUTIES, bootstrap_refusal, installation_bootstrap
from zhichuang.core.errors import ApplicationError

DEFAULT_USERNAMES = {role: role.value for role in ADMIN_DUTIES}


class Command(BaseCommand):
    help = (
        "Create the city union and its system, security and audit administrators on a new installation "
        "(once). Each administrator gets a one-time password, printed here, to be changed at the first login."
    )

    def add_arguments(self, parser):
        parser.add_argument("--city", help="The city union's name, e.g. 某某市总工会.")
        for role in ADMIN_DUTIES:
            parser.add_argument(
                f"--{role.value}",
                metavar="USERNAME",
                help=f"Username of the {role.label} (default {role.value}).",
            )
        parser.add_argument("--no-input", action="store_true", help="Ask nothing: take the flags and defaults.")

    def handle(self, *args, city=None, no_input=False, **options):
        reason = bootstrap_refusal()
        if reason:
            raise CommandError(reason)
        interactive = not no_input and sys.stdin.isatty()
        if not city and interactive:
            city = input(_("Name of the city union (e.g. 某某市总工会): ")).strip()
        if not city:
            raise CommandError(_("The city union's name is required (--city)."))
        usernames = {}
        for role in ADMIN_DUTIES:
            username = options[role.value] or ""
            if not username and interactive:
                prompt = _("Username of the %(role)s [%(default)s]: ") % {"role": role.label, "default": role.value}
                username = input(prompt)
            usernames[role] = username.strip() or DEFAULT_USERNAMES[role]
        try:
            accounts = installation_bootstrap(city_name=city, usernames=usernames)
        except ApplicationError as exc:
            raise CommandError(describe(exc)) from None
        self.stdout.write(_("Created %(city)s and its administrators:") % {"city": city})
        for account in accounts:
            self.stdout.write(f"  {account.role.label}\t{account.username}\t{account.initial_password}")
        self.stdout.write(
            _(
                "These one-time passwords are shown only now. Hand each to its administrator; "
                "they must choose their own at the first login."
            )
        )


def describe(exc: ApplicationError) -> str:
    """The error and each field's messages, on one line."""
    details = exc.details.values() if isinstance(exc.details, dict) else [exc.details]
    return " ".join([str(exc.message), *(str(message) for messages in details for message in messages)])
