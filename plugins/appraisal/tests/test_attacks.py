"""Adversarial HTTP tests of the appraisal plugin: every route, as every kind of user, with bad
input, other people's ids, wrong states and forged requests. Each must give a clear message,
change nothing it should not, and never answer 500.

`_scene` builds one cycle in monitoring (plus a finished one) with SKP for the whole world:
atasan's, pegawai's and lain's approved, pegawai2's a draft; pegawai's Q1 evaluation a rated
draft with feedback and a realisation, lain's rated; a unit predikat and a coefficient."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.org.models import Employee
from app.performance.models import ActivityReport
from plugins.appraisal import rules
from plugins.appraisal.generation import generate
from plugins.appraisal.models import (AppraisalCycle, CreditCoefficient, Evaluation, Feedback,
                                      Iki, IkiRealisation, ReportLink, Rhk, Skp, UnitPredikat)
from tests.admin.helpers import alerts, snapshot
from tests.fixtures.world import user

# Last year's cycle: all of its periods have opened, whatever today's date.
YEAR = date.today().year - 1
EV = "/admin/appraisal_evaluation"
# Bookkeeping that a request may touch without changing business data.
BOOKKEEPING = {"audit_event", "audit_checkpoint", "login_attempt", "user"}


def _scene(app, world) -> dict:
    with app.app_context():
        user("kepala", ["supervisor", "employee"], db.session.get(Employee, world.people["head"]))
        cycle = AppraisalCycle(year=YEAR, periodicity="quarterly", state="pemantauan")
        old = AppraisalCycle(year=YEAR - 1, periodicity="quarterly", state="selesai")
        db.session.add_all([cycle, old])
        db.session.commit()
        generate(cycle, world.units["top"])
        generate(old, world.units["top"])
        skps = {k: db.session.scalar(select(Skp.id).where(
            Skp.employee_id == world.people[k], Skp.cycle_id == cycle.id)) for k in world.people}
        s = {k: db.session.get(Skp, v) for k, v in skps.items()}
        boss = Rhk(skp=s["atasan"], kind="utama", text="RHK atasan",
                   indicators=[Iki(name="IKI atasan", aspect="waktu", target="3 hari")])
        mine = Rhk(skp=s["pegawai"], kind="utama", text="RHK pegawai", parent=boss,
                   indicators=[Iki(name="IKI pegawai", aspect="kuantitas", target="10")])
        draft = Rhk(skp=s["pegawai2"], kind="utama", text="RHK pegawai dua",
                    indicators=[Iki(name="IKI pegawai dua", aspect="kuantitas", target="5")])
        lain = Rhk(skp=s["lain"], kind="utama", text="RHK lain",
                   indicators=[Iki(name="IKI lain", aspect="kuantitas", target="1")])
        db.session.add_all([boss, mine, draft, lain])
        for key in ("atasan", "pegawai", "lain"):
            s[key].status = "approved"
        db.session.flush()

        def evaluation(skp, status, ratings):
            return Evaluation(skp=skp, period=1, employee_id=skp.employee_id,
                              appraiser_id=skp.appraiser_id, superior_id=skp.superior_id,
                              unit_id=skp.unit_id, status=status, hasil_kerja=ratings[0],
                              perilaku=ratings[1], predikat=rules.predikat(*ratings))

        ev = evaluation(s["pegawai"], "draft", (rules.DI_ATAS, rules.DI_ATAS))
        ev_lain = evaluation(s["lain"], "rated", (rules.SESUAI, rules.SESUAI))
        db.session.add_all([ev, ev_lain])
        db.session.flush()
        db.session.add_all([
            Feedback(evaluation=ev, rhk=mine, text="Umpan balik rahasia"),
            IkiRealisation(evaluation=ev, indicator=mine.indicators[0], value="9"),
            UnitPredikat(cycle=cycle, unit_id=world.units["dpm"], period=0, predikat="baik"),
            CreditCoefficient(level="ahli_muda", coefficient=30)])
        db.session.commit()
        return {"cycle": cycle.id, "old": old.id, "skp": skps, "boss_rhk": boss.id,
                "rhk": mine.id, "draft_rhk": draft.id, "iki": mine.indicators[0].id,
                "draft_iki": draft.indicators[0].id, "ev": ev.id, "ev_lain": ev_lain.id,
                "up": db.session.scalar(select(UnitPredikat.id)),
                "coef": db.session.scalar(select(CreditCoefficient.id))}


def _changed(before: dict, after: dict) -> list[str]:
    return [t for t in before if after[t] != before[t] and t not in BOOKKEEPING]


def _rhk_post(skp_id, **extra) -> dict:
    return {"skp": str(skp_id), "kind": "utama", "text": "RHK pegawai dua", "parent": "__None",
            "indicators-0-id": "", "indicators-0-name": "IKI baru",
            "indicators-0-aspect": "kuantitas", "indicators-0-target": "1", **extra}


def _valid_posts(sc, world) -> list[tuple[str, dict]]:
    """A request that does change something, for whoever may make it, on every POST route."""
    p, u = world.people, world.units
    ev, skp2 = sc["ev"], sc["skp"]["pegawai2"]
    return [
        ("/admin/appraisal_cycle/new/", {"year": str(YEAR + 1), "periodicity": "quarterly"}),
        (f"/admin/appraisal_cycle/edit/?id={sc['cycle']}", {"year": str(YEAR + 2),
                                                              "periodicity": "quarterly"}),
        ("/admin/appraisal_cycle/delete/", {"id": sc["old"]}),
        ("/admin/appraisal_cycle/action/", {"action": "delete", "rowid": [sc["old"]]}),
        ("/admin/appraisal_cycle/advance/", {"id": sc["cycle"]}),
        ("/admin/appraisal_cycle/reopen/", {"id": sc["old"]}),
        ("/admin/appraisal_cycle/generate/", {"id": sc["cycle"], "unit": u["top"]}),
        ("/admin/appraisal_skp/new/", {"cycle": sc["cycle"], "employee": p["head"]}),
        (f"/admin/appraisal_skp/edit/?id={skp2}", {"resources": "Disusupkan",
                                                  "appraiser": p["lain"]}),
        ("/admin/appraisal_skp/delete/", {"id": skp2}),
        ("/admin/appraisal_skp/action/", {"action": "delete", "rowid": [skp2]}),
        ("/admin/appraisal_skp/action/", {"action": "submit", "rowid": [skp2]}),
        ("/admin/appraisal_skp/transition/submit/", {"id": skp2}),
        ("/admin/appraisal_skp/transition/reject/comment/", {"ids": str(skp2), "comment": "x"}),
        ("/admin/appraisal_skp/expectations/", {"id": skp2, "expectation-loyal": "x"}),
        (f"/admin/appraisal_rhk/new/?skp={skp2}", _rhk_post(skp2, text="Disusupkan")),
        (f"/admin/appraisal_rhk/edit/?id={sc['draft_rhk']}", _rhk_post(skp2, text="Diubah")),
        ("/admin/appraisal_rhk/delete/", {"id": sc["draft_rhk"]}),
        ("/admin/appraisal_rhk/action/", {"action": "delete", "rowid": [sc["draft_rhk"]]}),
        (f"{EV}/new/", {"skp": sc["skp"]["pegawai"], "period": "3"}),
        (f"{EV}/edit/?id={ev}", {"predikat": rules.KURANG}),
        (f"{EV}/delete/", {"id": ev}),
        (f"{EV}/action/", {"action": "delete", "rowid": [ev]}),
        (f"{EV}/action/", {"action": "rate", "rowid": [ev]}),
        (f"{EV}/transition/rate/", {"id": ev}),
        (f"{EV}/transition/return/comment/", {"ids": str(sc["ev_lain"]), "comment": "x"}),
        (f"{EV}/realisations/", {"id": ev, f"value-{sc['iki']}": "1"}),
        (f"{EV}/assessment/", {"id": ev, "hasil_kerja": rules.DI_BAWAH}),
        (f"{EV}/link/", {"id": ev, "rhk": sc["rhk"], "report": world.reports["verified"]}),
        (f"{EV}/start/", {"skp": sc["skp"]["pegawai"], "period": "2"}),
        ("/admin/appraisal_unit_predikat/new/", {"cycle": sc["cycle"], "unit": u["bkp"],
                                                 "period": "0", "predikat": "baik"}),
        (f"/admin/appraisal_unit_predikat/edit/?id={sc['up']}", {
            "cycle": sc["cycle"], "unit": u["dpm"], "period": "0", "predikat": "kurang"}),
        ("/admin/appraisal_unit_predikat/delete/", {"id": sc["up"]}),
        ("/admin/appraisal_unit_predikat/action/", {"action": "delete", "rowid": [sc["up"]]}),
        ("/admin/appraisal_coefficient/new/", {"level": "ahli_madya", "coefficient": "7"}),
        (f"/admin/appraisal_coefficient/edit/?id={sc['coef']}", {"level": "ahli_muda",
                                                                 "coefficient": "99"}),
        ("/admin/appraisal_coefficient/delete/", {"id": sc["coef"]}),
        ("/admin/appraisal_coefficient/action/", {"action": "delete", "rowid": [sc["coef"]]}),
        # Issue 10's routes.
        (f"/admin/appraisal_cycle/finish/?id={sc['cycle']}", {"confirm": "y",
                                                              "finalise_open": "y"}),
        ("/admin/appraisal_skp/external/", {"id": sc["skp"]["pegawai2"], "name": "Bupati",
                                            "position": "Bupati", "signed_on": f"{YEAR}-05-05"}),
        (f"{EV}/external/", {"id": ev, "name": "Bupati", "position": "Bupati",
                             "signed_on": f"{YEAR}-05-05"}),
        (f"{EV}/decide/", {"id": sc["ev_lain"], "decision": "change", "reasons": "x",
                           "hasil_kerja": rules.DI_ATAS, "perilaku": rules.DI_ATAS}),
        ("/admin/appraisal_unit_predikat/confirm/", {"cycle": sc["cycle"], "unit": u["dpm"],
                                                     "period": "0"}),
        ("/admin/appraisal_dialogue/new/", {"skp": sc["skp"]["pegawai"],
                                            "held_on": f"{YEAR}-05-05", "topics": "Disusupkan"}),
    ]


# --- holes found and fixed ------------------------------------------------------------------

HUGE = "99999999999999999999999"


def test_overflowing_filter_values_are_refused_not_a_500(app, world, as_user):
    """The number filters (unit, cycle, period, year) took any integer into SQL: beyond 64
    bits SQLite cannot bind it (500, and a CSV export cut off mid-stream)."""
    _scene(app, world)
    failures = []
    for username, view, filters in [
            ("pegawai", "appraisal_skp", (1, 2)), ("pegawai", "appraisal_rhk", (0,)),
            ("pegawai", "appraisal_evaluation", (1, 2, 4)),
            ("hr", "appraisal_unit_predikat", (0, 1))]:
        c = as_user(username)
        for index in filters:
            for url in [f"/admin/{view}/?flt1_{index}={HUGE}",
                        f"/admin/{view}/export/csv/?flt1_{index}={HUGE}"]:
                try:
                    response = c.get(url)
                    response.get_data()
                except OverflowError:
                    failures.append(f"{username} {url}: OverflowError mid-stream")
                    c = as_user(username)
                    continue
                # (an export with an invalid filter value is refused: back to the list)
                if response.status_code != (302 if "/export/" in url else 200):
                    failures.append(f"{username} {url}: {response.status_code}")
    assert not failures, failures
    # The value is reported as invalid and ignored (the list is not filtered by it).
    page = as_user("hr").get(f"{EV}/?flt1_1={HUGE}", follow_redirects=True)
    assert any("Nilai saringan tidak valid" in a for a in alerts(page)), alerts(page)


def test_a_page_of_angka_kredit_beyond_the_last_is_not_a_500(app, world, as_user):
    sc = _scene(app, world)
    for page in (HUGE, "99999999999"):
        response = as_user("hr").get(
            f"/admin/appraisal_coefficient/credits/?cycle={sc['cycle']}&page={page}")
        assert response.status_code == 200, page


def test_a_cycle_year_beyond_range_is_a_form_error_not_a_500(app, world, as_user):
    """The unique check on the year ran after the range check had failed, with the number."""
    _scene(app, world)
    hr = as_user("hr")
    for year in (HUGE, "99999999999", "1"):
        response = hr.post("/admin/appraisal_cycle/new/", {"year": year,
                                                           "periodicity": "quarterly"})
        assert response.status_code == 200, year
        assert "is-invalid" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AppraisalCycle)) == 2


def test_unlink_touches_only_reports_of_the_evaluations_period(app, world, as_user):
    """The employee unlinked, through their Q1 draft, a May report counted towards another
    period's evaluation (link checked its period; unlink did not)."""
    sc = _scene(app, world)
    with app.app_context():
        may = ActivityReport(employee_id=world.people["pegawai"], date=date(YEAR, 5, 5),
                             description="Kegiatan Mei", duration_minutes=30, status="verified")
        db.session.add(may)
        db.session.flush()
        db.session.add(ReportLink(report_id=may.id, rhk_id=sc["rhk"]))
        db.session.commit()
        may_id = may.id
    response = as_user("pegawai").post(f"{EV}/unlink/", {"id": sc["ev"], "report": may_id},
                                       follow_redirects=True)
    assert any("tidak tertaut" in a for a in alerts(response)), alerts(response)
    with app.app_context():
        assert db.session.get(ReportLink, may_id) is not None


