"""Benchmark the main back-office pages at scale, against a naive Flask-Admin baseline.

    make bench                                   # 10,000 employees, 1,000,000 reports, SQLite
    .venv/bin/python bench/run.py --reports 200000 --repeat 3
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_helper \
        .venv/bin/python bench/run.py

What it does:

1. Builds the benchmark database (instance/bench.db, or BENCH_DATABASE_URL) when it is missing or
   holds fewer employees or reports than asked: schema through the Alembic migrations (as
   `flask db upgrade`), the roles, the demo data and accounts (`load_demo`), then the bulk data
   (`app.demo.bulk.generate`). The generation time is printed. A bigger database is reused as is;
   the sizes actually present are printed.
2. Registers, in this process only, a NAIVE baseline: plain `flask_admin.contrib.sqla.ModelView`s
   over the same models with the same list columns, search, filters and default sort, on a second
   Admin at /naive/ (Flask-Admin defaults otherwise: COUNT on every page, automatic joinedload of
   the relationships it can see, `ILIKE` search, ORM export). Nothing of it is in the product.
3. Logs in through the real HTTP stack (Flask test client, CSRF token from /login) as HR
   (`kepegawaian`), as the demo supervisor (`atasan`, a handful of staff) and as a bench unit head
   with 200 staff (`bench-atasan`, created in the bench database only), and requests each page
   once to warm up, then --repeat times: SQL statements per request (a `before_cursor_execute`
   listener: everything the request runs, including loading the logged-in user) and the median
   wall time. The naive baseline is unscoped, so it is compared with HR (who also sees every row)
   only. A page must answer 200; the number of rows it rendered is shown so an empty or broken
   page cannot pass for a fast one.
4. Optionally (--export-rows, default 100,000; 0 skips) the peak memory of a CSV export of that
   many activity reports: ours (streamed) against Flask-Admin's stock export capped at the same
   number of rows (its default, export_max_rows=0, means every row). Each export runs in a fresh
   child process; the figure is its peak RSS above the RSS just before the export.

Ratios are naive / ours (above 1 means ours is better). Timings depend on the machine; the
statement counts do not.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_PASSWORD = "kinerja-demo"
BENCH_SUPERVISOR = "bench-atasan"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'instance' / 'bench.db'}"


def make_app(url: str, export_rows: int = 0):
    from app import create_app

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url,
                     UPLOAD_DIR=str(ROOT / "instance" / "bench-uploads"),
                     EXPORT_MAX_ROWS=export_rows or 200_000)
    add_naive_admin(app, export_rows)
    return app


# --- the naive baseline -------------------------------------------------------------------------

def add_naive_admin(app, export_rows: int) -> None:
    """Plain Flask-Admin ModelViews on a second Admin at /naive/ (this process only)."""
    from flask_admin import Admin
    from flask_admin.contrib.sqla import ModelView
    from flask_admin.contrib.sqla.filters import FilterEqual
    from flask_admin.theme import Bootstrap4Theme

    from app.extensions import db
    from app.org.admin import EmployeeView
    from app.org.models import Employee
    from app.performance.admin import ActivityReportView
    from app.performance.workflow import DEFAULT_DEFINITION
    from app.performance.models import ActivityReport

    class NaiveReportView(ModelView):
        column_list = ActivityReportView.column_list
        column_export_list = ActivityReportView.column_export_list
        column_searchable_list = ["description"]
        column_filters = [FilterEqual(ActivityReport.status, "Status",
                                      options=[(st["code"], st["label"]) for st in DEFAULT_DEFINITION["states"]]),
                      "date"]
        column_sortable_list = ["date", "duration_minutes", "status"]
        column_default_sort = [("date", True), ("id", True)]
        can_export = True
        export_max_rows = export_rows  # stock default 0 = every row

    class NaiveEmployeeView(ModelView):
        column_list = EmployeeView.column_list
        column_searchable_list = ["nip", "name"]
        column_filters = ["employment_type", "grade", "unit.name", "position.kind", "active"]
        column_sortable_list = ["nip", "name", "grade", "active", ("unit", "unit.name")]
        column_default_sort = "name"

    naive = Admin(app, name="Naive", url="/naive", endpoint="naive",
                  theme=Bootstrap4Theme(base_template="admin/kinerja_base.html", fluid=True))
    naive.add_view(NaiveReportView(ActivityReport, db, endpoint="naive_activity_report"))
    naive.add_view(NaiveEmployeeView(Employee, db, endpoint="naive_employee"))


# --- the data -----------------------------------------------------------------------------------

def sizes(db) -> dict:
    from sqlalchemy import func, select

    from app.org.models import Employee, WorkUnit
    from app.performance.models import ActivityReport

    return {
        "bench_employees": db.session.scalar(
            select(func.count()).select_from(Employee).join(WorkUnit, WorkUnit.id == Employee.unit_id)
            .where(WorkUnit.code.like("BENCH-%"))) or 0,
        "employees": db.session.scalar(select(func.count()).select_from(Employee)) or 0,
        "reports": db.session.scalar(select(func.count()).select_from(ActivityReport)) or 0,
    }


def drop_everything(app) -> None:
    from sqlalchemy import text

    from app.extensions import db

    with app.app_context():
        db.session.remove()
        if db.engine.dialect.name == "sqlite":
            db.engine.dispose()
            path = Path(db.engine.url.database)
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        else:
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            db.engine.dispose()


def ensure_data(app, employees: int, reports: int) -> dict:
    from flask_migrate import upgrade
    from sqlalchemy import inspect

    from app.extensions import db
    from app.workflow.engine import seed_defaults

    with app.app_context():
        present = None
        if inspect(db.engine).has_table("activity_report"):
            present = sizes(db)
            if present["bench_employees"] >= employees and present["reports"] >= reports:
                upgrade(revision="heads")  # an older bench database gets the newer revisions
                seed_defaults()
                return {**present, "generated": None}
            print(f"Bench database too small ({present['bench_employees']} bench employees, "
                  f"{present['reports']} reports): rebuilding it.", flush=True)
    if present is not None:
        drop_everything(app)
    with app.app_context():
        from app.demo.bulk import generate
        from app.demo.data import ensure_roles, load_demo

        started = time.perf_counter()
        upgrade(revision="heads")  # the Alembic migrations, as `flask db upgrade heads`
        ensure_roles()
        db.session.commit()
        seed_defaults()
        load_demo()
        db.session.commit()
        setup_seconds = time.perf_counter() - started
        print(f"Schema, roles and demo data in {setup_seconds:.1f} s; generating {employees} "
              f"employees and {reports} reports ...", flush=True)
        stats = generate(employees=employees, reports=reports)
        print(f"Generated in {stats['seconds']:.1f} s "
              f"({reports / stats['seconds']:,.0f} reports/s).", flush=True)
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does after a bulk load (the visibility map enables index-only
            # scans); autovacuum may be off or not have run yet on a test server.
            started = time.perf_counter()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
            print(f"VACUUM ANALYZE in {time.perf_counter() - started:.1f} s.", flush=True)
        return {**sizes(db), "generated": stats["seconds"]}


def ensure_bench_supervisor(app) -> None:
    """A login for the head of the first bench unit (200 staff at 10,000 employees)."""
    from sqlalchemy import select

    from app.auth.models import Role, User
    from app.auth.roles import EMPLOYEE, SUPERVISOR
    from app.extensions import db
    from app.org.models import Employee, WorkUnit

    with app.app_context():
        if db.session.scalar(select(User.id).where(User.username == BENCH_SUPERVISOR)):
            return
        head = db.session.scalar(
            select(Employee).join(WorkUnit, WorkUnit.id == Employee.unit_id)
            .where(WorkUnit.code.like("BENCH-%"), Employee.supervisor_id.is_(None))
            .order_by(Employee.id).limit(1))
        roles = list(db.session.scalars(select(Role).where(Role.name.in_([SUPERVISOR, EMPLOYEE]))))
        user = User(username=BENCH_SUPERVISOR, employee=head, roles=roles)
        user.set_password(BENCH_PASSWORD)
        db.session.add(user)
        db.session.commit()


# --- measuring ----------------------------------------------------------------------------------

class StatementCounter:
    def __init__(self, engine):
        from sqlalchemy import event

        self.count = 0
        self.statements: list[str] = []
        event.listen(engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, conn, cursor, statement, parameters, context, executemany):
        self.count += 1
        self.statements.append(statement)

    @contextmanager
    def counting(self):
        self.count = 0
        self.statements = []
        yield self


def login(app, username: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = TOKEN.search(page).group(1)
    response = client.post("/login", data={"username": username, "password": BENCH_PASSWORD,
                                           "csrf_token": token})
    if response.status_code != 302:
        raise SystemExit(f"Login as {username} failed ({response.status_code}).")
    return client


ROW_MARKERS = {"report": 'class="col-date"', "employee": 'class="col-nip"', "dashboard": None}


def measure(client, counter, url: str, kind: str, repeat: int) -> dict:
    response = client.get(url)  # warm-up (templates, caches, first statements)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    times, statements = [], []
    for _ in range(repeat):
        with counter.counting():
            started = time.perf_counter()
            response = client.get(url)
            body = response.get_data(as_text=True)
            times.append((time.perf_counter() - started) * 1000)
            statements.append(counter.count)
            sql = list(counter.statements)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    marker = ROW_MARKERS[kind]
    return {"ms": statistics.median(times), "statements": max(statements), "sql": sql,
            "rows": body.count(marker) if marker else None}


def pages(search_common: str, search_rare: str):
    """(label, kind, our URL, naive URL or None) for each page measured."""
    reports, naive_reports = "/admin/activity_report/", "/naive/naive_activity_report/"
    employees, naive_employees = "/admin/employee/", "/naive/naive_employee/"
    both = [
        ("reports: page 1", "report", reports, naive_reports, ""),
        ("reports: page 50", "report", reports, naive_reports, "?page=49"),
        (f"reports: search '{search_common}'", "report", reports, naive_reports,
         f"?search={search_common}"),
        (f"reports: search '{search_rare}'", "report", reports, naive_reports,
         f"?search={search_rare}"),
        ("reports: status = submitted", "report", reports, naive_reports, "?flt1_0=submitted"),
        ("reports: sort duration desc", "report", reports, naive_reports, "?sort=3&desc=1"),
        ("employees: page 1", "employee", employees, naive_employees, ""),
        ("employees: search 'Uji 777'", "employee", employees, naive_employees, "?search=Uji+777"),
        ("dashboard /admin/", "dashboard", "/admin/", None, ""),
    ]
    for label, kind, ours, naive, query in both:
        yield label, kind, ours + query, (naive + query) if naive else None


def run_pages(app, counter, repeat: int, show_sql: bool) -> list[dict]:
    results = []
    users = [("HR", "kepegawaian", True), ("supervisor (demo)", "atasan", False),
             ("supervisor (200 staff)", BENCH_SUPERVISOR, False)]
    for who, username, with_naive in users:
        client = login(app, username)
        for label, kind, ours_url, naive_url in pages("koordinasi", "987654"):
            if not with_naive and "page 50" in label:
                continue
            ours = measure(client, counter, ours_url, kind, repeat)
            naive = measure(client, counter, naive_url, kind, repeat) \
                if with_naive and naive_url else None
            results.append({"who": who, "page": label, "ours": ours, "naive": naive})
            line = format_row(results[-1])
            print(line, flush=True)
            if show_sql:
                for stmt in ours["sql"]:
                    print("      ours: " + " ".join(stmt.split())[:300])
                for stmt in (naive or {}).get("sql", []):
                    print("     naive: " + " ".join(stmt.split())[:300])
    return results


HEADER = (f"{'user':<23} {'page':<32} {'rows':>8} {'statements':>12} "
          f"{'median ms':>20} {'ratio':>7}")


def format_row(r: dict) -> str:
    o, n = r["ours"], r["naive"]
    rows = f"{o['rows'] if o['rows'] is not None else '-'}"
    if n:
        rows += f"/{n['rows']}" if n["rows"] is not None else ""
        stmts = f"{o['statements']} vs {n['statements']}"
        ms = f"{o['ms']:.1f} vs {n['ms']:.1f}"
        ratio = f"{n['ms'] / o['ms']:.1f}x"
    else:
        stmts, ms, ratio = f"{o['statements']}", f"{o['ms']:.1f}", "-"
    return f"{r['who']:<23} {r['page']:<32} {rows:>8} {stmts:>12} {ms:>20} {ratio:>7}"


# --- export memory (child processes) -----------------------------------------------------------

def status_kib(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


def reset_peak_rss() -> None:
    """Linux: writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def export_child(which: str, rows: int) -> None:
    app = make_app(database_url(), export_rows=rows)
    client = login(app, "kepegawaian")
    url = ("/admin/activity_report/export/csv/" if which == "ours"
           else "/naive/naive_activity_report/export/csv/")
    held = None
    if which == "naive":
        # The stock export streams after the request's session is closed and fails with
        # DetachedInstanceError at the first lazily loaded cell (Flask 3, Flask-SQLAlchemy 3).
        # An outer app context keeps that session open so it can be measured at all.
        held = app.app_context()
        held.push()
    reset_peak_rss()
    before = status_kib("VmRSS")
    started = time.perf_counter()
    response = client.get(url, buffered=False)
    lines = size = 0
    for chunk in response.response:
        chunk = chunk if isinstance(chunk, bytes) else chunk.encode()
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    seconds = time.perf_counter() - started
    if held is not None:
        held.pop()
    peak = status_kib("VmHWM")
    print(f"{lines - 1} {size} {seconds:.2f} {(peak - before) / 1024:.0f}")


