from django.core.management.base import BaseCommand
from tqdm import tqdm

from goodword.accounts.models import Profile
from goodword.search.services import build_documents, clear_search_index, store_documents


class Command(BaseCommand):
    help = "Rebuild the full-text search index of every member from scratch."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size: int, **options):
        ids = list(
            Profile.objects.filter(user__is_active=True)
            .exclude(display_name="")
            .order_by("user_id")
            .values_list("user_id", flat=True)
        )
        clear_search_index()
        indexed = 0
        with tqdm(total=len(ids), unit="members", disable=options["verbosity"] == 0) as progress:
            for start in range(0, len(ids), batch_size):
                batch = ids[start : start + batch_size]
                docs = build_documents(batch)
                store_documents(batch, docs)
                indexed += len(docs)
                progress.update(len(batch))
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Indexed {indexed} members."))