def test_the_skp_appendix_is_bounded(app, world, as_user):
    """Resources, accountability and consequences took any length of text."""
    sc = _scene(app, world)
    skp = sc["skp"]["pegawai2"]
    response = as_user("pegawai2").post(f"/admin/appraisal_skp/edit/?id={skp}",
                                        {"resources": "x" * 300_000})
    assert response.status_code == 200 and "is-invalid" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Skp, skp).resources is None
    as_user("pegawai2").post(f"/admin/appraisal_skp/edit/?id={skp}",
                             {"resources": "Aplikasi perizinan daring"})
    with app.app_context():
        assert db.session.get(Skp, skp).resources == "Aplikasi perizinan daring"


def test_the_owner_saving_the_appendix_does_not_move_the_skp_to_another_unit(
        app, world, as_user):
    """Saving the appendix recomputed the SKP's unit from the employee's current unit: the
    owner wrote a field that is not on their form."""
    sc = _scene(app, world)
    skp = sc["skp"]["pegawai2"]
    with app.app_context():
        db.session.get(Employee, world.people["pegawai2"]).unit_id = world.units["bkp"]
        db.session.commit()
    as_user("pegawai2").post(f"/admin/appraisal_skp/edit/?id={skp}", {"resources": "Ruang"})
    with app.app_context():
        row = db.session.get(Skp, skp)
        assert (row.resources, row.unit_id) == ("Ruang", world.units["dpm"])


