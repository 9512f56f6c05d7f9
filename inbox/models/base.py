"""The declarative base: UTC timestamps on every backend, the naming convention, enums stored by
value."""
from __future__ import annotations

import enum
from datetime import datetime, timezone
from typing import Annotated, Any

from sqlalchemy import JSON, DateTime, Enum, Integer, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, mapped_column


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timestamps are stored and returned in UTC, timezone-aware, on every backend
    (SQLite would otherwise hand back naive datetimes)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                value = value.replace(tzinfo=timezone.utc)
            value = value.astimezone(timezone.utc)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


intpk = Annotated[int, mapped_column(Integer, primary_key=True)]
timestamp = Annotated[datetime, mapped_column(UTCDateTime, default=utcnow)]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


def _enum(cls: type[enum.Enum]) -> Enum:
    # Stored by value ("shortlisted"), as a plain string column: no native enum types to migrate.
    return Enum(cls, values_callable=lambda e: [m.value for m in e], native_enum=False,
                validate_strings=True, length=20)
