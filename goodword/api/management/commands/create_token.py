"""`manage.py create_token EMAIL [--name NAME]`: an operator creates a token and prints it."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from goodword.api.services import create_token


class Command(BaseCommand):
    help = "Create a personal access token for the member with this e-mail and print it."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the member's e-mail address")
        parser.add_argument("--name", default="CLI", help="a label for the token (default: CLI)")

    def handle(self, *args, email: str, name: str, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            # CommandError makes `manage.py` exit with status 1 and a short message on stderr.
            raise CommandError(f"No member with the e-mail address {email!r}.")
        if not user.is_active:
            raise CommandError(f"The member {email!r} is deactivated.")
        name = name.strip()
        if not name:
            raise CommandError("The token name must not be empty.")
        _token, secret = create_token(user, name)
        # Only the token on stdout, so that scripts can capture it.
        self.stdout.write(secret)
