"""`manage.py moderator member@example.org` gives a member the moderator role;
`--revoke` takes it away; `--list` shows who has it."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from goodword.moderation import services
from goodword.moderation.queries import get_moderators


class Command(BaseCommand):
    help = "Grant (or --revoke) the moderator role to a member by e-mail address; --list them."

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?")
        parser.add_argument("--revoke", action="store_true", help="take the role away")
        parser.add_argument("--list", action="store_true", help="list the moderators")

    def handle(self, *args, email=None, revoke=False, list=False, **options):
        if list:
            for user in get_moderators().order_by("email"):
                self.stdout.write(f"{user.email}\t{user}")
            return
        if not email:
            raise CommandError("Give the member's e-mail address (or --list).")
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No member with the address {email}.")
        if revoke:
            done = services.revoke_moderator(user)
            self.stdout.write(f"{email}: " + ("no longer a moderator" if done else "was none"))
            return
        try:
            services.grant_moderator(user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{email} is a moderator.")
