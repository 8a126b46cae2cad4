"""`manage.py seed_demo --members N --seed S [--if-empty]`: the demo network (see goodword.demo).

Refuses to run in production (DEBUG off) unless `--allow-production` is given: 300 invented
members in a real network cannot be told apart from real ones."""

import sys
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from goodword.demo.data import DEMO_EMAIL
from goodword.demo.seed import DemoExistsError, refresh_derived_data, seed_demo


class Command(BaseCommand):
    help = (
        "Create a deterministic demo network of German-speaking professionals who recommend "
        "each other and post requests, with conversations, introductions, referrals and "
        "private marks for the first member, the demo account (see `manage.py demo_login`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=300, help="number of members")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same network")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if the database already has members",
        )
        parser.add_argument("--no-progress", action="store_true", help="never show progress bars")
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="seed even though DEBUG is off (benchmarks, a demo instance)",
        )

    def handle(self, *args, members: int, seed: int, if_empty: bool, no_progress: bool, **opts):
        if settings.PRODUCTION and not opts["allow_production"]:
            raise CommandError(
                "This is a production configuration (DEBUG is off): the demo network would mix "
                "invented members with real ones. Add --allow-production if that is intended."
            )
        if members < 1:
            raise CommandError("--members must be at least 1.")
        if if_empty and get_user_model().objects.exists():
            if opts["verbosity"] > 1:
                self.stdout.write("The database already has members: not seeding.")
            return
        started = time.monotonic()
        try:
            result = seed_demo(members, seed, progress=False if no_progress else None)
        except DemoExistsError:
            raise CommandError(
                f"The demo network exists already ({DEMO_EMAIL}). Use --if-empty, or start "
                "from an empty database."
            ) from None
        seeded_s = time.monotonic() - started
        show = not no_progress and sys.stderr.isatty() and opts["verbosity"] > 0
        refreshed = refresh_derived_data(verbosity=1 if show else 0)
        if opts["verbosity"] > 0:
            self.stdout.write(
                f"Seeded {result.members} members, {result.accepted} accepted and "
                f"{result.pending} pending recommendations, {result.topics} topics, "
                f"{result.asks} requests with {result.answers} answers, "
                f"{result.conversations} conversations in {seeded_s:.1f} s; "
                f"refreshed {', '.join(refreshed) or 'nothing'} "
                f"in {time.monotonic() - started - seeded_s:.1f} s."
            )
