"""Benchmark the main back-office pages at scale, against a naive Flask-Admin baseline.

    make bench                                   # 10,000 employees, 1,000,000 reports, SQLite
    .venv/bin/python bench/run.py --reports 200000 --repeat 3
    .venv/bin/python bench/run.py --pages appraisal --export-rows 0   # the appraisal pages only
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_helper \
        .venv/bin/python bench/run.py

What it does:

1. Builds the benchmark database (instance/bench.db, or BENCH_DATABASE_URL) when it is missing or
   holds fewer employees or reports than asked: schema through the Alembic migrations (as
   `flask db upgrade`), the roles, the demo data and accounts (`load_demo`), then the bulk data
   (`app.demo.bulk.generate`). The generation time is printed. A bigger database is reused as is;
   the sizes actually present are printed.
   With the appraisal plugin enabled, it then adds once (skipped when present) an appraisal cycle
   of the bench year with SKP for every active employee, plans, Q4 and annual evaluations and a
   unit predikat, in bulk SQL (`generate_appraisal` has the shape of the data).
2. Registers, in this process only, a NAIVE baseline: plain `flask_admin.contrib.sqla.ModelView`s
   over the same models with the same list columns, search, filters and default sort, on a second
   Admin at /naive/ (Flask-Admin defaults otherwise: COUNT on every page, automatic joinedload of
   the relationships it can see, `ILIKE` search, ORM export): activity reports and employees,
   and the appraisal plugin's SKP and evaluations. Nothing of it is in the product.
3. Logs in through the real HTTP stack (Flask test client, CSRF token from /login) as HR
   (`kepegawaian`), as the demo supervisor (`atasan`, a handful of staff) and as a bench unit head
   with 200 staff (`bench-atasan`, created in the bench database only; the appraisal pages as HR
   and `bench-atasan` only, see `appraisal_pages`), and requests each page once to warm up,
   then --repeat times: SQL statements per request (a `before_cursor_execute`
   listener: everything the request runs, including loading the logged-in user) and the median
   wall time. The naive baseline is unscoped, so it is compared with HR (who also sees every row)
   only. A page must answer 200; the number of rows it rendered is shown so an empty or broken
   page cannot pass for a fast one.
4. Optionally (--export-rows, default 100,000; 0 skips) the peak memory of a CSV export of that
   many activity reports: ours (streamed) against Flask-Admin's stock export capped at the same
   number of rows (its default, export_max_rows=0, means every row). Each export runs in a fresh
   child process; the figure is its peak RSS above the RSS just before the export.

5. The goals of issue 16 (bench/goals.py, bench/loads.py; skip with --no-goals): every list
   page against stock Flask-Admin at two page sizes and a far page, with its statements and its
   floor; the supervisor outlier; `gunicorn -w 2` throughput; the employee import. With
   --postgres URL (or BENCH_POSTGRES_URL) the run is repeated on that database in a child
   process and both goal tables are printed. --scale 0.1 makes a quick run.

Ratios are naive / ours (above 1 means ours is better). Timings depend on the machine; the
statement counts do not.
"""
from __future__ import annotations

import argparse
import json
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
sys.path.insert(1, str(ROOT / "bench"))

from goals import (  # noqa: E402
    GOAL_HEADER, USER_STATEMENTS, add_naive_audit, format_goal, measure_goals)

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

# Flask-Admin's own list template (app/templates/admin/model/list.html shadows it for ours).
STOCK_LIST = "bootstrap4/admin/model/list.html"


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
    from app.performance.models import ActivityReport
    from app.performance.workflow import DEFAULT_DEFINITION

    class NaiveReportView(ModelView):
        list_template = STOCK_LIST
        can_set_page_size = True  # (as ours: the goals compare 100 rows with 100 rows)
        page_size_options = (20, 50, 100)
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
        list_template = STOCK_LIST
        can_set_page_size = True  # (as ours: the goals compare 100 rows with 100 rows)
        page_size_options = (20, 50, 100)
        column_list = EmployeeView.column_list
        column_searchable_list = ["nip", "name"]
        column_filters = ["employment_type", "grade", "unit.name", "position.kind", "active"]
        column_sortable_list = ["nip", "name", "grade", "active", ("unit", "unit.name")]
        column_default_sort = "name"

    naive = Admin(app, name="Naive", url="/naive", endpoint="naive",
                  theme=Bootstrap4Theme(base_template="admin/base.html", fluid=True))  # stock
    naive.add_view(NaiveReportView(ActivityReport, db, endpoint="naive_activity_report"))
    naive.add_view(NaiveEmployeeView(Employee, db, endpoint="naive_employee"))
    if appraisal_enabled(app):
        add_naive_appraisal(naive)
    add_naive_audit(naive)


