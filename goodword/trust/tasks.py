"""Background work of the trust app. Tasks take ids only and are idempotent."""

from django_tasks import task

from .services import record_edge_change, record_edge_changes


@task()
def refresh_trust_edge_task(source_user_id: int, target_user_id: int) -> None:
    """Record that the trust edge source→target may have changed.

    Every process replays the change log before answering and recomputes the pair from the
    database as it is then, so running this twice, late or out of order is harmless.
    """
    if source_user_id == target_user_id:
        return
    record_edge_change(source_user_id, target_user_id)


@task()
def refresh_trust_edges_task(pairs: list[list[int]]) -> None:
    """Like `refresh_trust_edge_task` for many pairs at once (a member leaving)."""
    record_edge_changes((int(a), int(b)) for a, b in pairs if int(a) != int(b))
