from django.http import HttpRequest


def unread_notifications(request: HttpRequest) -> dict:
    """The unread count for the navigation bar; a lazy query so anonymous pages pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        return user.notifications.filter(read_at__isnull=True).count()

    return {"unread_notifications_count": count}
