"""National scale, measured: the report list, a search and the dashboards on PostgreSQL at 1 and
10 million activity reports (docs/deployment.md, *National scale*).

    .venv/bin/python bench/scale_pg.py --sizes 1000000 10000000 --nice 15 --drop

1. Creates the database `kinerja_scale` (--database) on the server of --server (default the
   local PostgreSQL as `postgres`), a separate database so that no test or bench data is touched;
   --drop removes it at the end (10 million reports take about 5 GB with their indexes).
2. Builds the schema through the migrations, the demo data and 10,000 bench employees with
   bench/run.py's `ensure_data` (no reports yet) and its 200-staff supervisor.
3. For each size, grows `activity_report` to that many rows with `INSERT ... SELECT FROM
   generate_series` in chunks of a million, run by the server itself (no rows cross the
   socket). The table's secondary indexes (B-trees and the pg_trgm GIN index) are dropped
   before the load and built again after it, which is several times faster than maintaining
   them row by row; then `VACUUM ANALYZE`, as autovacuum would. The server process doing that
   work runs at niceness --nice (15) and idle I/O priority, so the load yields the shared CPUs;
   the measurements then run at normal priority (a niced client would measure the queue).
4. Measures, as bench/run.py does (real HTTP stack, median of --repeat, statements per request):
   the report list page 1, a search for a common word and for a rare number, the status filter,
   and the dashboard of HR and of a supervisor of 200 staff. Prints one Markdown table with a
   column per size.

The data has the shape of bench/run.py's: reports spread over the 10,000 employees and the last
365 days, 70 % verified, 20 % submitted, 10 % draft, eight kinds of description plus a number.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (BENCH_SUPERVISOR, StatementCounter, ensure_bench_supervisor,  # noqa: E402
                       ensure_data, login, measure)

CHUNK = 1_000_000
EMPLOYEES = 10_000
# Generated in SQL with the same texts as app.demo.bulk (one in eight mentions "koordinasi").
TEXTS = ["Memverifikasi berkas permohonan izin", "Menyusun laporan bulanan kegiatan",
         "Melayani konsultasi masyarakat", "Menginput data kependudukan", "Rapat koordinasi",
         "Menyusun konsep surat dinas", "Mengarsipkan dokumen", "Monitoring lapangan"]
INSERT = """
INSERT INTO activity_report (employee_id, date, description, duration_minutes, output_quantity,
                             output_unit, status, created_at, updated_at, version)
SELECT :first_employee + (n * 7919) % :employees,
       CURRENT_DATE - ((n * 104729) % 365)::int,
       (ARRAY[{texts}])[(1 + n % 8)::int] || ' #' || n,
       60 + 30 * (n % 6), 1 + n % 9, 'dokumen',
       CASE WHEN n % 10 < 7 THEN 'verified' WHEN n % 10 < 9 THEN 'submitted' ELSE 'draft' END,
       now(), now(), 1
