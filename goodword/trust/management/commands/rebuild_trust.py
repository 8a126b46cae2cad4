"""`python manage.py rebuild_trust`: rebuild the trust graph from the database."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from goodword.accounts.models import User
from goodword.recommendations.models import Recommendation, Status
from goodword.trust.adapter import get_network
from goodword.trust.models import TrustMark
from goodword.trust.services import record_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the trust graph from all accepted recommendations and private marks, and tell "
        "every running process (through the change log) to rebuild too."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-signal",
            action="store_true",
            help="Only build and check here; do not ask running processes to rebuild.",
        )

    def handle(self, *args, no_signal=False, **options):
        total = (
            Recommendation.objects.filter(status=Status.ACCEPTED).count()
            + TrustMark.objects.count()
        )
        bar = tqdm(total=total, unit="edge", desc="Reading", disable=options["verbosity"] == 0)
        done = {"recommendations": 0, "marks": 0}

        def progress(stage: str, count: int) -> None:
            if stage in done:
                step = count - done[stage]
                done[stage] = count
                bar.update(step)

        if not no_signal:
            # The marker first: the build below then starts after it and needs no replay.
            record_rebuild()
        stats = get_network().rebuild(progress=progress)
        bar.update(max(0, total - bar.n))
        bar.close()
        members = User.objects.filter(is_active=True).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Trust graph rebuilt: {stats['members']} of {members} members connected, "
                f"{stats['edges']} edges, {stats['topic_edges']} topic edges."
            )
        )