def add_naive_appraisal(naive) -> None:
    """Stock ModelViews of SKP and evaluations with the columns, search, filters and sort of
    ours (stock filter classes; no formatters: relations render through `__str__`)."""
    from flask_admin.contrib.sqla import ModelView
    from flask_admin.contrib.sqla.filters import FilterEqual, IntEqualFilter

    from app.extensions import db
    from plugins.appraisal.admin import SkpView
    from plugins.appraisal.evaluation import EvaluationView
    from plugins.appraisal.labels import PREDIKAT_LABELS
    from plugins.appraisal.models import Evaluation, Skp
    from plugins.appraisal.workflows import EVALUATION_DEFINITION, SKP_DEFINITION

    def states(definition):
        return [(st["code"], st["label"]) for st in definition["states"]]

    class NaiveSkpView(ModelView):
        list_template = STOCK_LIST
        can_set_page_size = True  # (as ours: the goals compare 100 rows with 100 rows)
        page_size_options = (20, 50, 100)
        column_list = SkpView.column_list
        column_searchable_list = SkpView.column_searchable_list
        column_filters = [FilterEqual(Skp.status, "Status", options=states(SKP_DEFINITION)),
                          IntEqualFilter(Skp.unit_id, "Unit"),
                          IntEqualFilter(Skp.cycle_id, "Cycle")]

    class NaiveEvaluationView(ModelView):
        list_template = STOCK_LIST
        can_set_page_size = True  # (as ours: the goals compare 100 rows with 100 rows)
        page_size_options = (20, 50, 100)
        column_list = EvaluationView.column_list
        column_searchable_list = EvaluationView.column_searchable_list
        column_filters = [
            FilterEqual(Evaluation.status, "Status", options=states(EVALUATION_DEFINITION)),
            IntEqualFilter(Evaluation.unit_id, "Unit"),
            IntEqualFilter(Evaluation.period, "Period"),
            FilterEqual(Evaluation.predikat, "Predikat", options=list(PREDIKAT_LABELS.items()))]
        column_sortable_list = EvaluationView.column_sortable_list
        column_default_sort = EvaluationView.column_default_sort

    naive.add_view(NaiveSkpView(Skp, db, endpoint="naive_skp"))
    naive.add_view(NaiveEvaluationView(Evaluation, db, endpoint="naive_evaluation"))


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
        if db.engine.dialect.name == "sqlite":
            # The planner statistics migration 0007 and `PRAGMA optimize` keep (app/core/
            # sqlite.py): without them a supervisor's status filter walks every report.
            with db.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
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
    from app.core.roles import EMPLOYEE, SUPERVISOR
    from app.extensions import db

    with app.app_context():
        if db.session.scalar(select(User.id).where(User.username == BENCH_SUPERVISOR)):
            return
        head = bench_head(db)
        roles = list(db.session.scalars(select(Role).where(Role.name.in_([SUPERVISOR, EMPLOYEE]))))
        user = User(username=BENCH_SUPERVISOR, employee=head, roles=roles)
        user.set_password(BENCH_PASSWORD)
        db.session.add(user)
        db.session.commit()


# --- the appraisal data (plugins/appraisal) -----------------------------------------------------

APPRAISAL_CHUNK = 5_000
HEAD_RHK = ("Meningkatnya kualitas layanan unit kerja",
            "Indeks kepuasan masyarakat atas layanan unit", "82 (indeks)")
STAFF_RHK = ("Berkas permohonan terverifikasi lengkap dan tepat waktu",
             "Jumlah berkas permohonan yang diverifikasi", "600 berkas")
EXTRA_RHK = ("Tersusunnya laporan bulanan layanan",
             "Jumlah laporan bulanan yang tersusun", "12 laporan")


def appraisal_enabled(app) -> bool:
    return any(p.name == "appraisal" for p in app.extensions["kinerja_plugins"]["enabled"])


