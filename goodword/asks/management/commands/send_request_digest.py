from django.core.management.base import BaseCommand

from goodword.asks.tasks import queue_request_digests_task


class Command(BaseCommand):
    help = "Queue today's digest of open requests (run once a day, e.g. from cron)."

    def handle(self, *args, **options):
        result = queue_request_digests_task.enqueue()
        self.stdout.write(f"Queued the request digest ({result.id}).")
