"""Statements compiled once per process and shape, then run with other ids.

Django builds and compiles a queryset anew every time it runs. For the joined, filtered and
ordered statements of the busy pages that is most of their cost: a profile's list of
recommendations takes about 2.5 ms of Python to compile and 0.3 ms in the database. A
`KeptStatement` builds its queryset once with stand-in ids, remembers where those ids went among
the parameters, and then runs the same SQL with the real ids, turning rows into what the
queryset would have given (model instances, `values()` dicts, `values_list()` tuples or flat
values) the way Django's iterables do. SQLAlchemy keeps compiled statements for the same reason.

The builder receives the shape and stand-ins for the ids: an int for an id, a list of ints for
a list of ids, which may only be used with `__in` (it is padded to the next power of two by
repeating its last id; an empty list runs the queryset as it is). It may use ids only as values
the statement compares with; whatever else changes the statement (a limit, whether the viewer
is signed in) is part of the shape, and the builder must not branch on an id.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.sql.compiler import SQLCompiler

from goodword.core.input import MAX_ID
from goodword.core.kept import KeptTable

# Negative ids no table hands out, inside every integer column's range: the n-th name's
# stand-ins count down from _BASE - n * _SPAN.
_BASE = -1_000_000_000
_SPAN = 10_000_000
SHAPES_KEPT = 64


@dataclass(frozen=True)
class _Slot:
    name: str
    index: int | None  # the position in a list of ids; None for a single id


@dataclass(frozen=True)
class _Compiled:
    db: str
    sql: str
    params: tuple
    compiler: SQLCompiler
    iterable: type
    names: tuple[str, ...]  # the keys of `values()` dicts


class KeptStatement:
    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self._build = build
        self._kept = KeptTable(SHAPES_KEPT)

    def __call__(self, shape: tuple[Hashable, ...] = (), **ids: int | Sequence[int]) -> list:
        """What the statement of `shape` gives for `ids`, as a list."""
        ids = {
            name: value if isinstance(value, int) else list(value) for name, value in ids.items()
        }
        if not all(map(_fits, ids.values())):
            # Django answers an empty list or an id beyond the column without asking the database.
            return list(self._build(*shape, **ids))
        ids = {name: _padded(value) for name, value in ids.items()}
        lengths = tuple(sorted((n, None if isinstance(v, int) else len(v)) for n, v in ids.items()))
        key = (shape, lengths)
        compiled = self._kept.get(key)
        if compiled is None:
            compiled = self._compile(shape, ids)
            self._kept.put(key, compiled)
        params = [_value(p, ids) if isinstance(p, _Slot) else p for p in compiled.params]
        connection = connections[compiled.db]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return _results(compiled, rows)

    def _compile(self, shape: tuple, ids: dict) -> _Compiled:
        slots, stand_ins = {}, {}
        for n, (name, value) in enumerate(sorted(ids.items())):
            first = _BASE - n * _SPAN
            if isinstance(value, int):
                stand_ins[name] = first
                slots[first] = _Slot(name, None)
            else:
                stand_ins[name] = [first - i for i in range(len(value))]
                slots |= {first - i: _Slot(name, i) for i in range(len(value))}
        queryset = self._build(*shape, **stand_ins)
        iterable = queryset._iterable_class
        if iterable not in (
            ModelIterable,
            ValuesIterable,
            ValuesListIterable,
            FlatValuesListIterable,
        ):
            raise TypeError("A kept statement gives instances, values() or values_list().")
        if queryset._known_related_objects or queryset._prefetch_related_lookups:
            raise TypeError("Prefetch after the kept statement, with prefetch_related_objects.")
        query = queryset.query
        compiler = query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        bound = tuple(slots.get(p, p) if type(p) is int else p for p in params)
        used = {p for p in bound if isinstance(p, _Slot)}
        if len(used) != len(slots) or any(str(value) in sql for value in slots):
            raise ValueError(f"Not every id is a parameter of the statement: {sorted(ids)}.")
        names = tuple(
            query.selected or (*query.extra_select, *query.values_select, *query.annotation_select)
        )
        return _Compiled(queryset.db, sql, bound, compiler, iterable, names)


def _padded(value: int | list[int]) -> int | list[int]:
    """A list of ids repeats its last one up to the next power of two: an `IN` list means the
    same, and there are a few statements to keep (and for PostgreSQL to prepare), not one per
    length."""
    if isinstance(value, int):
        return value
    return value + value[-1:] * ((1 << (len(value) - 1).bit_length()) - len(value))


def _fits(value: int | list[int]) -> bool:
    values = [value] if isinstance(value, int) else value
    return bool(values) and all(-MAX_ID - 1 <= v <= MAX_ID for v in values)


def _value(slot: _Slot, ids: dict):
    value = ids[slot.name]
    return value if slot.index is None else value[slot.index]


def _results(compiled: _Compiled, rows: list) -> list:
    """What the queryset's iterable makes of `rows`."""
    compiler = compiled.compiler
    if compiler.has_extra_select:
        rows = [row[: compiler.col_count] for row in rows]
    rows = list(compiler.results_iter([rows], tuple_expected=True))
    if compiled.iterable is ValuesListIterable:
        return rows
    if compiled.iterable is FlatValuesListIterable:
        return [row[0] for row in rows]
    if compiled.iterable is ValuesIterable:
        return [dict(zip(compiled.names, row, strict=True)) for row in rows]
    return _instances(compiled, rows)


def _instances(compiled: _Compiled, rows: list) -> list:
    """What `ModelIterable` makes of `rows`: instances with their select_related objects."""
    compiler = compiled.compiler
    select, klass_info = compiler.select, compiler.klass_info
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


_RELATED: dict[tuple, tuple[KeptStatement, str, str]] = {}


def prefetch_kept(instances: list, name: str, fields: tuple[str, ...]) -> None:
    """What `prefetch_related_objects(instances, name)` does for the many-to-many field `name`,
    with a kept statement that loads only `fields` of the related rows (in their model's
    ordering). Django's own prefetch compiles a statement with the through table every time."""
    if not instances:
        return
    key = (type(instances[0]), name, fields)
    if key not in _RELATED:
        _RELATED[key] = _related_statement(*key)
    statement, source, target = _RELATED[key]
    related: dict[int, list] = {obj.pk: [] for obj in instances}
    for row in statement(ids=sorted(related)):
        related[getattr(row, f"{source}_id")].append(getattr(row, target))
    for obj in instances:
        queryset = getattr(obj, name).get_queryset()
        queryset._result_cache = related[obj.pk]
        queryset._prefetch_done = True
        cache = getattr(obj, "_prefetched_objects_cache", {})
        obj._prefetched_objects_cache = cache | {name: queryset}


def _related_statement(model, name: str, fields: tuple[str, ...]):
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    ordering = [
        f"-{target}__{o[1:]}" if o.startswith("-") else f"{target}__{o}"
        for o in field.related_model._meta.ordering
    ]

    def build(ids):
        return (
            through.objects.filter(**{f"{source}_id__in": ids})
            .select_related(target)
            .only(f"{source}_id", *(f"{target}__{f}" for f in fields))
            .order_by(*ordering)
        )

    return KeptStatement(build), source, target