def bench_head(db):
    """The head of the first bench unit (200 employees): the `bench-atasan` login."""
    from sqlalchemy import select

    from app.org.models import Employee, WorkUnit

    return db.session.scalar(
        select(Employee).join(WorkUnit, WorkUnit.id == Employee.unit_id)
        .where(WorkUnit.code.like("BENCH-%"), Employee.supervisor_id.is_(None))
        .order_by(Employee.id).limit(1))


def ensure_appraisal(app) -> dict:
    """The bench appraisal cycle, generated once (see `generate_appraisal`); the ids the
    appraisal pages are measured on."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.org.models import WorkUnit
    from plugins.appraisal.models import (
        ANNUAL,
        AppraisalCycle,
        Evaluation,
        Iki,
        ReportLink,
        Rhk,
        Skp,
        UnitPredikat,
    )

    with app.app_context():
        bench_units = select(WorkUnit.id).where(WorkUnit.code.like("BENCH-%"))
        cycle_id = db.session.scalar(select(Skp.cycle_id).where(Skp.unit_id.in_(bench_units))
                                     .order_by(Skp.cycle_id.desc()).limit(1))
        # The unit predikat is written last: with it the data is complete.
        done = cycle_id is not None and db.session.scalar(
            select(UnitPredikat.id).where(UnitPredikat.cycle_id == cycle_id,
                                          UnitPredikat.unit_id.in_(bench_units)).limit(1))
        seconds = None
        if not done:
            print("Generating the appraisal cycle (SKP, RHK, IKI, evaluations) ...", flush=True)
            started = time.perf_counter()
            cycle_id = generate_appraisal(cycle_id)
            seconds = time.perf_counter() - started
            print(f"Appraisal data generated in {seconds:.1f} s.", flush=True)
        head = bench_head(db)
        in_cycle = select(Skp.id).where(Skp.cycle_id == cycle_id)

        def count(model, *where):
            return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0

        return {
            "generated": seconds, "cycle_id": cycle_id, "unit_id": head.unit_id,
            "year": db.session.get(AppraisalCycle, cycle_id).year,
            "predikat_id": db.session.scalar(select(UnitPredikat.id).where(
                UnitPredikat.cycle_id == cycle_id, UnitPredikat.unit_id == head.unit_id)),
            # The annual evaluation of one of the bench supervisor's staff.
            "evaluation_id": db.session.scalar(select(Evaluation.id).where(
                Evaluation.skp_id.in_(in_cycle), Evaluation.appraiser_id == head.id,
                Evaluation.period == ANNUAL, Evaluation.status == "final")
                .order_by(Evaluation.id).limit(1)),
            "skp_id": db.session.scalar(select(Skp.id).where(
                Skp.cycle_id == cycle_id, Skp.appraiser_id == head.id,
                Skp.status == "approved").order_by(Skp.id).limit(1)),
            "skp": count(Skp, Skp.cycle_id == cycle_id),
            "approved": count(Skp, Skp.cycle_id == cycle_id, Skp.status == "approved"),
            "rhk": count(Rhk, Rhk.skp_id.in_(in_cycle)),
            "iki": count(Iki, Iki.rhk_id.in_(select(Rhk.id).where(Rhk.skp_id.in_(in_cycle)))),
            "evaluations": count(Evaluation, Evaluation.skp_id.in_(in_cycle)),
            "links": count(ReportLink, ReportLink.rhk_id.in_(
                select(Rhk.id).where(Rhk.skp_id.in_(in_cycle)))),
        }


def generate_appraisal(cycle_id: int | None) -> int:
    """A cycle of the bench year (the calendar year holding most of the bench reports, which
    cover the 365 days before the build) in the evaluation stage, in bulk SQL:

    - SKP for every active employee (`plugins.appraisal.generation.generate`, INSERT ... SELECT,
      once per top-level unit); in the bench units 96 % approved, 2 % submitted, 2 % draft;
    - the plans of the approved and submitted SKP (INSERT ... SELECT): the unit head's main RHK,
      each staff member's main RHK supporting it (the cascade), an additional RHK for a third
      of them; one IKI per RHK;
    - for every approved SKP a final Q4 evaluation and the annual one (5 % missing, 5 % still a
      draft, 5 % rated, 5 % signed, the rest final), the ratings drawn mostly Baik and the
      predikat from `rules.predikat` (Core executemany); realisasi of every IKI and one feedback
      per rated evaluation (INSERT ... SELECT); a sixth of each employee's verified reports of
      the year linked to their main RHK;
    - the annual unit predikat (Baik) of the bench supervisor's unit, last: it marks the data
      complete.

    Each step skips what exists, so an interrupted run resumes. No audit events (synthetic
    load), except the one `generate` records per call."""
    import random
    from datetime import date, timedelta

    from sqlalchemy import and_, case, exists, func, insert, literal, null, select, update

    from app.extensions import db
    from app.i18n import local_today, utcnow
    from app.org.models import Employee, Position, WorkUnit
    from app.performance.models import ActivityReport
    from plugins.appraisal import rules
    from plugins.appraisal.generation import generate
    from plugins.appraisal.models import (
        ANNUAL,
        AppraisalCycle,
        Evaluation,
        Feedback,
        Iki,
        IkiRealisation,
        ReportLink,
        Rhk,
        Skp,
        UnitPredikat,
    )

    session = db.session
    now = utcnow()
    stamp = {"created_at": now, "updated_at": now}
    bench_units = select(WorkUnit.id).where(WorkUnit.code.like("BENCH-%"))
    if cycle_id is None:
        year = (local_today() - timedelta(days=182)).year
        cycle_id = session.scalar(select(AppraisalCycle.id).where(AppraisalCycle.year == year))
    if cycle_id is None:
        cycle_id = session.execute(insert(AppraisalCycle.__table__).values(
            year=year, periodicity="quarterly", state="evaluasi", acknowledgement_days=14,
            objection_days=14, opening_months=1, require_cascade=True, **stamp)
            .returning(AppraisalCycle.__table__.c.id)).scalar()
        session.commit()
    cycle = session.get(AppraisalCycle, cycle_id)
    conn = session.connection()

    # Bench employees all hold the position `app.demo.bulk` took first. Staff need a functional
    # one for the angka kredit list (on SQLite it already is one; on PostgreSQL maybe a JPT).
    if not session.scalar(select(func.count()).select_from(Employee)
                          .join(Position, Position.id == Employee.position_id)
                          .where(Employee.unit_id.in_(bench_units),
                                 Position.kind == "fungsional")):
        functional = session.scalar(select(Position.id).where(Position.kind == "fungsional")
                                    .order_by(Position.id).limit(1))
        if functional is None:
            functional = conn.execute(insert(Position.__table__).values(
                name="Analis Kebijakan", kind="fungsional", level="ahli_pertama", **stamp)
                .returning(Position.__table__.c.id)).scalar()
        conn.execute(update(Employee.__table__).where(
            Employee.__table__.c.unit_id.in_(bench_units),
            Employee.__table__.c.supervisor_id.isnot(None)).values(position_id=functional))
        session.commit()

    for root in session.scalars(select(WorkUnit.id).where(WorkUnit.parent_id.is_(None))
                                .order_by(WorkUnit.id)).all():
        generate(cycle, root)   # set-based; commits; skips employees who have an SKP
    conn = session.connection()
    skp, rhk, iki = Skp.__table__, Rhk.__table__, Iki.__table__
    evaluation = Evaluation.__table__
    bench = and_(skp.c.cycle_id == cycle_id, skp.c.unit_id.in_(bench_units))

    # Status: heads approved (their staff's RHK support theirs), 2 % draft, 2 % submitted.
    # (Moduli prime to 50: bench employees are dealt round-robin to the 50 units, so the ids of
    # a unit step by 50 and `id % 50` would pick whole units.)
    conn.execute(update(skp).where(bench, skp.c.status == "draft").values(status=case(
        (skp.c.appraiser_id.is_(None), "approved"), (skp.c.employee_id % 47 == 0, "draft"),
        (skp.c.employee_id % 47 == 1, "submitted"), else_="approved")))

    def rhk_missing(kind):
        return ~exists().where(rhk.c.skp_id == skp.c.id, rhk.c.kind == kind)

    planned = and_(bench, skp.c.status != "draft")
    head_rhk, head_skp = rhk.alias("head_rhk"), skp.alias("head_skp")
    rhk_columns = ["skp_id", "kind", "text", "parent_id", "created_at", "updated_at"]
    conn.execute(insert(rhk).from_select(rhk_columns, select(
        skp.c.id, literal("utama"), literal(HEAD_RHK[0]), null(), literal(now), literal(now))
        .where(planned, skp.c.appraiser_id.is_(None), rhk_missing("utama"))))
    conn.execute(insert(rhk).from_select(rhk_columns, select(
        skp.c.id, literal("utama"), literal(STAFF_RHK[0]), head_rhk.c.id, literal(now),
        literal(now))
        .select_from(skp.outerjoin(head_skp, and_(head_skp.c.employee_id == skp.c.appraiser_id,
                                                  head_skp.c.cycle_id == cycle_id))
                     .outerjoin(head_rhk, and_(head_rhk.c.skp_id == head_skp.c.id,
                                               head_rhk.c.kind == "utama")))
        .where(planned, skp.c.appraiser_id.isnot(None), rhk_missing("utama"))))
    conn.execute(insert(rhk).from_select(rhk_columns, select(
        skp.c.id, literal("tambahan"), literal(EXTRA_RHK[0]), null(), literal(now),
        literal(now))
        .where(planned, skp.c.employee_id % 3 == 0, rhk_missing("tambahan"))))
    staff_iki = case((rhk.c.kind == "tambahan", EXTRA_RHK[1]),
                     (rhk.c.parent_id.is_(None), HEAD_RHK[1]), else_=STAFF_RHK[1])
    target = case((rhk.c.kind == "tambahan", EXTRA_RHK[2]),
                  (rhk.c.parent_id.is_(None), HEAD_RHK[2]), else_=STAFF_RHK[2])
    aspect = case((skp.c.jpt.is_(True), "penerima_layanan"), else_="kuantitas")
    conn.execute(insert(iki).from_select(
        ["rhk_id", "name", "aspect", "target", "created_at", "updated_at"],
        select(rhk.c.id, staff_iki, aspect, target, literal(now), literal(now))
        .select_from(rhk.join(skp, skp.c.id == rhk.c.skp_id))
        .where(bench, ~exists().where(iki.c.rhk_id == rhk.c.id))))
    session.commit()
    conn = session.connection()

    # Evaluations: Q4 and annual of every approved bench SKP (Core executemany).
    rng = random.Random(2026)
    pairs, weights = zip(*[
        ((rules.SESUAI, rules.SESUAI), 55), ((rules.SESUAI, rules.DI_ATAS), 12),
        ((rules.DI_ATAS, rules.SESUAI), 8), ((rules.DI_ATAS, rules.DI_ATAS), 10),
        ((rules.DI_BAWAH, rules.SESUAI), 8), ((rules.DI_BAWAH, rules.DI_ATAS), 2),
        ((rules.SESUAI, rules.DI_BAWAH), 3), ((rules.DI_BAWAH, rules.DI_BAWAH), 2)])
    annual_status = {3: None, 4: "draft", 5: "rated", 6: "signed"}   # employee id % 21
    rows = []
    for skp_id, employee_id, appraiser_id, superior_id, unit_id in conn.execute(
            select(skp.c.id, skp.c.employee_id, skp.c.appraiser_id, skp.c.superior_id,
                   skp.c.unit_id)
            .where(bench, skp.c.status == "approved",
                   ~exists().where(evaluation.c.skp_id == skp.c.id))
            .order_by(skp.c.id)):
        people = {"skp_id": skp_id, "employee_id": employee_id, "appraiser_id": appraiser_id,
                  "superior_id": superior_id, "unit_id": unit_id, **stamp}
        for period in (4, ANNUAL):
            status = annual_status.get(employee_id % 21, "final") if period == ANNUAL \
                else "final"
            if status is None:
                continue   # the annual evaluation is missing
            hasil = perilaku = predikat = None
            if status != "draft":
                hasil, perilaku = rng.choices(pairs, weights)[0]
                predikat = rules.predikat(hasil, perilaku)
            rows.append({**people, "period": period, "status": status, "hasil_kerja": hasil,
                         "perilaku": perilaku, "predikat": predikat})
    for first in range(0, len(rows), APPRAISAL_CHUNK):
        conn.execute(insert(evaluation), rows[first:first + APPRAISAL_CHUNK])

    rated = and_(evaluation.c.status != "draft", evaluation.c.skp_id.in_(
        select(skp.c.id).where(bench)))
    realisation, feedback = IkiRealisation.__table__, Feedback.__table__
    conn.execute(insert(realisation).from_select(
        ["evaluation_id", "indicator_id", "value", "created_at", "updated_at"],
        select(evaluation.c.id, iki.c.id, literal("Tercapai sesuai target"), literal(now),
               literal(now))
        .select_from(evaluation.join(rhk, rhk.c.skp_id == evaluation.c.skp_id)
                     .join(iki, iki.c.rhk_id == rhk.c.id))
        .where(rated, ~exists().where(realisation.c.evaluation_id == evaluation.c.id))))
    conn.execute(insert(feedback).from_select(
        ["evaluation_id", "rhk_id", "text", "created_at", "updated_at"],
        select(evaluation.c.id, rhk.c.id,
               literal("Hasil kerja konsisten; pertahankan ketepatan waktu."), literal(now),
               literal(now))
        .select_from(evaluation.join(rhk, and_(rhk.c.skp_id == evaluation.c.skp_id,
                                               rhk.c.kind == "utama")))
        .where(rated, ~exists().where(feedback.c.evaluation_id == evaluation.c.id))))

    # A sixth of the verified reports of the cycle year count towards the main RHK.
    report, link = ActivityReport.__table__, ReportLink.__table__
    main = rhk.alias("main_rhk")
    conn.execute(insert(link).from_select(["report_id", "rhk_id"], select(
        report.c.id, main.c.id)
        .select_from(report.join(skp, and_(skp.c.employee_id == report.c.employee_id,
                                           skp.c.cycle_id == cycle_id))
                     .join(main, and_(main.c.skp_id == skp.c.id, main.c.kind == "utama")))
        .where(bench, report.c.status == "verified", report.c.id % 6 == 0,
               report.c.date.between(date(cycle.year, 1, 1), date(cycle.year, 12, 31)),
               ~exists().where(link.c.report_id == report.c.id))))

    head = bench_head(db)
    conn.execute(insert(UnitPredikat.__table__).values(
        cycle_id=cycle_id, unit_id=head.unit_id, period=ANNUAL, predikat=rules.ORG_BAIK,
        **stamp))
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE appraisal_skp, appraisal_rhk, appraisal_indicator, "
                             "appraisal_evaluation, appraisal_realisation, appraisal_feedback, "
                             "appraisal_report_link")
    session.commit()
    return cycle_id


# --- measuring ----------------------------------------------------------------------------------

class StatementCounter:
    def __init__(self, engine):
        from sqlalchemy import event

        self.count = 0
        self.statements: list[str] = []
        self.parameters: list = []
        event.listen(engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, conn, cursor, statement, parameters, context, executemany):
        self.count += 1
        self.statements.append(statement)
        self.parameters.append(parameters)

    @contextmanager
    def counting(self):
        self.count = 0
        self.statements = []
        self.parameters = []
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


ROW_MARKERS = {
    "report": 'class="col-date"', "employee": 'class="col-nip"', "dashboard": None,
    "skp": 'class="col-employee"', "evaluation": 'class="col-employee"',
    "health": 'data-count="missing"',       # one per unit row of the cycle health table
    "plan": 'data-indicator="',             # IKI on the SKP page
    "evaluation page": 'data-report="',     # linked verified reports shown
    "cascade": 'data-rhk="',                # RHK nodes of the tree
    "credits": 'data-nip="',                # rows of the angka kredit page
    # the rated staff counted by the curve check (the sum of its table's counts)
    "curve": re.compile(r"<td[^>]*data-count>([\d.,\s]+)</td>"),
}


def rendered_rows(body: str, kind: str) -> int | None:
    marker = ROW_MARKERS[kind]
    if marker is None:
        return None
    if isinstance(marker, str):
        return body.count(marker)
    return sum(int(re.sub(r"\D", "", m)) for m in marker.findall(body))


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
            sql_params = list(zip(counter.statements, counter.parameters))
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return {"ms": statistics.median(times), "statements": max(statements), "sql": sql,
            "sql_params": sql_params, "rows": rendered_rows(body, kind) if kind else None}


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


def appraisal_pages(t: dict):
    """(label, kind, our URL, naive URL or None, who) of the appraisal pages; who is "both"
    (HR and the bench supervisor) or "hr" (pages only HR and the auditor may open, or that
    need a unit the bench supervisor does not head). `t` holds the ids (`ensure_appraisal`)."""
    cycle, unit = t["cycle_id"], t["unit_id"]
    skp, naive_skp = "/admin/appraisal_skp/", "/naive/naive_skp/"
    evaluations, naive_evaluations = "/admin/appraisal_evaluation/", "/naive/naive_evaluation/"
    yield "cycle details + health", "health", \
        f"/admin/appraisal_cycle/details/?id={cycle}", None, "hr"
    yield "SKP: page 1", "skp", skp, naive_skp, "both"
    yield "SKP: search 'Uji 777'", "skp", skp + "?search=Uji+777", \
        naive_skp + "?search=Uji+777", "both"
    yield "SKP: details (plan)", "plan", f"{skp}details/?id={t['skp_id']}", None, "both"
    yield "evaluations: page 1", "evaluation", evaluations, naive_evaluations, "both"
    yield "evaluations: search 'Uji 777'", "evaluation", evaluations + "?search=Uji+777", \
        naive_evaluations + "?search=Uji+777", "both"
    # the link of the health table's rated count: unit, annual period, cycle
    yield "evaluations: unit+annual+cycle", "evaluation", \
        f"{evaluations}?flt0_1={unit}&flt1_2=0&flt2_4={cycle}", None, "hr"
    yield "evaluation details (annual)", "evaluation page", \
        f"{evaluations}details/?id={t['evaluation_id']}", None, "both"
    yield "cascade, 200-staff unit", "cascade", \
        f"/admin/appraisal_rhk/cascade/?cycle={cycle}&unit={unit}", None, "both"
    yield "unit predikat curve (200 staff)", "curve", \
        f"/admin/appraisal_unit_predikat/details/?id={t['predikat_id']}", None, "hr"
    yield "angka kredit, page 1", "credits", \
        f"/admin/appraisal_coefficient/credits/?cycle={cycle}", None, "hr"


def run_pages(app, counter, repeat: int, show_sql: bool, appraisal: dict | None = None,
              core: bool = True) -> list[dict]:
    results = []
    users = [("HR", "kepegawaian", True), ("supervisor (demo)", "atasan", False),
             ("supervisor (200 staff)", BENCH_SUPERVISOR, False)]

    def run(client, who, label, kind, ours_url, naive_url):
        ours = measure(client, counter, ours_url, kind, repeat)
        naive = measure(client, counter, naive_url, kind, repeat) if naive_url else None
        results.append({"who": who, "page": label, "ours": ours, "naive": naive})
        print(format_row(results[-1]), flush=True)
        if show_sql:
            for stmt in ours["sql"]:
                print("      ours: " + " ".join(stmt.split())[:300])
            for stmt in (naive or {}).get("sql", []):
                print("     naive: " + " ".join(stmt.split())[:300])

    if core:
        for who, username, with_naive in users:
            client = login(app, username)
            for label, kind, ours_url, naive_url in pages("koordinasi", "987654"):
                if not with_naive and "page 50" in label:
                    continue
                run(client, who, label, kind, ours_url, naive_url if with_naive else None)
    if appraisal:
        print(f"\nAppraisal (cycle {appraisal['year']}): {appraisal['skp']:,} SKP "
              f"({appraisal['approved']:,} approved), {appraisal['rhk']:,} RHK, "
              f"{appraisal['iki']:,} IKI, {appraisal['evaluations']:,} evaluations, "
              f"{appraisal['links']:,} linked reports.", flush=True)
        for who, username, with_naive in (users[0], users[2]):
            client = login(app, username)
            for label, kind, ours_url, naive_url, for_whom in appraisal_pages(appraisal):
                if for_whom == "hr" and not with_naive:
                    continue
                run(client, who, "appraisal: " + label, kind, ours_url,
                    naive_url if with_naive else None)
    return results


HEADER = (f"{'user':<23} {'page':<43} {'rows':>9} {'statements':>12} "
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
    return f"{r['who']:<23} {r['page']:<43} {rows:>9} {stmts:>12} {ms:>20} {ratio:>7}"


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


def drain(response) -> tuple[int, int]:
    """Read a streamed response to its end: (lines, bytes), holding one chunk at a time."""
    lines = size = 0
    for chunk in response.response:
        chunk = chunk if isinstance(chunk, bytes) else chunk.encode()
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    return lines, size


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
    lines, size = drain(response)
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
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiplies --employees and --reports (0.1: a quick run)")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page")
    parser.add_argument("--export-rows", type=int, default=100_000,
                        help="rows in the export memory test (0 skips it)")
    parser.add_argument("--sql", action="store_true", help="print the SQL of each page")
    parser.add_argument("--pages", choices=["all", "core", "appraisal", "none"], default="all",
                        help="which pages to measure (appraisal: the appraisal plugin's; "
                             "none: only the goals)")
    parser.add_argument("--no-goals", action="store_true", help="skip the goals of issue 16")
    parser.add_argument("--throughput-seconds", type=float, default=5.0,
                        help="seconds of load per server in the gunicorn test (0 skips it)")
    parser.add_argument("--import-rows", type=int, default=10_000,
                        help="rows of the employee import test (0 skips it)")
    parser.add_argument("--postgres", metavar="URL", default=os.environ.get("BENCH_POSTGRES_URL"),
                        help="also run everything on this PostgreSQL database "
                             "(or BENCH_POSTGRES_URL) and print both goal tables")
    parser.add_argument("--goals-json", help=argparse.SUPPRESS)
    parser.add_argument("--export-child", choices=["ours", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--import-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        export_child(args.export_child, args.export_rows)
        return
    if args.import_child:
        from loads import import_child

        import_child(args.import_child)
        return
    employees, reports = int(args.employees * args.scale), int(args.reports * args.scale)

    url = database_url()
    app = make_app(url, export_rows=args.export_rows)
    from app.extensions import db

    with app.app_context():
        shown = db.engine.url.render_as_string(hide_password=True)
        dialect = db.engine.dialect.name
    print(f"Database: {shown}")
    present = ensure_data(app, employees, reports)
    ensure_bench_supervisor(app)
    appraisal = ensure_appraisal(app) if args.pages != "core" and appraisal_enabled(app) \
        else None
    print(f"Rows: {present['employees']:,} employees ({present['bench_employees']:,} bench), "
          f"{present['reports']:,} activity reports. Median of {args.repeat} requests after "
          f"one warm-up; statements = all SQL of the request.\n")
    with app.app_context():
        counter = StatementCounter(db.engine)
    if args.pages != "none":
        print(HEADER)
        print("-" * len(HEADER))
        run_pages(app, counter, args.repeat, args.sql,
                  appraisal if args.pages != "core" else None,
                  core=args.pages != "appraisal")
        print("\nstatements and ms: ours vs naive; ratio = naive ms / ours ms; "
              "rows = rows rendered (ours/naive).")
    goals = []
    if not args.no_goals:
        print(f"\nGoals of issue 16 ({dialect}): ours vs stock Flask-Admin; stmts = statements "
              f"besides the {USER_STATEMENTS} that load the user; floor = the page's SQL plus a "
              f"bare Jinja table of its rows.")
        print(GOAL_HEADER)
        goals = measure_goals(app, measure, counter, login, args.repeat)
        if args.throughput_seconds:
            from loads import throughput_goal

            goals.append(throughput_goal(args.throughput_seconds))
            print(format_goal(goals[-1]), flush=True)
        if args.import_rows:
            from loads import import_goal

            goals.append(import_goal(args.import_rows))
            print(format_goal(goals[-1]), flush=True)
    if args.export_rows:
        print(f"\nCSV export of {args.export_rows:,} activity reports (fresh process each):")
        for which, data_rows, size, seconds, mib in run_exports(args.export_rows):
            print(f"  {which:<6} {data_rows:>9,} rows  {size / 1e6:7.1f} MB  {seconds:6.1f} s  "
                  f"peak RSS +{mib} MiB")
    if args.goals_json:
        Path(args.goals_json).write_text(json.dumps(goals))
    if args.postgres and dialect != "postgresql":
        other = run_on_postgres(args)
        print_goal_tables({dialect: goals, "postgresql": other})


def run_on_postgres(args) -> list[dict]:
    """The same run in a child process on the PostgreSQL database; its goal rows."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "goals.json"
        argv = list(sys.argv[1:])
        if "--postgres" in argv:
            i = argv.index("--postgres")
            del argv[i:i + 2]
        argv = [a for a in argv if not a.startswith("--postgres=")]
        print("\n== the same on PostgreSQL ==", flush=True)
        env = dict(os.environ, BENCH_DATABASE_URL=args.postgres, BENCH_POSTGRES_URL="")
        subprocess.run([sys.executable, __file__, *argv, "--goals-json", str(out)], cwd=ROOT,
                       env=env, check=True)
        return json.loads(out.read_text()) if out.exists() else []


def print_goal_tables(by_dialect: dict[str, list[dict]]) -> None:
    for dialect, rows in by_dialect.items():
        print(f"\nGoals on {dialect}:")
        print(GOAL_HEADER)
        for row in rows:
            print(format_goal(row))


if __name__ == "__main__":
    main()
