"""The goals of issue 16 for the list pages, measured by bench/run.py (`--goals`, the default).

For each list page (reports, employees, SKP, evaluations, audit) at page size 20, at page size
100 and at a far page: our median time against stock Flask-Admin's in the same run (goal: at
least 3x), our statements besides the two that load the user (goal: at most 2), and the page's
floor: its own SQL (the statements the request ran, replayed with their parameters on a bare
connection) plus a bare Jinja table of the same rows, so the distance to the limit shows
(aim: within 2x of it). Then the outlier (a supervisor's status filter within 2x of the same page
for HR). Each row is a dict, so run.py can print the rows of SQLite and PostgreSQL side by side.
"""
from __future__ import annotations

import statistics
import time

from jinja2 import Environment

USER_STATEMENTS = 2        # the logged-in user and their roles (app.auth.sessions)
MAX_STATEMENTS = 2         # besides those
MIN_RATIO = 3.0            # stock ms / ours ms
OUTLIER_MAX = 2.0          # supervisor ms / HR ms, same page
FLOOR_AIM = 2.0            # ours ms / floor ms

BARE_TABLE = Environment(autoescape=True).from_string(
    "<table>{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}"
    "</tr>{% endfor %}</table>")


def add_naive_audit(naive) -> None:
    """Stock ModelView of the audit trail with our columns, search, filters and sort."""
    from flask_admin.contrib.sqla import ModelView

    from app.audit.admin import AuditView
    from app.audit.models import AuditEvent
    from app.extensions import db

    class NaiveAuditView(ModelView):
        list_template = "bootstrap4/admin/model/list.html"
        column_list = AuditView.column_list
        column_searchable_list = AuditView.column_searchable_list
        column_filters = ["action", "entity", "username", "at"]
        column_sortable_list = AuditView.column_sortable_list
        column_default_sort = AuditView.column_default_sort
        can_set_page_size = True
        page_size_options = (20, 50, 100)

    naive.add_view(NaiveAuditView(AuditEvent, db, endpoint="naive_audit"))


def list_pages(app, appraisal: bool) -> list[tuple[str, str, str, object]]:
    """(label, our URL, stock URL, row count function) of the lists of the goal."""
    from sqlalchemy import func, select

    from app.audit.models import AuditEvent
    from app.org.models import Employee
    from app.performance.models import ActivityReport

    out = [("reports", "/admin/activity_report/", "/naive/naive_activity_report/", ActivityReport),
           ("employees", "/admin/employee/", "/naive/naive_employee/", Employee)]
    if appraisal:
        from plugins.appraisal.models import Evaluation, Skp

        out += [("SKP", "/admin/appraisal_skp/", "/naive/naive_skp/", Skp),
                ("evaluations", "/admin/appraisal_evaluation/", "/naive/naive_evaluation/",
                 Evaluation)]
    out.append(("audit", "/admin/audit/", "/naive/naive_audit/", AuditEvent))
    from app.extensions import db

    with app.app_context():
        return [(label, ours, naive,
                 db.session.scalar(select(func.count()).select_from(model)) or 0)
                for label, ours, naive, model in out]


def variants(rows: int):
    """(label, query) per page of the goal: two page sizes and a far page that exists."""
    far = min(49, max(0, (rows - 1) // 20))
    yield "page 1, 20 rows", ""
    yield "page 1, 100 rows", "?page_size=100"
    yield f"page {far + 1}, 20 rows", f"?page={far}" if far else ""


def floor_ms(app, sql: list[tuple[str, object]], repeat: int) -> float:
    """The page's own statements on a bare connection, fetched, plus a bare table of the
    rows: the least any page showing those rows must spend."""
    from app.extensions import db

    times = []
    with app.app_context():
        with db.engine.connect() as conn:
            for _ in range(max(repeat, 3)):
                started = time.perf_counter()
                rows = []
                for statement, parameters in sql:
                    result = conn.exec_driver_sql(statement, parameters)
                    if result.returns_rows:
                        rows += result.all()
                BARE_TABLE.render(rows=rows)
                times.append((time.perf_counter() - started) * 1000)
            conn.rollback()
    return statistics.median(times)


def measure_goals(app, measure, counter, login, repeat: int) -> list[dict]:
    """The goal rows (see the module docstring); `measure` is run.py's page measurement."""
    from run import appraisal_enabled

    rows = []
    hr = login(app, "kepegawaian")
    for label, ours_url, naive_url, count in list_pages(app, appraisal_enabled(app)):
        for variant, query in variants(count):
            ours = measure(hr, counter, ours_url + query, None, repeat)
            naive = measure(hr, counter, naive_url + query, None, repeat)
            floor = floor_ms(app, ours["sql_params"], repeat)
            extra = ours["statements"] - USER_STATEMENTS
            ratio = naive["ms"] / ours["ms"]
            rows.append({
                "goal": f"{label}: {variant}", "ours": ours["ms"], "stock": naive["ms"],
                "ratio": ratio, "statements": extra, "floor": floor,
                "ok": ratio >= MIN_RATIO and extra <= MAX_STATEMENTS,
                "target": f">= {MIN_RATIO:g}x, <= {MAX_STATEMENTS} stmts"})
            print(format_goal(rows[-1]), flush=True)
    status = "/admin/activity_report/?flt1_0=submitted"
    hr_page = measure(hr, counter, status, None, repeat)
    supervisor = measure(login(app, "atasan"), counter, status, None, repeat)
    ratio = supervisor["ms"] / hr_page["ms"]
    rows.append({"goal": "outlier: supervisor (demo) status = submitted, vs HR",
                 "ours": supervisor["ms"], "stock": hr_page["ms"], "ratio": ratio,
                 "statements": supervisor["statements"] - USER_STATEMENTS,
                 "floor": floor_ms(app, supervisor["sql_params"], repeat),
                 "ok": ratio <= OUTLIER_MAX, "target": f"<= {OUTLIER_MAX:g}x HR"})
    print(format_goal(rows[-1]), flush=True)
    return rows


GOAL_HEADER = (f"{'goal':<52} {'ours ms':>8} {'vs ms':>8} {'ratio':>7} {'stmts':>5} "
               f"{'floor ms':>9} {'/floor':>7} {'target':>24}  ok")


def format_goal(r: dict) -> str:
    """One goal row; `vs` is stock Flask-Admin (for the outlier: HR's page)."""
    floor = r.get("floor")
    to_floor = f"{r['ours'] / floor:.1f}x" if floor else "-"
    stmts = "-" if r.get("statements") is None else str(r["statements"])
    stock = "-" if r.get("stock") is None else f"{r['stock']:.1f}"
    ratio = "-" if r.get("ratio") is None else f"{r['ratio']:.1f}x"
    floor_text = "-" if not floor else f"{floor:.1f}"
    return (f"{r['goal']:<52} {r['ours']:>8.1f} {stock:>8} {ratio:>7} {stmts:>5} "
            f"{floor_text:>9} {to_floor:>7} {r['target']:>24}  {'yes' if r['ok'] else 'NO'}")
