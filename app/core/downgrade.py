"""The downgrade policy, for core and plugin migrations: a downgrade that cannot keep data
refuses, naming what would be lost, unless forced (`flask db downgrade -x force=1`, or
KINERJA_DOWNGRADE_FORCE=1); one that runs must round-trip (downgrade + upgrade keeps the rows).
"""
from __future__ import annotations

import os

import sqlalchemy as sa


class DowngradeRefused(RuntimeError):
    pass


def forced() -> bool:
    from alembic import context

    x_args = context.get_x_argument(as_dictionary=True)
    return x_args.get("force") in ("1", "true", "yes") or \
        os.environ.get("KINERJA_DOWNGRADE_FORCE") == "1"


def count_rows(conn, table: str, where: str = "") -> int:
    return conn.execute(sa.text(f'SELECT COUNT(*) FROM "{table}"'
                                + (f" WHERE {where}" if where else ""))).scalar()


def refuse_losing(revision: str, losses: dict[str, int]) -> None:
    """Raise unless forced when any of `losses` ({what in words: how many rows}) is non-zero."""
    lost = {what: n for what, n in losses.items() if n}
    if not lost or forced():
        return
    listed = "; ".join(f"{n} {what}" for what, n in lost.items())
    raise DowngradeRefused(
        f"Downgrade of {revision} refused: it would delete {listed}. Back up the database; "
        "to delete them anyway run `flask db downgrade -x force=1 ...` "
        "(or set KINERJA_DOWNGRADE_FORCE=1).")


def _plain(value):
    from decimal import Decimal

    from decimal import InvalidOperation

    if isinstance(value, bool) or value is None:
        return value
    try:  # 91, 91.00, Decimal("91.000") and "91" alike, as each engine returns them
        return format(Decimal(str(value)).normalize(), "f")
    except InvalidOperation:
        return value


def edited_seed_rows(conn, table: str, columns: list[str], seeded: list[tuple]) -> int:
    """How many rows of a table its upgrade seeds differ from the seed (added, changed or
    removed): the upgrade would bring back only the seed."""
    rows = {tuple(_plain(v) for v in row) for row in conn.execute(sa.text(
        f'SELECT {", ".join(columns)} FROM "{table}"'))}
    seed = {tuple(_plain(v) for v in row) for row in seeded}
    return len(rows ^ seed)


def rows_in(conn, tables) -> dict[str, int]:
    """{"rows of <table>": count} for each table a downgrade drops."""
    return {f"rows of {table}": count_rows(conn, table) for table in tables}
