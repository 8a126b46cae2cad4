from django.core.management.base import BaseCommand

from goodword.meetings.tasks import send_meeting_reminders_task


class Command(BaseCommand):
    help = (
        "Queue the reminders of meetings starting within a day (run every hour, e.g. by a timer)."
    )

    def handle(self, *args, **options):
        result = send_meeting_reminders_task.enqueue()
        self.stdout.write(f"Queued the meeting reminders ({result.id}).")
