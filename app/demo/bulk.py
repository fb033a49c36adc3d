"""Bulk data for benchmarks: many units, employees and activity reports, inserted in chunks
(Core executemany for employees; plain tuples straight to the driver for reports: executemany on
SQLite, COPY on PostgreSQL). No ORM objects, no audit events: this is synthetic load, not business
data. `flask --app wsgi bench-data` and bench/run.py use it."""
from __future__ import annotations

import random
import time
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from app.core import fulltext
from app.extensions import db
from app.i18n import utcnow
from app.org.models import Employee, Position, WorkUnit
from app.performance.models import ActivityReport

CHUNK = 20_000
TEXTS = ["Memverifikasi berkas permohonan izin", "Menyusun laporan bulanan kegiatan",
         "Melayani konsultasi masyarakat", "Menginput data kependudukan", "Rapat koordinasi",
         "Menyusun konsep surat dinas", "Mengarsipkan dokumen", "Monitoring lapangan"]


def generate(employees: int = 10_000, reports: int = 1_000_000, seed: int = 7) -> dict:
    started = time.perf_counter()
    rng = random.Random(seed)
    conn = db.session.connection()
    start_id = (conn.scalar(select(func.max(Employee.id))) or 0) + 1
    position_id = conn.scalar(select(Position.id).limit(1))
    if position_id is None:
        position_id = conn.execute(insert(Position).values(name="Pelaksana", kind="pelaksana")
                                   .returning(Position.id)).scalar()
    # 50 units with a head each; every employee reports to their unit's head.
    unit_ids = []
    base_code = conn.scalar(select(func.count(WorkUnit.id))) or 0
    for n in range(50):
        unit_ids.append(conn.execute(insert(WorkUnit).values(
            code=f"BENCH-{base_code + n:04d}", name=f"Unit Uji {base_code + n:04d}", kind="bidang",
            is_service_unit=False, active=True).returning(WorkUnit.id)).scalar())
    taken = set(conn.scalars(select(Employee.nip)))
    rows, heads, n = [], {}, 0
    while len(rows) < employees:
        nip = _nip(n)
        n += 1
        if nip in taken:
            continue
        eid = start_id + len(rows)
        unit = unit_ids[len(rows) % len(unit_ids)]
        head = heads.setdefault(unit, eid)
        rows.append({"id": eid, "nip": nip, "name": f"Pegawai Uji {eid}",
                     "employment_type": "pns", "grade": "III/a", "unit_id": unit,
                     "position_id": position_id, "supervisor_id": None if head == eid else head,
                     "active": True})
    for chunk in range(0, len(rows), CHUNK):
        conn.execute(insert(Employee), rows[chunk:chunk + CHUNK])
    _insert_reports(conn, start_id, employees, reports, rng)
    # The reports went straight to the driver, past the session events that keep the
    # dashboard's summary tables current: recompute them once.
    from app.dashboard.summaries import rebuild

    rebuild()
    if conn.dialect.name == "postgresql":  # fresh statistics, as autovacuum would gather later
        conn.exec_driver_sql("ANALYZE work_unit, employee, activity_report")
    db.session.commit()
    return {"employees": employees, "reports": reports,
            "seconds": time.perf_counter() - started}


REPORT_COLUMNS = ("employee_id", "date", "description", "duration_minutes", "output_quantity",
                  "output_unit", "status", "created_at", "updated_at", "version")


def _insert_reports(conn, start_id: int, employees: int, reports: int, rng) -> None:
    """Reports as plain tuples straight to the driver: COPY on PostgreSQL, executemany on SQLite.

    SQLAlchemy's per-row parameter processing cost more than the inserts themselves, so dates
    and timestamps are converted once (with the column types' own bind processors) and reused.
    """
    table = ActivityReport.__table__
    dialect = conn.dialect

    def driver_value(column, value):
        process = table.c[column].type.dialect_impl(dialect).bind_processor(dialect)
        return process(value) if process else value

    today = date.today()
    days = [driver_value("date", today - timedelta(days=d)) for d in range(365)]
    now = driver_value("created_at", utcnow())
    states = ["verified"] * 7 + ["submitted"] * 2 + ["draft"]
    random = rng.random

    def rows(first: int, last: int):
        return [(start_id + int(random() * employees), days[int(random() * 365)],
                 f"{TEXTS[n % 8]} #{n}", 60 + 30 * (n % 6), 1 + n % 9, "dokumen",
                 states[n % 10], now, now, 1) for n in range(first, last)]

    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(c) for c in REPORT_COLUMNS)
    if dialect.name == "postgresql":
        with conn.connection.driver_connection.cursor() as cursor, \
                cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
            for first in range(0, reports, CHUNK):
                for row in rows(first, min(first + CHUNK, reports)):
                    copy.write_row(row)
        return
    marks = ", ".join("?" if dialect.paramstyle == "qmark" else "%s" for _c in REPORT_COLUMNS)
    sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})"
    sqlite = dialect.name == "sqlite"
    if sqlite:  # a page cache that holds the growing indexes; restored afterwards
        cache_size = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        conn.exec_driver_sql("PRAGMA cache_size=-262144")
    try:
        with fulltext.deferred(conn, table.name, "description"):
            for first in range(0, reports, CHUNK):
                conn.exec_driver_sql(sql, rows(first, min(first + CHUNK, reports)))
    finally:
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA cache_size={int(cache_size)}")


def _nip(n: int) -> str:
    """The n-th synthetic NIP: a distinct (birth date, serial) pair for each n, all valid."""
    birth = date(1970, 1, 1) + timedelta(days=(n // 999) * 3)
    return f"{birth:%Y%m%d}{birth.year + 24}{1 + n % 12:02d}{1 + n % 2}{n % 999 + 1:03d}"
