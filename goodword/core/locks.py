"""Row locks that make "check, then write" hold when the same member sends many requests at once."""

from django.contrib.auth import get_user_model
from django.db import transaction


def lock_member(user) -> None:
    """Lock `user`'s row until the current transaction ends, so that a member's rate-limited
    writes are counted and written one after the other (20 recommendations sent at the same
    moment must not all see "4 of 5 used"). Services call it inside `transaction.atomic`, before
    counting; outside a transaction (a page asking "may I still write?" for display) it does
    nothing, as there is nothing to hold the lock for.

    PostgreSQL takes the row lock (`SELECT … FOR UPDATE`); SQLite ignores it, but there the
    transaction already holds the database's single write lock from its start
    (`transaction_mode` IMMEDIATE in the settings)."""
    if not transaction.get_connection().in_atomic_block:
        return
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
