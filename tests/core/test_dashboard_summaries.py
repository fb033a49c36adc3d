"""The dashboard reads summary tables kept current in each write's transaction: they always
equal the live aggregates of the reports; each role's card takes at most four statements;
every number links to the list it counts; the counters refresh from a scoped JSON endpoint."""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from flask_login import login_user
from sqlalchemy import event, func, select

from app.auth.models import User
from app.dashboard import summaries
from app.dashboard.models import EmployeeDaySummary, UnitDaySummary
from app.extensions import db
from app.i18n import local_today
from app.org.models import Employee, WorkUnit
from app.performance.models import ActivityReport, CapaianBand, Realisation
from app.workflow import engine
from tests.fixtures.world import employee, user


def _agree():
    assert summaries.differences() == []


def _apply(app, username, ids, code, comment=None):
    with app.test_request_context():
        login_user(db.session.scalar(select(User).where(User.username == username)))
        return engine.apply("activity_report", ids, code,
                            db.session.scalar(select(User).where(User.username == username)),
                            comment)


def test_summaries_follow_creates_edits_transitions_moves_and_deletes(app, world):
    with app.app_context():
        _agree()
        assert db.session.scalar(select(func.count()).select_from(EmployeeDaySummary)) > 0
        pegawai = db.session.get(Employee, world.people["pegawai"])
        today = local_today()
        new = [ActivityReport(employee=pegawai, date=today - timedelta(days=n),
                              description=f"Baru {n}", duration_minutes=30 + n)
               for n in range(3)]
        db.session.add_all(new)
        db.session.commit()
        _agree()
        ids = [r.id for r in new]
        # edits: duration, date, and the author (a report moved to another person)
        new[0].duration_minutes = 200
        new[1].date = today - timedelta(days=5)
        new[2].employee_id = world.people["pegawai2"]
        db.session.commit()
        _agree()
    _apply(app, "pegawai", ids[:2], "submit")
    with app.app_context():
        _agree()
    _apply(app, "pegawai2", ids[2:], "submit")
    # a bulk verification of the staff's reports, and a return with a comment
    done, _refused = _apply(app, "atasan", [*ids[:2], world.reports["submitted"],
                                            world.reports["p2_submitted"]], "verify")
    assert done == 4
    _apply(app, "atasan", ids[2:], "return", "Lengkapi bukti")
    with app.app_context():
        _agree()
        # an employee moves to another unit: their summarised reports move along
        pegawai = db.session.get(Employee, world.people["pegawai"])
        pegawai.unit_id = world.units["bkp"]
        db.session.commit()
        _agree()
        # deletes, and a change that rolls back leaves the summaries as they were
        db.session.delete(db.session.get(ActivityReport, world.reports["draft"]))
        db.session.commit()
        _agree()
        report = db.session.get(ActivityReport, ids[0])
        report.duration_minutes = 5
        db.session.flush()
        db.session.rollback()
        _agree()
        # the rebuild finds the same groups
        before = _groups()
        summaries.rebuild()
        db.session.commit()
        assert _groups() == before
        _agree()


def _groups():
    return (sorted(db.session.execute(select(EmployeeDaySummary.employee_id,
                                             EmployeeDaySummary.day, EmployeeDaySummary.status,
                                             EmployeeDaySummary.reports,
                                             EmployeeDaySummary.minutes)).all()),
            sorted(db.session.execute(select(UnitDaySummary.unit_id, UnitDaySummary.day,
                                             UnitDaySummary.status, UnitDaySummary.reports,
                                             UnitDaySummary.minutes)).all()))


def test_rebuild_and_check_commands(app, world):
    with app.app_context():
        db.session.execute(UnitDaySummary.__table__.delete())
        db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["summaries", "check"])
    assert result.exit_code == 1 and "unit" in result.output
    result = runner.invoke(args=["summaries", "rebuild"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["summaries", "check"]).exit_code == 0


# --- the dashboard ---------------------------------------------------------------------------

@pytest.fixture
def head(app, world):
    """A login for the head of DPMPTSP, with a sub-unit below DPMPTSP and a person in it."""
    with app.app_context():
        dpm = db.session.get(WorkUnit, world.units["dpm"])
        bidang = WorkUnit(code="DPM-PEL", name="Bidang Pelayanan", kind="bidang", parent=dpm)
        db.session.add(bidang)
        staff = employee("Pegawai Bidang", bidang,
                         db.session.get(Employee, world.people["atasan"]))
        db.session.flush()
        db.session.add(ActivityReport(employee=staff, date=local_today(), description="Layanan",
                                      duration_minutes=90, status="submitted"))
        user("kepala", ["supervisor", "employee"], db.session.get(Employee, world.people["head"]))
        db.session.commit()
    return "kepala"


ROLES = ["hr", "atasan", "pegawai", "kepala"]


class Statements:
    def __init__(self, engine_):
        self.engine, self.count = engine_, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args):
        self.count += 1


@pytest.mark.parametrize("username", ROLES)
def test_each_card_takes_at_most_four_statements(app, world, head, username):
    from app.dashboard.widgets import CARDS, period_selector

    with app.app_context():   # capaian to show, in colours of HR's bands
        db.session.add(Realisation(target_id=world.targets["waktu"], period_no=1,
                                   value=Decimal("6.5")))
        db.session.add(CapaianBand(lower_bound=None, label="Semua", color="#123456"))
        db.session.commit()
    built = 0
    for name, build in CARDS.items():
        # A request of its own per card (nothing cached from another card); the user and
        # their roles are loaded first, as every page does before its content.
        with app.test_request_context("/admin/"):
            person = db.session.scalar(select(User).where(User.username == username))
            login_user(person)
            list(person.roles)
            period_selector(person)   # (rendered first on the page; it reads the periods)
            with Statements(db.engine) as counter:
                card = build(person)
            if card is not None:
                built += 1
                assert counter.count <= 4, f"{name} card of {username}: {counter.count}"
    assert built


