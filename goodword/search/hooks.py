"""What search contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from goodword.core import hooks

from . import tasks


@hooks.register(hooks.PROFILE_CHANGED)
def profile_changed(user_id: int) -> None:
    """Profession, city and topics are searchable."""
    tasks.request_search_refresh(user_id)


@hooks.register(hooks.RECOMMENDATION_CHANGED)
def recommendation_changed(recommendation, old_status: str) -> None:
    """What the subject can be found by changed (accepted, hidden, withdrawn, edited, …)."""
    tasks.request_search_refresh(recommendation.subject_id)
