from django.http import HttpRequest

from .queries import count_unread


def unread_notifications(request: HttpRequest) -> dict:
    """The unread count for the navigation bar; a lazy query so anonymous pages pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        return count_unread(user)

    return {"unread_notifications_count": count}