LINKED = re.compile(r'<a [^>]*href="(/admin/[^"]+)"[^>]*(?:data-link-count|data-count="[^"]+")'
                    r'[^>]*>([\d.]+)</a>')
ROW_MARKER = {"activity_report": 'class="col-date"', "employee": 'class="col-nip"'}


def _rows_in(client, url) -> int:
    page = client.get(url.replace("&amp;", "&"))
    assert page.status_code == 200, url
    body = page.get_data(as_text=True)
    endpoint = url.split("/")[2]
    return body.count(ROW_MARKER[endpoint])


@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize("period", ["month", "year"])
def test_every_number_links_to_a_list_of_that_many_rows(app, as_user, world, head, username,
                                                        period):
    client = as_user(username)
    page = client.get(f"/admin/?period={period}").get_data(as_text=True)
    links = LINKED.findall(page)
    assert links, "no linked numbers"
    nonzero = 0
    for url, number in links:
        if url.split("/")[2] not in ROW_MARKER:
            continue
        expected = int(number.replace(".", ""))
        nonzero += expected > 0
        assert _rows_in(client, url) == expected, url
    assert nonzero, "every linked number is zero: the check proves nothing"


def test_head_sees_the_whole_unit_tree(as_user, world, head):
    page = as_user(head).get("/admin/").get_data(as_text=True)
    assert 'id="widget-head"' in page and "Bidang Pelayanan" in page
    # DPMPTSP's four people and the one in the sub-unit; the sub-unit's report waits
    assert 'data-count="tree-staff" data-link-count>5<' in page
    assert 'data-count="tree-pending" data-link-count>4<' in page
    assert as_user("pegawai").get("/admin/").get_data(as_text=True).count("widget-head") == 0


def test_counters_endpoint_is_scoped_and_matches_the_page(app, as_user, world, head, client):
    assert "/login" in client.get("/admin/dashboard/counters").headers["Location"]
    assert as_user("pelatih").get("/admin/dashboard/counters").status_code == 403
    hr = as_user("hr")
    counts = hr.get("/admin/dashboard/counters?period=year").get_json()["counts"]
    page = hr.get("/admin/?period=year").get_data(as_text=True)
    for key, value in counts.items():
        assert f'data-count="{key}">{value}<' in page or f'data-count="{key}" ' in page
    assert counts["hr-pending"] == "5"
    own = as_user("pegawai").get("/admin/dashboard/counters").get_json()["counts"]
    assert set(own) == {"own-week"}
    # a new submitted report shows on the next poll without reloading the page
    with app.app_context():
        db.session.add(ActivityReport(employee_id=world.people["lain"], date=local_today(),
                                      description="Baru", duration_minutes=10,
                                      status="submitted"))
        db.session.commit()
    assert hr.get("/admin/dashboard/counters").get_json()["counts"]["hr-pending"] == "6"


def test_period_selector_and_cycle_hook(app, as_user, world):
    hr = as_user("hr")
    page = hr.get("/admin/?period=year").get_data(as_text=True)
    assert 'value="year" selected' in page
    with app.app_context():
        year = local_today().year
    assert f"{year}-01-01+to+{year}-12-31" in page
    # an unknown period falls back to this month, no error
    page = hr.get("/admin/?period=%3Cscript%3E").get_data(as_text=True)
    assert 'value="month" selected' in page and "<script>" not in page.split("widget-period")[1][:2000]


def test_chart_colours_come_from_hr_bands(app, as_user, world):
    with app.app_context():
        db.session.add_all([CapaianBand(lower_bound=Decimal("91"), label="Sangat Baik",
                                        color="#123456"),
                            CapaianBand(lower_bound=None, label="Kurang", color="#abcdef")])
        db.session.add(Realisation(target_id=world.targets["waktu"], period_no=1,
                                   value=Decimal("6.5")))
        db.session.add(Realisation(target_id=world.targets["bkp"], period_no=1,
                                   value=Decimal("45")))
        db.session.commit()
    page = as_user("hr").get("/admin/?period=year").get_data(as_text=True)
    colours = re.search(r"data-colors='([^']+)'", page).group(1)
    assert "#123456" in colours and "#abcdef" in colours   # 107.14 % and 50 %
    assert "#28a745" not in page


# --- the unit tree page -------------------------------------------------------------------------

TREE_LINK = re.compile(r'<a href="(/admin/employee/[^"]+)" data-(?:staff|total)>([\d.]+)</a>')


@pytest.mark.parametrize("username", ["hr", "kepala"])
def test_unit_tree_page_folds_units_and_links_counts(as_user, world, head, username):
    client = as_user(username)
    page = client.get("/admin/unit-tree/").get_data(as_text=True)
    assert page.count("<details") == 4 and "<script>" not in page.split('id="unit-tree"')[1]
    assert "Bidang Pelayanan" in page and "Kepala DPMPTSP" in page   # a sub-unit and a head
    links = TREE_LINK.findall(page)
    assert links
    for url, number in links:
        assert _rows_in(client, url) == int(number), url
    if username == "kepala":   # links only in the tree the head reads
        assert len(links) == 3   # DPMPTSP (staff, with sub-units) and its Bidang


def test_unit_tree_page_is_closed_to_employees(as_user, world):
    assert as_user("pegawai").get("/admin/unit-tree/").status_code in (302, 403)
