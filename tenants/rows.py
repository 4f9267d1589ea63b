"""A model's rows read by a fixed SQL statement, for the reads made on every request (issue 15).

Compiling a queryset costs far more than running it: the tenant by host, the session's person and their
membership were ~0.5 ms of CPU each through the ORM and ~0.07 ms each as a statement written once. Only for
those few reads of every request; everything else reads through the ORM. The statement still goes through
Django's cursor (search_path, query logging and counting as for any query).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connection, models

M = TypeVar("M", bound=models.Model)


@functools.cache
def columns(model: type[models.Model], alias: str) -> str:
    """The model's concrete columns as `alias."column"`, in the order `instance` reads them (built once a
    process: the statements of every request are written once)."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields
                     if field.column is not None)


@functools.cache
def width(model: type[models.Model]) -> int:
    return len(model._meta.concrete_fields)


def instance(model: type[M], values: Sequence[Any]) -> M:
    """The model instance of one row's values (as `columns` listed them), as the ORM would build it:
    each field's converters from the database's value applied (JSON, for one)."""
    fields = model._meta.concrete_fields
    converted = []
    for field, value in zip(fields, values, strict=True):
        column = field.get_col(model._meta.db_table)
        for convert in [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]:
            value = convert(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, [field.attname for field in fields], converted)


def fetch_one(sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()
