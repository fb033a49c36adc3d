"""The ledger: totals across the year boundary in WIT, outside JP verified by HR, caps applied
across sessions, HR's rule edits recomputed, the PPPK quota, compliance and the public
transparency section (aggregates, minimum group), and the trainer's card and inbox."""
from datetime import date, datetime, timezone
from decimal import Decimal
import io

from sqlalchemy import select

from app.extensions import db
from app.i18n import local_today
from app.org.models import Employee
from plugins.training import credit, ledger, transparency
from plugins.training.models import Attendance, ExternalJp, JpRule, Participant, TrainingSession
from plugins.training.tests import scenes


def _passed(session_id, employee_id, days):
    p = Participant(session_id=session_id, employee_id=employee_id, result="lulus")
    db.session.add(p)
    db.session.flush()
    for day in days:
        db.session.add(Attendance(participant_id=p.id, day=day, status="hadir"))
    db.session.flush()
    return p


def test_year_by_session_end_in_wit(app, world):
    with app.app_context():
        trainer = scenes.link_trainer()
        programme = scenes.programme("seminar", "seminar")
        pegawai = world.people["pegawai"]
        # Ends 31 December 2025 at 20.00 WIT (11.00 UTC): 2025.
        s1 = scenes.session(programme, trainer, date(2025, 12, 31), hours=((16, 0), (20, 0)),
                            status="selesai")
        # 1 January 2026, 06.00-08.30 WIT: still 31 December 2025 in UTC, but 2026.
        s2 = scenes.session(programme, trainer, date(2026, 1, 1), hours=((6, 0), (8, 30)),
                            status="selesai")
        # A two-day session from 31 December 2026 to 1 January 2027 counts in 2027.
        s3 = scenes.session(programme, trainer, date(2026, 12, 31), days=2, status="selesai")
        _passed(s1, pegawai, [date(2025, 12, 31)])
        _passed(s2, pegawai, [date(2026, 1, 1)])
        _passed(s3, pegawai, [date(2026, 12, 31), date(2027, 1, 1)])
        credit.recredit([pegawai])
        db.session.commit()
        assert db.session.get(TrainingSession, s2).ends_at.replace(tzinfo=timezone.utc) \
            < datetime(2026, 1, 1, tzinfo=timezone.utc)
        totals = {y: ledger.totals(y, [pegawai]).get(pegawai) for y in (2025, 2026, 2027)}
        assert totals == {2025: Decimal(4), 2026: Decimal(4), 2027: Decimal(8)}
        # Outside JP by its end date, once HR has verified it.
        ext = ExternalJp(employee_id=pegawai, title="Kursus", organiser="LAN", kind="kursus",
                         ends_on=date(2026, 12, 31), jp=Decimal("12.5"), status="diajukan",
                         evidence_file="x.pdf")
        db.session.add(ext)
        db.session.commit()
        assert ledger.totals(2026, [pegawai])[pegawai] == Decimal(4)
        ext.status = "diverifikasi"
        db.session.commit()
        assert ledger.totals(2026, [pegawai])[pegawai] == Decimal("16.5")
        lines = ledger.lines(pegawai, 2026)
        assert [line.source for line in lines] == ["session", "external"]


def test_monthly_cap_across_sessions_and_rule_edits(app, as_user, world):
    with app.app_context():
        trainer = scenes.link_trainer()
        coaching = scenes.programme("coaching", "coaching", name="Coaching")
        pegawai = world.people["pegawai"]
        sessions = [scenes.session(coaching, trainer, date(2026, 3, d), hours=((9, 0), (10, 30)),
                                   status="selesai") for d in (2, 9, 16)]
        sessions.append(scenes.session(coaching, trainer, date(2026, 4, 6),
                                       hours=((9, 0), (10, 30)), status="selesai"))
        for sid, day in zip(sessions, (2, 9, 16, 6)):
            _passed(sid, pegawai, [date(2026, 3 if sid != sessions[-1] else 4, day)])
        credit.recredit([pegawai])
        db.session.commit()
        assert ledger.totals(2026, [pegawai])[pegawai] == Decimal(6)   # 2 + 2 + 0 + 2
        rule_id = db.session.scalar(select(JpRule.id).where(JpRule.code == "coaching"))
    # HR allows three sessions a month: the third March session now counts.
    hr = as_user("hr")
    url = f"/admin/training_jp_rule/edit/?id={rule_id}"
    response = hr.post(url, {"code": "coaching", "name": "Coaching", "basis": "per_sesi",
                             "jp": "2", "max_jp_per_day": "", "max_sessions_per_month": "3"},
                       token_from=url)
    assert response.status_code == 302
    with app.app_context():
        assert ledger.totals(2026, [pegawai])[pegawai] == Decimal(8)
    # Nonsense is refused with a message and changes nothing.
    for bad in ({"jp": "nan"}, {"jp": "1e400"}, {"max_sessions_per_month": "99"},
                {"code": "Bad Code"}, {"basis": "magic"}):
        data = {"code": "coaching", "name": "Coaching", "basis": "per_sesi", "jp": "2",
                "max_jp_per_day": "", "max_sessions_per_month": "3", **bad}
        page = hr.post(url, data, token_from=url)
        assert page.status_code in (200, 302)
        with app.app_context():
            rule = db.session.get(JpRule, rule_id)
            assert (rule.code, rule.jp, rule.max_sessions_per_month) == ("coaching", 2, 3)


