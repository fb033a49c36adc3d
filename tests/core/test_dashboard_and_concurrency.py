"""The role-aware dashboard, and transitions that stay correct under concurrent clicks."""
import threading

from flask_login import login_user

from app.auth.models import User
from app.extensions import db
from app.workflow import engine
from app.performance.models import ActivityReport


def test_hr_dashboard_counts_pending_per_unit_and_chart(app, as_user, world):
    with app.app_context():
        from app.performance.models import Realisation
        db.session.add(Realisation(target_id=world.targets["waktu"], period_no=1, value=6.5))
        db.session.commit()
    page = as_user("hr").get("/admin/").get_data(as_text=True)
    assert 'data-count="hr-employees">7<' in page
    assert 'data-count="hr-pending">4<' in page          # four submitted reports in the world
    assert "Dinas Penanaman Modal dan PTSP" in page      # pending per unit and chart label
    assert 'id="capaian-chart"' in page and "107.14" in page
    assert "vendor/chartjs-4.6.1/chart.umd.min.js" in page


def test_supervisor_sees_only_staff_reports_waiting(as_user, world):
    page = as_user("atasan").get("/admin/").get_data(as_text=True)
    assert 'data-count="staff-pending">2<' in page      # pegawai and pegawai2, not atasan's own
    assert "Pegawai Satu" in page and "Pegawai Lain" not in page


def test_employee_sees_own_week(as_user, world):
    page = as_user("pegawai").get("/admin/").get_data(as_text=True)
    assert 'id="widget-employee"' in page and 'id="widget-hr"' not in page
    assert 'id="widget-supervisor"' not in page


def test_trainer_dashboard_shows_no_scores(as_user, world):
    page = as_user("pelatih").get("/admin/").get_data(as_text=True)
    assert "widget-hr" not in page and "widget-employee" not in page
    assert "Kegiatan" not in page


def test_two_concurrent_verifications_exactly_one_wins(app, world):
    report_id = world.reports["submitted"]
    barrier = threading.Barrier(2, timeout=300)  # never hang if one thread fails early
    results = []

    def click():
        with app.test_request_context():
            user = db.session.get(User, world.users["atasan"])
            login_user(user)
            barrier.wait()
            results.append(engine.apply("activity_report", [report_id], "verify", user))
            db.session.remove()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)  # a ceiling for a loaded machine, not an expected duration
    assert not any(t.is_alive() for t in threads), "a verification thread did not finish"
    assert sorted(results) == [(0, 1), (1, 0)]
    with app.app_context():
        assert db.session.get(ActivityReport, report_id).status == "verified"
        from sqlalchemy import func, select

        from app.audit.models import AuditEvent
        transitions = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "transition", AuditEvent.entity_id == str(report_id)))
        assert transitions == 1
