"""The `ropdesk` console script: Django's manage.py under the product's name.

Commands may be typed with hyphens (`ropdesk seed-demo`) or underscores (`seed_demo`).
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ropdesk.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    from ropdesk.core.env import InvalidEnvironment

    try:
        settings.INSTALLED_APPS  # noqa: B018 -- reading it loads and checks the settings
    except InvalidEnvironment as invalid:
        # A mistyped variable stops every command (check, runserver, worker) with its name.
        sys.stderr.write(f"{invalid}\n")
        sys.exit(2)

    argv = list(sys.argv)
    # The command name, and the one after `help`, may be typed with hyphens.
    for position in (1, 2) if argv[1:2] == ["help"] else (1,):
        if len(argv) > position and not argv[position].startswith("-"):
            argv[position] = argv[position].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
