"""Single-row inserts prepared once, executed on the DB-API cursor: for the two hot write paths.

The listener's group commit and the worker's letter inserts both run under the database's one
write lock on SQLite (and, for the listener, on the event loop's interpreter lock). Through the ORM
or Core, most of that time was Python bookkeeping rather than the statements: a flush of 100
letters held the lock about 0.3 ms per letter, a third of it in SQLite. Here a row is made ready
first (the columns' Python defaults and their own SQLAlchemy bind processors, so a row reads back
exactly as if the ORM had written it), outside any lock; inside, a batch of rows is one
multi-row ``INSERT ... RETURNING`` on the cursor of the transaction's connection.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Dialect


class RowInsert:
    def __init__(self, table: Table, dialect: Dialect, *, skip_conflict_on: str | None = None):
        self.table = table.name
        # A column only the database fills (a server default, or a trigger behind one, and no
        # Python default) is left out: an explicit NULL would defeat it.
        self.columns = [c for c in table.columns if not (c.primary_key and c.autoincrement)
                        and not (c.server_default is not None and c.default is None)]
        self._sqlite = dialect.name == "sqlite"
        self._conflict = f" ON CONFLICT ({skip_conflict_on}) DO NOTHING" if skip_conflict_on else ""
        self._defaults = {}
        for c in self.columns:
            if c.default is None:
                continue
            if c.default.is_scalar:
                self._defaults[c.name] = lambda arg=c.default.arg: arg
            elif c.default.is_callable:
                # SQLAlchemy wraps a column's default callable to take an execution context.
                self._defaults[c.name] = lambda fn=c.default.arg: fn(None)
            else:
                raise ValueError(f"{table.name}.{c.name}: only Python-side defaults are supported here")
        self._procs = {c.name: proc for c in self.columns
                       if (proc := c.type.dialect_impl(dialect).bind_processor(dialect))}

    def mark(self, name: str) -> str:
        """A named placeholder in the driver's style (sqlite3 and psycopg differ)."""
        return f":{name}" if self._sqlite else f"%({name})s"

    def row(self, values: dict[str, Any]) -> dict[str, Any]:
        """The parameters for one row. As with the ORM, a missing or None value takes the
        column's default when it has one."""
        row = {}
        for c in self.columns:
            value = values.get(c.name)
            if value is None and c.name in self._defaults:
                value = self._defaults[c.name]()
            if value is not None and c.name in self._procs:
                value = self._procs[c.name](value)
            row[c.name] = value
        return row

    def execute(self, cursor, rows: list[dict[str, Any]], returning: str) -> list[tuple]:
        """Insert the prepared rows in one statement (one round trip on PostgreSQL); the
        ``returning`` columns of each row inserted (not of one a conflict skipped), in no
        particular order."""
        if not rows:
            return []
        names = [c.name for c in self.columns]
        values = ", ".join("(" + ", ".join(self.mark(f"{n}_{i}") for n in names) + ")" for i in range(len(rows)))
        cursor.execute(f"INSERT INTO {self.table} ({', '.join(names)}) VALUES {values}{self._conflict} "
                       f"RETURNING {returning}",
                       {f"{n}_{i}": row[n] for i, row in enumerate(rows) for n in names})
        return cursor.fetchall()