def test_the_periodicity_stays_once_periodic_evaluations_exist(app, world, as_user):
    """HR turned a monthly cycle with a September evaluation into a quarterly one: period 9
    has no quarter, and its page and document answered 500."""
    sc = _scene(app, world)
    with app.app_context():
        db.session.get(AppraisalCycle, sc["cycle"]).periodicity = "monthly"
        skp = db.session.get(Skp, sc["skp"]["pegawai"])
        september = Evaluation(skp=skp, period=9, employee_id=skp.employee_id,
                               appraiser_id=skp.appraiser_id, superior_id=skp.superior_id,
                               unit_id=skp.unit_id, status="draft")
        db.session.add(september)
        db.session.commit()
        september_id = september.id
    hr = as_user("hr")
    response = hr.post(f"/admin/appraisal_cycle/edit/?id={sc['cycle']}",
                       {"year": str(YEAR), "periodicity": "quarterly"}, follow_redirects=True)
    assert response.status_code == 200
    assert any("Evaluasi periodik tidak dapat diubah" in a for a in alerts(response))
    with app.app_context():
        assert db.session.get(AppraisalCycle, sc["cycle"]).periodicity == "monthly"
    atasan = as_user("atasan")
    for url in [f"{EV}/details/?id={september_id}", f"/admin/appraisal_document/?id={september_id}"]:
        assert atasan.get(url).status_code == 200, url
    # Other fields still change, and a cycle without periodic evaluations changes periodicity.
    hr.post(f"/admin/appraisal_cycle/edit/?id={sc['cycle']}",
            {"year": str(YEAR), "periodicity": "monthly", "acknowledgement_days": "21",
             "objection_days": "14", "opening_months": "1"})
    with app.app_context():
        assert db.session.get(AppraisalCycle, sc["cycle"]).acknowledgement_days == 21
        fresh = AppraisalCycle(year=YEAR + 1, periodicity="quarterly")
        db.session.add(fresh)
        db.session.commit()
        fresh_id = fresh.id
    hr.post(f"/admin/appraisal_cycle/edit/?id={fresh_id}",
            {"year": str(YEAR + 1), "periodicity": "monthly"})
    with app.app_context():
        assert db.session.get(AppraisalCycle, fresh_id).periodicity == "monthly"


