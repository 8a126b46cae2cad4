from pathlib import Path

from django.core.management.base import BaseCommand

from goodword.topics.services import import_vocabulary
from goodword.topics.vocabulary import DATA_FILE, load_data


class Command(BaseCommand):
    help = (
        "Add the search vocabulary from a JSON file (default: the one shipped with Goodword) "
        "and link topics to it. Nothing operators added is removed. Afterwards run "
        "rebuild_search_index so that profiles carry the new concepts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DATA_FILE)

    def handle(self, *args, file: Path, **options):
        count = import_vocabulary(load_data(file))
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Loaded {count} vocabulary concepts."))
