"""Fast writes for the seed: plain multi-row INSERTs, and `create` with chosen timestamps."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import connection
from django.db.models import Max

BATCH = 5000


class RawInsert:
    """Plain multi-row INSERTs for `model`, much faster than `bulk_create` for 100,000s of rows.

    Values are given by field name; fields left out get their default (so columns added to the
    models later still work). Datetimes and JSON are adapted the way the backend expects.
    """

    def __init__(self, model, names: list[str]):
        ops = connection.ops
        fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
        self.positions = []
        self.fixed: list = []
        self.adapters: list = []
        for f in fields:
            if f.name in names or f.attname in names:
                key = f.name if f.name in names else f.attname
                self.positions.append(names.index(key))
                self.fixed.append(None)
            else:
                self.positions.append(None)
                self.fixed.append(f.get_db_prep_save(f.get_default(), connection))
            internal = f.get_internal_type()
            if internal == "DateTimeField":
                self.adapters.append(ops.adapt_datetimefield_value)
            elif internal == "JSONField":
                self.adapters.append(lambda v, f=f: f.get_db_prep_save(v, connection))
            else:
                self.adapters.append(None)
        columns = ", ".join(ops.quote_name(f.column) for f in fields)
        self.row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
        table = ops.quote_name(model._meta.db_table)
        # Only quoted model metadata goes into the statement; every value is a parameter.
        self.sql = f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608
        # SQLite reuses one prepared statement for executemany; PostgreSQL is far faster with
        # many rows per statement (within its 65,535 parameters).
        self.rows_per_statement = 1 if connection.vendor == "sqlite" else 60000 // len(fields)

    def row(self, values: tuple) -> tuple:
        out = []
        for pos, fixed, adapt in zip(self.positions, self.fixed, self.adapters, strict=True):
            if pos is None:
                out.append(fixed)
            else:
                value = values[pos]
                out.append(adapt(value) if adapt is not None and value is not None else value)
        return tuple(out)

    def run(self, rows: Iterable[tuple]) -> None:
        prepared = [self.row(r) for r in rows]
        if not prepared:
            return
        with connection.cursor() as cursor:
            if self.rows_per_statement == 1:
                for chunk in batches(prepared, BATCH):
                    cursor.executemany(self.sql + self.row_sql, chunk)
                return
            for chunk in batches(prepared, self.rows_per_statement):
                sql = self.sql + ", ".join([self.row_sql] * len(chunk))
                cursor.execute(sql, [value for row in chunk for value in row])


def max_pk(model) -> int:
    return model.objects.aggregate(m=Max("pk"))["m"] or 0


def batches(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def create_dated(model, times: dict, **values):
    """`model.objects.create(**values)`, then the timestamps `auto_now_add` would overwrite."""
    obj = model.objects.create(**values)
    model.objects.filter(pk=obj.pk).update(**times)
    for key, value in times.items():
        setattr(obj, key, value)
    return obj