def run_exports(rows: int) -> list[tuple]:
    out = []
    for which in ("ours", "naive"):
        result = subprocess.run([sys.executable, __file__, "--export-child", which,
                                 "--export-rows", str(rows)], capture_output=True, text=True,
                                cwd=ROOT, env=os.environ.copy())
        if result.returncode != 0:
            print(result.stderr[-2000:])
            raise SystemExit(f"export child ({which}) failed")
        data_rows, size, seconds, mib = result.stdout.split()[-4:]
        out.append((which, int(data_rows), int(size), float(seconds), int(mib)))
    return out


# --- main ---------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page")
    parser.add_argument("--export-rows", type=int, default=100_000,
                        help="rows in the export memory test (0 skips it)")
    parser.add_argument("--sql", action="store_true", help="print the SQL of each page")
    parser.add_argument("--export-child", choices=["ours", "naive"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        export_child(args.export_child, args.export_rows)
        return

    url = database_url()
    app = make_app(url, export_rows=args.export_rows)
    from app.extensions import db

    with app.app_context():
        shown = db.engine.url.render_as_string(hide_password=True)
    print(f"Database: {shown}")
    present = ensure_data(app, args.employees, args.reports)
    ensure_bench_supervisor(app)
    print(f"Rows: {present['employees']:,} employees ({present['bench_employees']:,} bench), "
          f"{present['reports']:,} activity reports. Median of {args.repeat} requests after "
          f"one warm-up; statements = all SQL of the request.\n")
    with app.app_context():
        counter = StatementCounter(db.engine)
    print(HEADER)
    print("-" * len(HEADER))
    run_pages(app, counter, args.repeat, args.sql)
    print("\nstatements and ms: ours vs naive; ratio = naive ms / ours ms; "
          "rows = rows rendered (ours/naive).")
    if args.export_rows:
        print(f"\nCSV export of {args.export_rows:,} activity reports (fresh process each):")
        for which, data_rows, size, seconds, mib in run_exports(args.export_rows):
            print(f"  {which:<6} {data_rows:>9,} rows  {size / 1e6:7.1f} MB  {seconds:6.1f} s  "
                  f"peak RSS +{mib} MiB")


if __name__ == "__main__":
    main()