FROM generate_series(CAST(:start AS bigint), CAST(:stop AS bigint)) AS n
"""
PAGES = [
    ("reports: page 1", "report", "/admin/activity_report/", "hr"),
    ("reports: search 'koordinasi' (1 in 8)", "report",
     "/admin/activity_report/?search=koordinasi", "hr"),
    ("reports: search '4567891' (1-2 rows)", "report",
     "/admin/activity_report/?search=4567891", "hr"),
    ("reports: status = submitted", "report", "/admin/activity_report/?flt1_0=submitted", "hr"),
    ("dashboard /admin/, HR", "dashboard", "/admin/", "hr"),
    ("dashboard /admin/, supervisor of 200", "dashboard", "/admin/", "supervisor"),
]


def server_url(args) -> str:
    return f"{args.server.rstrip('/')}/{args.database}"


def create_database(args) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(f"{args.server.rstrip('/')}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        exists = conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s",
                                      (args.database,)).scalar()
        if not exists:
            conn.exec_driver_sql(f'CREATE DATABASE "{args.database}"')
    engine.dispose()


def drop_database(args) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(f"{args.server.rstrip('/')}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    engine.dispose()
    print(f"Dropped database {args.database}.", flush=True)


def renice_backend(conn, niceness: int) -> None:
    """Lower the priority of the server process of this connection (CPU and, where the kernel
    honours it, disk), and keep its index builds in that one process. Needs root or the
    postgres user on the database machine; elsewhere the priority is left as it is."""
    pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    conn.exec_driver_sql("SET max_parallel_maintenance_workers = 0")
    try:
        os.setpriority(os.PRIO_PROCESS, pid, niceness)
        subprocess.run(["ionice", "-c", "3", "-p", str(pid)], check=False,
                       capture_output=True)
    except (OSError, FileNotFoundError):
        pass


def grow(app, size: int, niceness: int) -> dict:
    """Insert reports until the table holds `size`; rebuild its indexes; VACUUM ANALYZE."""
    from sqlalchemy import text

    from app.extensions import db

    with app.app_context():
        engine = db.engine
        with engine.connect() as conn:
            present = conn.exec_driver_sql("SELECT count(*) FROM activity_report").scalar()
            first = conn.exec_driver_sql(
                "SELECT min(e.id) FROM employee e JOIN work_unit u ON u.id = e.unit_id "
                "WHERE u.code LIKE 'BENCH-%%'").scalar()
            top = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM activity_report"
                                       ).scalar()
        if present >= size:
            return {"inserted": 0, "insert_s": 0.0, "index_s": 0.0, "vacuum_s": 0.0}
        texts = ", ".join("'" + t.replace("'", "''") + "'" for t in TEXTS)
        started = time.perf_counter()
        with engine.connect() as conn:
            renice_backend(conn, niceness)
            indexes = conn.exec_driver_sql(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'activity_report' "
                "AND indexname <> 'pk_activity_report'").all()
            for name, _definition in indexes:
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
            conn.commit()
            for start in range(top + 1, top + 1 + size - present, CHUNK):
                stop = min(start + CHUNK - 1, top + size - present)
                conn.execute(text(INSERT.format(texts=texts)),
                             {"first_employee": first, "employees": EMPLOYEES,
                              "start": start, "stop": stop})
                conn.commit()
                print(f"  {stop - top + present:,} reports ({time.perf_counter() - started:.0f} s)",
                      flush=True)
            inserted_s = time.perf_counter() - started
            started = time.perf_counter()
            conn.exec_driver_sql("SET maintenance_work_mem = '512MB'")
            for name, definition in indexes:
                conn.exec_driver_sql(definition)
                conn.commit()
                print(f"  index {name} ({time.perf_counter() - started:.0f} s)", flush=True)
            index_s = time.perf_counter() - started
        started = time.perf_counter()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            renice_backend(conn, niceness)
            conn.exec_driver_sql("VACUUM ANALYZE activity_report")
        return {"inserted": size - present, "insert_s": inserted_s, "index_s": index_s,
                "vacuum_s": time.perf_counter() - started}


def table_size(app) -> str:
    from app.extensions import db

    with app.app_context(), db.engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT pg_size_pretty(pg_total_relation_size('activity_report'))").scalar()


def run_pages(app, repeat: int) -> dict:
    from app.extensions import db

    with app.app_context():
        counter = StatementCounter(db.engine)
    clients = {"hr": login(app, "kepegawaian"), "supervisor": login(app, BENCH_SUPERVISOR)}
    results = {}
    for label, kind, url, who in PAGES:
        results[label] = measure(clients[who], counter, url, kind, repeat)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="kinerja_scale")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument("--nice", type=int, default=15,
                        help="niceness of the server processes that load and index the data")
    args = parser.parse_args()

    from app import create_app

    create_database(args)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=server_url(args),
                     UPLOAD_DIR=str(ROOT / "instance" / "bench-uploads"))
    try:
        started = time.perf_counter()
        ensure_data(app, employees=EMPLOYEES, reports=0)
        ensure_bench_supervisor(app)
        print(f"Schema, demo data and {EMPLOYEES} employees ready in "
              f"{time.perf_counter() - started:.0f} s.", flush=True)
        columns = []
        for size in sorted(args.sizes):
            print(f"Growing to {size:,} reports ...", flush=True)
            load = grow(app, size, args.nice)
            print(f"  inserted {load['inserted']:,} in {load['insert_s']:.0f} s, indexes "
                  f"{load['index_s']:.0f} s, VACUUM ANALYZE {load['vacuum_s']:.0f} s; table "
                  f"with indexes {table_size(app)}", flush=True)
            results = run_pages(app, args.repeat)
            for label, result in results.items():  # now, in case a bigger size fails later
                print(f"  {label}: {result['ms']:.0f} ms, {result['statements']} statements, "
                      f"{result['rows']} rows", flush=True)
            columns.append((size, load, results))
        print()
        print("| page (median ms, statements) | "
              + " | ".join(f"{size:,} reports" for size, _l, _r in columns) + " |")
        print("|---|" + "---|" * len(columns))
        for label, *_rest in PAGES:
            cells = [f"{r[label]['ms']:.0f} ms ({r[label]['statements']})" for _s, _l, r in columns]
            print(f"| {label} | " + " | ".join(cells) + " |")
    finally:
        if args.drop:
            from app.extensions import db

            with app.app_context():
                db.engine.dispose()
            drop_database(args)


if __name__ == "__main__":
    main()