def test_an_iki_id_of_another_rhk_in_the_inline_form_is_refused(app, world, as_user):
    """An inline IKI row carrying the id of another person's IKI (or a stale one) became a new
    IKI of this RHK, silently, even when marked for deletion."""
    sc = _scene(app, world)
    pegawai2 = as_user("pegawai2")
    url = f"/admin/appraisal_rhk/edit/?id={sc['draft_rhk']}"
    before = snapshot(app)
    for extra in [{}, {"del-indicators-0": "y"}]:
        response = pegawai2.post(url, _rhk_post(sc["skp"]["pegawai2"], **{
            "indicators-0-id": str(sc["iki"]), "indicators-0-name": "Diubah", **extra}))
        assert response.status_code == 200, extra
        assert "bukan wewenang Anda" in response.get_data(as_text=True), extra
    assert _changed(before, snapshot(app)) == []
    # The RHK's own IKI is still edited and deleted through its id.
    pegawai2.post(url, _rhk_post(sc["skp"]["pegawai2"], **{
        "indicators-0-id": str(sc["draft_iki"]), "indicators-0-name": "IKI diperbaiki"}))
    with app.app_context():
        assert db.session.get(Iki, sc["draft_iki"]).name == "IKI diperbaiki"
        assert db.session.get(Iki, sc["iki"]).name == "IKI pegawai"


