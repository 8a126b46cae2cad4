"""Statements compiled once per process and shape, then run with other ids.

Django builds and compiles a queryset anew every time it runs. For the joined, filtered and
ordered lists of the hot pages that is most of their cost: a profile's list of recommendations
takes about 2.5 ms of Python to compile and 0.3 ms in the database. A `KeptStatement` builds its
queryset once with stand-in ids, remembers where those ids went among the parameters, and then
runs the same SQL with the real ids, turning rows into model instances the way Django's
`ModelIterable` does (SQLAlchemy keeps compiled statements for the same reason).

The builder receives the shape and stand-in ids. It may use an id only as a value the statement
compares with; whatever else changes the statement (a limit, whether the viewer is signed in)
is part of the shape, and the builder must not branch on an id.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators
from django.db.models.sql.compiler import SQLCompiler

# Negative ids no table hands out, inside every integer column's range.
_STAND_IN_BASE = -1_999_999_000


@dataclass(frozen=True)
class _Slot:
    name: str


@dataclass(frozen=True)
class _Compiled:
    db: str
    sql: str
    params: tuple
    compiler: SQLCompiler


class KeptStatement:
    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self._build = build
        self._kept: dict[tuple, _Compiled] = {}
        self._lock = threading.Lock()

    def __call__(self, shape: tuple[Hashable, ...] = (), **ids: int) -> list[Model]:
        """The rows of the statement of `shape` with `ids`, as model instances."""
        compiled = self._compiled(shape, tuple(sorted(ids)))
        params = [ids[p.name] if isinstance(p, _Slot) else p for p in compiled.params]
        connection = connections[compiled.db]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return _instances(compiled, rows)

    def _compiled(self, shape: tuple, names: tuple[str, ...]) -> _Compiled:
        key = (shape, names)
        compiled = self._kept.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._kept.get(key) or self._compile(shape, names)
                self._kept[key] = compiled
        return compiled

    def _compile(self, shape: tuple, names: tuple[str, ...]) -> _Compiled:
        stand_ins = {name: _STAND_IN_BASE - i for i, name in enumerate(names)}
        queryset = self._build(*shape, **stand_ins)
        if queryset._iterable_class is not ModelIterable or queryset._known_related_objects:
            raise TypeError("A kept statement returns plain model instances.")
        if queryset._prefetch_related_lookups:
            raise TypeError("Prefetch after the kept statement, with prefetch_related_objects.")
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        slots = {value: _Slot(name) for name, value in stand_ins.items()}
        bound = tuple(slots.get(p, p) if type(p) is int else p for p in params)
        missing = set(names) - {p.name for p in bound if isinstance(p, _Slot)}
        if missing or any(str(value) in sql for value in stand_ins.values()):
            raise ValueError(f"Not every id is a parameter of the statement: {sorted(names)}.")
        return _Compiled(queryset.db, sql, bound, compiler)


def _instances(compiled: _Compiled, rows: list) -> list[Model]:
    """What `ModelIterable` makes of `rows` for the compiled statement."""
    compiler = copy.copy(compiled.compiler)
    compiler.connection = connections[compiled.db]  # this thread's connection
    select, klass_info = compiler.select, compiler.klass_info
    if compiler.has_extra_select:
        rows = [row[: compiler.col_count] for row in rows]
    converters = compiler.get_converters([s[0] for s in select[: compiler.col_count]])
    if converters:
        rows = list(compiler.apply_converters(rows, converters))
    model = klass_info["model"]
    first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [f[0].target.attname for f in select[first:last]]
    populators = get_related_populators(klass_info, select, compiled.db)
    annotations = compiler.annotation_col_map
    result = []
    for row in rows:
        obj = model.from_db(compiled.db, init_list, row[first:last])
        for populator in populators:
            populator.populate(row, obj)
        for name, position in annotations.items():
            setattr(obj, name, row[position])
        result.append(obj)
    return result