def test_pppk_quota_and_compliance(app, as_user, world):
    with app.app_context():
        pegawai2 = db.session.get(Employee, world.people["pegawai2"])
        pegawai2.employment_type = "pppk"
        trainer = scenes.link_trainer()
        programme = scenes.programme()
        sid = scenes.session(programme, trainer, local_today(), days=3, status="selesai")
        days = [local_today() + __import__("datetime").timedelta(days=n) for n in range(3)]
        for who in ("pegawai", "pegawai2"):
            _passed(sid, world.people[who], days)
        credit.recredit([world.people["pegawai"], world.people["pegawai2"]])
        db.session.commit()
        rows = {s.employee.id: s for s in ledger.compliance(world.units["dpm"],
                                                            local_today().year)}
    assert rows[world.people["pegawai"]].total == Decimal(28) and \
        rows[world.people["pegawai"]].met                                   # PNS: 20
    assert rows[world.people["pegawai2"]].required == Decimal(24)           # PPPK quota
    assert rows[world.people["pegawai2"]].met
    assert rows[world.people["atasan"]].short == Decimal(20)
    page = as_user("hr").get("/admin/training_compliance/").get_data(as_text=True)
    assert 'id="compliance-chart"' in page and "Atasan Satu" in page
    assert "compliance.js" in page


def test_transparency_section_respects_the_minimum_group(app, world):
    with app.app_context(), app.test_request_context():
        app.config["PUBLIC_MIN_GROUP"] = 5
        rows = {r["unit"]: r for r in transparency.rows(None, local_today().year)}
        # DPMPTSP has 4 people: no figures; BKPSDM 3: none either.
        assert rows and all(r["employees"] is None and r["rate"] is None
                            for r in rows.values())
        app.config["PUBLIC_MIN_GROUP"] = 2
        try:
            rows = {r["unit"]: r for r in transparency.rows(None, local_today().year)}
            html = transparency.render(None, local_today().year)
        finally:
            app.config["PUBLIC_MIN_GROUP"] = 5
        dpm = rows["Dinas Penanaman Modal dan PTSP"]
        assert (dpm["employees"], dpm["met"], dpm["rate"]) == (4, 0, 0)
        assert "NIP" not in html and "Pegawai Satu" not in html
        assert set(dpm) == set(transparency.SCHEMA)


def test_trainer_card_and_inbox(app, as_user, world):
    with app.app_context():
        trainer = scenes.link_trainer()
        programme = scenes.programme()
        running = scenes.session(programme, trainer, local_today(), status="berlangsung")
        scenes.session(programme, trainer, local_today(), status="disetujui")
        db.session.add(Participant(session_id=running, employee_id=world.people["pegawai"]))
        db.session.commit()
    home = as_user("pelatih").get("/admin/").get_data(as_text=True)
    assert 'id="widget-training-trainer"' in home
    assert 'data-count="today">1<' in home and 'data-count="to-start">1<' in home
    assert "Catat kehadiran" in home and "Mulai sesi" in home
    page = as_user("pelatih").get("/admin/training_trainer/").get_data(as_text=True)
    assert f'data-session="{running}"' in page


def test_outside_training_recorded_with_evidence_and_verified(app, as_user, world):
    pegawai, hr = as_user("pegawai"), as_user("hr")
    url = "/admin/training_external/new/"
    with app.app_context():
        today = local_today()
    data = {"title": "Kursus Daring Statistik", "organiser": "BPS", "kind": "elearning",
            "ends_on": today.isoformat(), "jp": "10"}
    page = pegawai.post(url, data, token_from=url)
    assert page.status_code == 200    # no evidence: refused
    page = pegawai.post(url, {**data, "evidence_upload": (io.BytesIO(b"%PDF-1.4"), "s.pdf")},
                        token_from=url, content_type="multipart/form-data")
    assert page.status_code == 302
    with app.app_context():
        ext = db.session.scalar(select(ExternalJp))
        assert ext.employee_id == world.people["pegawai"] and ext.status == "diajukan"
        ext_id = ext.id
    assert "Verifikasi" in hr.get("/admin/").get_data(as_text=True)
    pegawai.post("/admin/training_external/transition/verify/", {"id": ext_id})
    with app.app_context():
        assert db.session.get(ExternalJp, ext_id).status == "diajukan"   # not theirs to do
    hr.post("/admin/training_external/transition/verify/", {"id": ext_id})
    ledger_page = pegawai.get("/admin/training_ledger/").get_data(as_text=True)
    assert 'data-field="total">10<' in ledger_page


def test_a_cancelled_session_frees_the_monthly_slot(app, as_user, world):
    with app.app_context():
        trainer = scenes.link_trainer()
        coaching = scenes.programme("coaching", "coaching", name="Coaching")
        pegawai = world.people["pegawai"]
        sessions = [scenes.session(coaching, trainer, date(2026, 5, d), hours=((9, 0), (10, 30)),
                                   status="berlangsung") for d in (4, 11, 18)]
        for sid, day in zip(sessions, (4, 11, 18)):
            _passed(sid, pegawai, [date(2026, 5, day)])
        credit.recredit([pegawai])
        db.session.commit()
        jp = [db.session.scalar(select(Participant.jp).where(Participant.session_id == s))
              for s in sessions]
        assert jp == [2, 2, 0]
    url = f"/admin/training_session/transition/cancel/comment/?ids={sessions[0]}"
    as_user("pelatih").post(url, {"comment": "Dibatalkan"}, token_from=url)
    with app.app_context():
        jp = [db.session.scalar(select(Participant.jp).where(Participant.session_id == s))
              for s in sessions]
        assert jp == [0, 2, 2]