def test_a_plan_still_in_use_is_not_deleted(app, world, as_user):
    """HR deleted atasan's approved SKP: the ORM quietly cut pegawai's approved RHK loose from
    the RHK it supports (an approved plan changed), and the daily reports linked to a deleted
    RHK went with it by the database's cascade, without an audit event."""
    sc = _scene(app, world)
    hr = as_user("hr")
    before = snapshot(app)
    for url, data in [("/admin/appraisal_skp/delete/", {"id": sc["skp"]["atasan"]}),
                      ("/admin/appraisal_skp/action/", {"action": "delete",
                                                        "rowid": [sc["skp"]["atasan"]]})]:
        response = hr.post(url, data, follow_redirects=True)
        assert any("masih digunakan" in a for a in alerts(response)), (url, alerts(response))
    assert _changed(before, snapshot(app)) == []
    # (an RHK still supported, of a plan back in Draft: HR may change the workflow)
    with app.app_context():
        db.session.get(Skp, sc["skp"]["atasan"]).status = "draft"
        db.session.commit()
    before = snapshot(app)
    response = hr.post("/admin/appraisal_rhk/delete/", {"id": sc["boss_rhk"]},
                       follow_redirects=True)
    assert any("masih digunakan" in a for a in alerts(response)), alerts(response)
    assert _changed(before, snapshot(app)) == []
    with app.app_context():
        assert db.session.get(Rhk, sc["rhk"]).parent_id == sc["boss_rhk"]
    # pegawai's plan without its evaluation, but with a daily report linked to its RHK.
    hr.post(f"{EV}/delete/", {"id": sc["ev"]})
    with app.app_context():
        assert db.session.get(Evaluation, sc["ev"]) is None
        db.session.add(ReportLink(report_id=world.reports["verified"], rhk_id=sc["rhk"]))
        db.session.commit()
    response = hr.post("/admin/appraisal_skp/delete/", {"id": sc["skp"]["pegawai"]},
                       follow_redirects=True)
    assert any("masih digunakan" in a for a in alerts(response)), alerts(response)
    with app.app_context():
        assert db.session.get(ReportLink, world.reports["verified"]) is not None
    # A plan nobody depends on is still deleted, with its RHK and IKI.
    hr.post("/admin/appraisal_skp/delete/", {"id": sc["skp"]["pegawai2"]})
    with app.app_context():
        assert db.session.get(Skp, sc["skp"]["pegawai2"]) is None
        assert db.session.get(Rhk, sc["draft_rhk"]) is None


def test_deleting_a_linked_daily_report_is_audited(app, world, as_user):
    """The employee linked a draft daily report to an RHK and deleted the report (core view):
    the database's cascade removed the link, and the audit trail did not record it."""
    from app.audit.models import AuditEvent

    sc = _scene(app, world)
    with app.app_context():
        report = ActivityReport(employee_id=world.people["pegawai"], date=date(YEAR, 2, 2),
                                description="Draf Februari", duration_minutes=30,
                                status="draft")
        db.session.add(report)
        db.session.commit()
        report_id = report.id
    pegawai = as_user("pegawai")
    pegawai.post(f"{EV}/link/", {"id": sc["ev"], "rhk": sc["rhk"], "report": report_id})
    with app.app_context():
        assert db.session.get(ReportLink, report_id) is not None
        last = db.session.scalar(select(func.max(AuditEvent.id)))
    pegawai.post("/admin/activity_report/delete/", {"id": report_id})
    with app.app_context():
        assert db.session.get(ActivityReport, report_id) is None
        assert db.session.get(ReportLink, report_id) is None
        events = {(e.action, e.entity, e.entity_id) for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.id > last))}
    assert ("delete", "appraisal_report_link", str(report_id)) in events, events


