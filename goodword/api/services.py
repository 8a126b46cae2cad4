"""Writes for personal access tokens and the API throttle's counts. Views, the throttle and the
management command call only these."""

import contextlib

from django.db import connection, transaction
from django.db.models import Q

from .auth import hash_token, new_token_secret
from .models import ApiToken, ThrottleWindow
from .queries import access_token

PREFIX_LENGTH = 12


@transaction.atomic
def create_token(user, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user` and return it with its secret.

    Only the SHA-256 hash is stored, so the returned secret is the one and only chance to show
    it. The first characters are kept as `prefix` so that members can tell tokens apart.
    """
    name = (name or "").strip()
    if not name:
        raise ValueError("A token needs a name.")
    raw = new_token_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name[: ApiToken._meta.get_field("name").max_length],
        token_hash=hash_token(raw),
        prefix=raw[:PREFIX_LENGTH],
    )
    return token, raw


@transaction.atomic
def revoke_token(user, token_id: int) -> ApiToken:
    """Delete one of `user`'s tokens; another member's token is 404 like a missing one."""
    token = access_token(user, token_id)
    token.delete()
    return token


def _count_statement(key: str, window: int, overlap: float, limit: int) -> tuple[str, list]:
    table = connection.ops.quote_name(ThrottleWindow._meta.db_table)
    # The row as it was: this window's count and the previous window's, whichever windows it
    # last counted. Every SET expression reads the row before the update.
    current = f"CASE WHEN {table}.window_index = %s THEN {table}.current ELSE 0 END"
    current_params = [window]
    previous = (
        f"CASE WHEN {table}.window_index = %s THEN {table}.previous"
        f" WHEN {table}.window_index = %s THEN {table}.current ELSE 0 END"
    )
    previous_params = [window, window - 1]
    allowed = f"({previous}) * CAST(%s AS DOUBLE PRECISION) + ({current}) < %s"
    allowed_params = [*previous_params, overlap, *current_params, limit]
    # The table's quoted name and fixed expressions; every value is a parameter.
    sql = (
        f"INSERT INTO {table} (key, window_index, current, previous, allowed)"  # noqa: S608
        " VALUES (%s, %s, %s, 0, %s)"
        " ON CONFLICT (key) DO UPDATE SET window_index = excluded.window_index,"
        f" previous = {previous},"
        f" current = ({current}) + (CASE WHEN {allowed} THEN 1 ELSE 0 END),"
        f" allowed = (CASE WHEN {allowed} THEN TRUE ELSE FALSE END)"
        " RETURNING current, allowed"
    )
    params = [
        *(key, window, 1 if limit > 0 else 0, limit > 0),
        *previous_params,
        *current_params,
        *allowed_params,
        *allowed_params,
    ]
    return sql, params


def count_api_request(scope: str, client: str, window: int, overlap: float, limit: int) -> bool:
    """Count one request of `client` in `window` of the rate `scope` unless it is over
    `limit`, and say whether it was counted (allowed). The estimate is this window's requests
    plus the previous window's weighted by `overlap`, the share of it that still falls within
    the last window's length. One statement: concurrent requests of one client are all
    counted.

    The first request a client makes in a window also deletes the rows that no longer count:
    clients with no request in this or the previous window, and every row of another rate. So
    the table holds only recent clients, and no client address stays longer than needed."""
    key = f"{scope}_{client}"
    own_transaction = connection.vendor == "postgresql" and not connection.in_atomic_block
    with (
        transaction.atomic() if own_transaction else contextlib.nullcontext(),
        connection.cursor() as cursor,
    ):
        if own_transaction:
            # A count lost in a crash lets a client a few requests more, so this commit does not
            # wait for the disk (one fsync per API request; measured: about 10 % of the API's
            # throughput). Never inside a caller's transaction: it would apply to all of it.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(*_count_statement(key, window, overlap, limit))
        current, allowed = cursor.fetchone()
    if allowed and current == 1:
        ThrottleWindow.objects.filter(
            Q(window_index__lt=window - 1) | ~Q(key__startswith=f"{scope}_")
        ).delete()
    return bool(allowed)
