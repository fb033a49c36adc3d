"""Time the dashboard (GET /admin/) per role on a large database: the median of --repeat
requests after one warm-up, and the SQL statements of a request (all of them, the user's
loading included) and of each role's own card.

    .venv/bin/python bench/dashboard.py --reports 200000            # SQLite, instance/
    BENCH_DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/dashboard.py

The database (instance/bench-dashboard.db by default) is built once: the migrations, the demo
data and accounts, then `app.demo.bulk.generate` (50 units, a head each). The first bench unit's
head gets the login `bench-atasan` and is recorded as the unit's head, so the head-of-unit card
shows a 200-staff unit. To measure another version of the code on the same database (e.g. the
dashboard before the summary tables), run this file with that checkout first on PYTHONPATH:
`PYTHONPATH=/tmp/old python bench/dashboard.py` (the database is only read then).
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))   # (after PYTHONPATH: another checkout may come first)

PASSWORD = "kinerja-demo"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
USERS = [("HR", "kepegawaian"), ("supervisor (demo)", "atasan"),
         ("head, 200 staff", "bench-atasan"), ("employee (demo)", "pegawai")]


def build(app, employees: int, reports: int) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import func, inspect, select

    from app.extensions import db
    from app.performance.models import ActivityReport

    with app.app_context():
        if inspect(db.engine).has_table("activity_report") and \
                db.session.scalar(select(func.count()).select_from(ActivityReport)) >= reports:
            return
        from app.demo.bulk import generate
        from app.demo.data import ensure_roles, load_demo
        from app.workflow.engine import seed_defaults

        upgrade(directory=str(ROOT / "migrations"), revision="heads")
        ensure_roles()
        db.session.commit()
        seed_defaults()
        load_demo()
        db.session.commit()
        started = time.perf_counter()
        generate(employees=employees, reports=reports)
        print(f"Generated {employees:,} employees and {reports:,} reports in "
              f"{time.perf_counter() - started:.0f} s.", flush=True)
        head_login(db)


def head_login(db) -> None:
    from sqlalchemy import select

    from app.auth.models import Role, User
    from app.core.roles import EMPLOYEE, SUPERVISOR
    from app.org.models import Employee, WorkUnit

    head = db.session.scalar(
        select(Employee).join(WorkUnit, WorkUnit.id == Employee.unit_id)
        .where(WorkUnit.code.like("BENCH-%"), Employee.supervisor_id.is_(None))
        .order_by(Employee.id).limit(1))
    head.unit.head_id = head.id
    roles = list(db.session.scalars(select(Role).where(Role.name.in_([SUPERVISOR, EMPLOYEE]))))
    user = User(username="bench-atasan", employee=head, roles=roles)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()


def login(app, username):
    client = app.test_client()
    token = TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302, f"login {username}: {response.status_code}"
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--query", default="", help="e.g. ?period=year")
    args = parser.parse_args()
    from sqlalchemy import event

    from app import create_app
    from app.extensions import db

    url = os.environ.get("BENCH_DATABASE_URL") or \
        f"sqlite:///{ROOT / 'instance' / 'bench-dashboard.db'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    build(app, args.employees, args.reports)
    statements = Statements()
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", statements.before)
        event.listen(db.engine, "after_cursor_execute", statements.after)
    import app as package

    print(f"code: {Path(package.__file__).parent.parent}; database: {url.split('@')[-1]}")
    print(f"{'user':<20} {'page ms':>9} {'statements':>11} {'cards ms':>9} {'their SQL ms':>13} "
          f"{'statements':>11}")
    for label, username in USERS:
        client = login(app, username)
        client.get("/admin/" + args.query)
        times, counts = [], []
        for _ in range(args.repeat):
            statements.clear()
            started = time.perf_counter()
            response = client.get("/admin/" + args.query)
            times.append((time.perf_counter() - started) * 1000)
            counts.append(len(statements))
            assert response.status_code == 200
        card_ms, sql_ms, card_statements = cards(app, username, args.repeat, statements)
        print(f"{label:<20} {statistics.median(times):>9.1f} {max(counts):>11} "
              f"{card_ms:>9.1f} {sql_ms:>13.1f} {card_statements:>11}", flush=True)


class Statements(list):
    """The statements of a request, and the time the database spent on them."""

    def __init__(self):
        super().__init__()
        self.ms = 0.0

    def clear(self):
        super().clear()
        self.ms = 0.0

    def before(self, conn, cursor, statement, *args):
        self.append(statement)
        conn.info["bench_started"] = time.perf_counter()

    def after(self, conn, *args):
        self.ms += (time.perf_counter() - conn.info.pop("bench_started")) * 1000


def cards(app, username, repeat, statements):
    """The dashboard module's own cards (not the inbox or plugins' cards), rendered for the
    user: median ms and statements (the user and roles loaded beforehand)."""
    from flask_login import login_user
    from sqlalchemy import select

    from app.auth.models import User
    from app.core.registry import registry
    from app.extensions import db

    times, counts, sql = [], [], []
    for _ in range(repeat + 1):
        with app.test_request_context("/admin/"):
            person = db.session.scalar(select(User).where(User.username == username))
            login_user(person)
            list(person.roles)
            widgets = [w for name, w in registry().dashboard_widgets.items()
                       if registry().owners[("dashboard_widgets", name)] == "dashboard"]
            statements.clear()
            started = time.perf_counter()
            for widget in widgets:
                widget.render(person)
            times.append((time.perf_counter() - started) * 1000)
            counts.append(len(statements))
            sql.append(statements.ms)
            db.session.remove()
    return statistics.median(times[1:]), statistics.median(sql[1:]), max(counts[1:])


if __name__ == "__main__":
    main()