# --- what held (paths no other test covers) -------------------------------------------------

BAD_IDS = ["abc", "-1", "0", "99999999999", HUGE, "", "1.5"]
VIEWS = ["appraisal_cycle", "appraisal_skp", "appraisal_rhk", "appraisal_evaluation",
         "appraisal_unit_predikat", "appraisal_coefficient"]


def test_bad_ids_and_parameters_on_every_get_never_500_nor_change_anything(
        app, world, as_user):
    sc = _scene(app, world)
    urls = []
    for view in VIEWS:
        urls += [f"/admin/{view}/", f"/admin/{view}/new/", f"/admin/{view}/export/csv/",
                 f"/admin/{view}/export/xlsx/", f"/admin/{view}/export/json/",
                 f"/admin/{view}/ajax/lookup/?name=employee&query=a",
                 f"/admin/{view}/ajax/lookup/?name=appraiser&query=a&limit=1000",
                 f"/admin/{view}/ajax/lookup/?name=x"]
        # (`?page=` beyond 64 bits is a 500 in every view: core, see the report)
        for bad in BAD_IDS:
            urls += [f"/admin/{view}/details/?id={bad}", f"/admin/{view}/edit/?id={bad}",
                     f"/admin/{view}/?sort={bad}", f"/admin/{view}/?page_size={bad}",
                     f"/admin/{view}/?search={bad}", f"/admin/{view}/?flt1_0={bad}"]
    for bad in BAD_IDS:
        urls += [f"{EV}/start/?skp={bad}", f"{EV}/evidence/?id={bad}",
                 f"/admin/appraisal_document/?id={bad}",
                 f"/admin/appraisal_rhk/cascade/?cycle={bad}&unit={bad}",
                 f"/admin/appraisal_coefficient/credits/?cycle={bad}",
                 f"/admin/appraisal_coefficient/credits/export/?cycle={bad}",
                 f"/admin/appraisal_rhk/new/?skp={bad}",
                 f"{EV}/transition/return/comment/?ids={bad}&comment=x",
                 f"/admin/appraisal_skp/transition/reject/comment/?ids={bad}&comment=x"]
    # State-changing parameters on pages that answer GET.
    urls += [f"{EV}/start/?skp={sc['skp']['pegawai']}&period=2",
             f"{EV}/transition/return/comment/?ids={sc['ev_lain']}&comment=Lewat+GET",
             f"/admin/appraisal_skp/transition/reject/comment/?ids={sc['skp']['pegawai']}"
             "&comment=Lewat+GET",
             f"/admin/appraisal_cycle/edit/?id={sc['cycle']}&periodicity=monthly",
             f"/admin/appraisal_rhk/new/?skp={sc['skp']['pegawai2']}&text=Lewat+GET"]
    before = snapshot(app)
    failures = []
    for username in ["hr", "auditor", "kepala", "atasan", "pegawai"]:
        c = as_user(username)
        for url in urls:
            response = c.get(url)
            response.get_data()
            if response.status_code >= 500:
                failures.append(f"{username} GET {url}: {response.status_code}")
    assert not failures, failures
    assert _changed(before, snapshot(app)) == []


