"""`manage.py demo_login`: the line `make run` prints so that people can log in right away."""

from django.core.management.base import BaseCommand

from goodword.demo.data import DEMO_EMAIL, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo account's e-mail address and password."

    def handle(self, *args, **options):
        self.stdout.write(f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}")
