"""The `zhichuang` console command: Django's manage.py under the project's name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichuang.settings")
    from django.core.management import execute_from_command_line

    argv = [arg.replace("-", "_") if i == 1 else arg for i, arg in enumerate(sys.argv)]
    if argv[1:] == ["generate_keys"]:
        # A new server has no keys yet, and the settings refuse to load without them (DEBUG off): the keys
        # need no settings, so print them without loading any.
        from zhichuang.core.keys import fresh_key_lines

        print("\n".join(fresh_key_lines()))  # noqa: T201
        return
    if len(argv) > 1 and argv[1] == "demo":
        # The demo runs with its fixed accounts (settings read this before the command runs), and with DEBUG off
        # unless asked: its visitors see the product's error pages (settings.LOCAL keeps it a laptop setup).
        os.environ.setdefault("ZHICHUANG_DEMO", "1")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