def test_bad_ids_on_every_post_never_500_nor_change_anything(app, world, as_user):
    sc = _scene(app, world)
    posts = []
    for view in VIEWS:
        for bad in BAD_IDS:
            posts += [(f"/admin/{view}/new/", {"cycle": bad, "unit": bad, "skp": bad,
                                               "employee": bad, "period": bad, "year": bad,
                                               "level": bad, "coefficient": bad}),
                      (f"/admin/{view}/edit/?id={bad}", {"year": "2030"}),
                      (f"/admin/{view}/delete/", {"id": bad}),
                      (f"/admin/{view}/action/", {"action": "delete", "rowid": [bad, bad]}),
                      (f"/admin/{view}/action/", {"action": bad, "rowid": [bad]}),
                      (f"/admin/{view}/ajax/update/", {"list_form_pk": bad, "year": "1"})]
        posts += [(f"/admin/{view}/action/", {}), (f"/admin/{view}/delete/", {})]
    for bad in BAD_IDS:
        posts += [("/admin/appraisal_cycle/advance/", {"id": bad}),
                  ("/admin/appraisal_cycle/reopen/", {"id": bad}),
                  ("/admin/appraisal_cycle/generate/", {"id": sc["cycle"], "unit": bad}),
                  ("/admin/appraisal_skp/expectations/", {"id": bad}),
                  ("/admin/appraisal_skp/transition/submit/", {"id": bad}),
                  (f"/admin/appraisal_skp/transition/{bad or 'x'}/", {"id": sc["skp"]["pegawai2"]}),
                  ("/admin/appraisal_skp/transition/reject/comment/", {"ids": bad, "comment": "x"}),
                  (f"{EV}/transition/rate/", {"id": bad}),
                  (f"{EV}/realisations/", {"id": bad}),
                  (f"{EV}/assessment/", {"id": bad}),
                  (f"{EV}/link/", {"id": sc["ev"], "rhk": bad, "report": bad}),
                  (f"{EV}/unlink/", {"id": sc["ev"], "report": bad}),
                  (f"{EV}/start/", {"skp": bad, "period": bad}),
                  (f"{EV}/start/", {"skp": sc["skp"]["pegawai"], "period": bad}),
                  (f"/admin/appraisal_cycle/finish/?id={bad}", {"confirm": "y"}),
                  ("/admin/appraisal_skp/external/", {"id": bad, "signed_on": bad}),
                  (f"{EV}/external/", {"id": bad, "name": bad, "signed_on": bad}),
                  (f"{EV}/external/", {"id": sc["ev"], "name": "x", "position": "y",
                                       "signed_on": bad}),
                  (f"{EV}/decide/", {"id": sc["ev"], "decision": bad, "reasons": bad,
                                     "hasil_kerja": bad, "signed_on": bad}),
                  ("/admin/appraisal_unit_predikat/confirm/", {"cycle": bad, "unit": bad,
                                                               "period": bad}),
                  ("/admin/appraisal_dialogue/new/", {"skp": bad, "held_on": bad})]
    for route in ["appraisal_cycle/advance", "appraisal_cycle/generate",
                  "appraisal_skp/expectations", "appraisal_evaluation/realisations",
                  "appraisal_evaluation/assessment", "appraisal_evaluation/link",
                  "appraisal_evaluation/unlink", "appraisal_evaluation/start",
                  "appraisal_evaluation/transition/rate", "appraisal_evaluation/external",
                  "appraisal_evaluation/decide", "appraisal_skp/external",
                  "appraisal_unit_predikat/confirm", "appraisal_dialogue/new"]:
        posts.append((f"/admin/{route}/", {}))                    # every field missing
    before = snapshot(app)
    failures = []
    for username in ["hr", "atasan", "pegawai", "auditor"]:
        c = as_user(username)
        token = c.token("/admin/")
        for url, data in posts:
            response = c.http.post(url, data={**data, "csrf_token": token})
            response.get_data()
            if response.status_code >= 500:
                failures.append(f"{username} POST {url} {data}: {response.status_code}")
    assert not failures, failures
    assert _changed(before, snapshot(app)) == []


@pytest.mark.parametrize("username", ["auditor", "kepala", "lain", "atasan_lain"])
def test_read_only_and_unrelated_users_change_nothing_on_any_post_route(
        app, world, as_user, username):
    """The auditor reads; the atasan pejabat penilai (kepala) only signs or returns rated
    evaluations; people of another unit see none of these records."""
    sc = _scene(app, world)
    c = as_user(username)
    before = snapshot(app)
    failures = []
    for url, data in _valid_posts(sc, world):
        response = c.post(url, data)
        if response.status_code >= 500:
            failures.append(f"{url}: {response.status_code}")
        after = snapshot(app)
        if _changed(before, after):
            failures.append(f"{url}: changed {_changed(before, after)}")
            before = after
    assert not failures, failures


