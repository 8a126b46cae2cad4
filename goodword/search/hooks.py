"""What search contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from goodword.core import hooks

from . import tasks
from .cache import index_changed


@hooks.register(hooks.PROFILE_CHANGED)
def profile_changed(user_id: int) -> None:
    """Profession, city and topics are searchable. The name also shows in others' snippets:
    what search keeps goes now, not when the refresh has run."""
    index_changed()
    tasks.request_search_refresh(user_id)


@hooks.register(hooks.RECOMMENDATION_CHANGED)
def recommendation_changed(recommendation, old_status: str) -> None:
    """What the subject can be found by changed (accepted, hidden, withdrawn, edited, …). A
    hidden or withdrawn text must leave the kept snippets at once, not when the refresh has
    run."""
    index_changed()
    tasks.request_search_refresh(recommendation.subject_id)