def test_every_appraisal_post_needs_the_csrf_token(app, world, as_user):
    sc = _scene(app, world)
    clients = {name: as_user(name) for name in ["hr", "pegawai", "pegawai2", "atasan"]}
    owner = {"realisations": "pegawai", "link": "pegawai", "assessment": "atasan",
             "transition/rate": "atasan", "expectations": "atasan", "appraisal_rhk": "pegawai2",
             "appraisal_skp/edit": "pegawai2", "transition/submit": "pegawai2"}
    before = snapshot(app)
    failures = []
    for url, data in _valid_posts(sc, world):
        username = next((who for part, who in owner.items() if part in url), "hr")
        for token in (None, "bukan-token"):
            form = dict(data) if token is None else {**data, "csrf_token": token}
            response = clients[username].http.post(url, data=form)
            if response.status_code != 400:
                failures.append(f"{username} {url} token={token}: {response.status_code}")
    assert not failures, failures
    assert _changed(before, snapshot(app)) == []


def test_post_only_routes_refuse_get(app, world, as_user):
    sc = _scene(app, world)
    hr = as_user("hr")
    before = snapshot(app)
    for url in [f"/admin/appraisal_cycle/advance/?id={sc['cycle']}",
                f"/admin/appraisal_cycle/reopen/?id={sc['old']}",
                f"/admin/appraisal_cycle/generate/?id={sc['cycle']}&unit={world.units['top']}",
                f"/admin/appraisal_cycle/delete/?id={sc['old']}",
                f"/admin/appraisal_skp/expectations/?id={sc['skp']['pegawai2']}"
                "&expectation-loyal=x",
                f"/admin/appraisal_skp/transition/submit/?id={sc['skp']['pegawai2']}",
                f"/admin/appraisal_rhk/delete/?id={sc['draft_rhk']}",
                f"{EV}/transition/finalise/?id={sc['ev']}", f"{EV}/delete/?id={sc['ev']}",
                f"{EV}/realisations/?id={sc['ev']}&value-{sc['iki']}=1",
                f"{EV}/assessment/?id={sc['ev']}&hasil_kerja=di_bawah",
                f"{EV}/link/?id={sc['ev']}&rhk={sc['rhk']}",
                f"{EV}/unlink/?id={sc['ev']}&report=1",
                f"{EV}/action/?action=delete&rowid={sc['ev']}",
                f"/admin/appraisal_unit_predikat/delete/?id={sc['up']}",
                f"/admin/appraisal_coefficient/delete/?id={sc['coef']}"]:
        assert hr.get(url).status_code == 405, url
    assert _changed(before, snapshot(app)) == []


def test_an_hr_employees_own_draft_assessment_is_hidden_from_them_too(app, world, as_user):
    """HR sees every evaluation, but not the ratings of their own one while it is a draft."""
    sc = _scene(app, world)
    with app.app_context():
        skp = db.session.get(Skp, sc["skp"]["hr"])
        skp.status = "approved"
        own = Evaluation(skp=skp, period=2, employee_id=skp.employee_id,
                         appraiser_id=skp.appraiser_id, superior_id=skp.superior_id,
                         unit_id=skp.unit_id, status="draft", hasil_kerja=rules.DI_BAWAH,
                         perilaku=rules.DI_BAWAH, predikat=rules.SANGAT_KURANG)
        db.session.add(own)
        db.session.flush()
        db.session.add(Feedback(evaluation=own, behaviour="loyal", text="Catatan untuk HR"))
        db.session.commit()
        own_id = own.id
    hr = as_user("hr")
    listing = hr.get(f"{EV}/").get_data(as_text=True)
    row = re.search(rf'value="{own_id}".*?</tr>', listing, re.S).group(0)
    assert "Sangat Kurang" not in row
    assert f'value="{own_id}"' not in hr.get(
        f"{EV}/?flt1_3={rules.SANGAT_KURANG}").get_data(as_text=True)
    text = hr.get(f"{EV}/export/csv/?flt1_0=draft").get_data(as_text=True).lstrip("\ufeff")
    exported = [r for r in csv.reader(io.StringIO(text))][1:]
    mine = [r for r in exported if r[2].startswith("Staf Kepegawaian")]
    assert mine and all(r[-3:] == ["", "", ""] for r in mine), mine
    page = hr.get(f"{EV}/details/?id={own_id}").get_data(as_text=True)
    assert "Catatan untuk HR" not in page and 'id="assessment-hidden"' in page
    assert hr.get(f"/admin/appraisal_document/?id={own_id}").status_code == 302
    assert hr.get(f"/admin/appraisal_document/pdf/?id={own_id}").status_code == 302
    assert f"?id={own_id}" not in hr.get("/admin/appraisal_document/").get_data(as_text=True)
