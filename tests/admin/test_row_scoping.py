"""Row scoping: every way into a record (list, count, details, edit, delete, export, search,
bulk actions, the transition and return endpoints, evidence download) sees the same rows.

World: atasan supervises pegawai and pegawai2 (unit DPMPTSP); atasan_lain supervises lain and hr
(unit BKPSDM); head supervises atasan. Reports: draft/submitted/verified (pegawai),
p2_submitted (pegawai2), lain_submitted (lain), atasan_own (atasan, submitted).
"""
from __future__ import annotations

from datetime import date

import pytest
from flask_login import login_user

from app.auth.models import User
from app.extensions import db
from app.org.models import Employee
from app.performance.models import ActivityReport, PerformanceAgreement, Realisation, Target
from tests.admin.helpers import alerts, column, get, listed_ids, snapshot

REPORTS_OF = {
    "hr": {"draft", "submitted", "verified", "p2_submitted", "lain_submitted", "atasan_own"},
    "auditor": {"draft", "submitted", "verified", "p2_submitted", "lain_submitted", "atasan_own"},
    "atasan": {"draft", "submitted", "verified", "p2_submitted", "atasan_own"},
    "atasan_lain": {"lain_submitted"},
    "pegawai": {"draft", "submitted", "verified"},
    "pegawai2": {"p2_submitted"},
    "lain": {"lain_submitted"},
}
PEOPLE_OF = {
    "hr": {"head", "atasan", "pegawai", "pegawai2", "atasan_lain", "lain", "hr"},
    "auditor": {"head", "atasan", "pegawai", "pegawai2", "atasan_lain", "lain", "hr"},
    "atasan": {"atasan", "pegawai", "pegawai2"},
    "atasan_lain": {"atasan_lain", "lain", "hr"},
    "pegawai": {"pegawai"},
    "lain": {"lain"},
}
TARGETS_OF = {"hr": {"ikm", "waktu", "bkp"}, "auditor": {"ikm", "waktu", "bkp"},
              "atasan": {"ikm", "waktu"}, "atasan_lain": {"bkp"}}


def add_report(app, world, who, status="draft", text=None):
    with app.app_context():
        r = ActivityReport(employee_id=world.people[who], date=date.today(), status=status,
                           description=text or f"Tambahan {who} {status}", duration_minutes=30)
        db.session.add(r)
        db.session.commit()
        return r.id


def status(app, report_id):
    return column(app, ActivityReport, report_id, "status")


def view(app, endpoint):
    return next(v for v in app.extensions["kinerja_admin"]._views
                if getattr(v, "endpoint", None) == endpoint)


# -- list, count and query: the view methods themselves -------------------------------------------

@pytest.mark.parametrize("endpoint,model,expected,key", [
    ("activity_report", ActivityReport, REPORTS_OF, "reports"),
    ("employee", Employee, PEOPLE_OF, "people"),
    ("target", Target, TARGETS_OF, "targets"),
])
def test_query_count_and_get_one_agree(app, world, endpoint, model, expected, key):
    v = view(app, endpoint)
    ids_by_key = getattr(world, key)
    for username, keys in expected.items():
        with app.test_request_context("/admin/"):
            login_user(db.session.get(User, world.users[username]))
            want = {ids_by_key[k] for k in keys}
            got = {row.id for row in v.get_query().all()}
            assert got == want, (username, endpoint)
            assert v.get_count_query().scalar() == len(want), (username, endpoint)
            for k, ident in ids_by_key.items():
                found = v.get_one(str(ident))
                assert (found is not None) == (k in keys), (username, endpoint, k)


def test_agreements_and_realisations_are_scoped_to_own_unit(app, world):
    with app.app_context():
        targets = {k: db.session.get(Target, i) for k, i in world.targets.items()}
        db.session.add_all([Realisation(target=targets["ikm"], period_no=1, value=80),
                            Realisation(target=targets["bkp"], period_no=1, value=70)])
        db.session.commit()
        unit_of_agreement = {a.id: a.unit_id for a in db.session.query(PerformanceAgreement)}
        unit_of_realisation = {r.id: r.target.agreement.unit_id for r in db.session.query(Realisation)}
    for endpoint, units in [("agreement", unit_of_agreement), ("realisation", unit_of_realisation)]:
        v = view(app, endpoint)
        for username, unit in [("atasan", "dpm"), ("atasan_lain", "bkp")]:
            with app.test_request_context("/admin/"):
                login_user(db.session.get(User, world.users[username]))
                want = {i for i, u in units.items() if u == world.units[unit]}
                assert {r.id for r in v.get_query().all()} == want
                assert v.get_count_query().scalar() == len(want)
                for ident in units:
                    assert (v.get_one(str(ident)) is not None) == (ident in want)


# -- through HTTP ---------------------------------------------------------------------------------

@pytest.mark.parametrize("username", list(REPORTS_OF))
def test_report_list_shows_only_scoped_rows(username, as_user, world):
    response = as_user(username).get("/admin/activity_report/?page_size=100")
    assert listed_ids(response) == {world.reports[k] for k in REPORTS_OF[username]}


@pytest.mark.parametrize("username", list(PEOPLE_OF))
def test_employee_list_shows_only_scoped_rows(username, as_user, world):
    response = as_user(username).get("/admin/employee/?page_size=100")
    assert listed_ids(response) == {world.people[k] for k in PEOPLE_OF[username]}


def test_search_and_filter_stay_inside_the_scope(as_user, world):
    c = as_user("pegawai")
    assert listed_ids(c.get("/admin/activity_report/?search=lain_submitted")) == set()
    assert listed_ids(c.get("/admin/activity_report/?search=Kegiatan")) == {
        world.reports[k] for k in REPORTS_OF["pegawai"]}
    assert listed_ids(c.get("/admin/employee/?search=Pegawai")) == {world.people["pegawai"]}


@pytest.mark.parametrize("username", ["pegawai", "atasan", "atasan_lain"])
def test_report_export_contains_only_scoped_rows(username, as_user):
    body = as_user(username).get("/admin/activity_report/export/csv/").get_data(as_text=True)
    for key in REPORTS_OF["hr"]:
        assert (f"Kegiatan {key}," in body) == (key in REPORTS_OF[username]), (username, key)


def test_employee_export_contains_only_scoped_rows(as_user):
    import csv
    import io

    body = as_user("atasan").get("/admin/employee/export/csv/").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    names = {row[1] for row in rows[1:] if row}
    assert names == {"Atasan Satu", "Pegawai Satu", "Pegawai Dua"}


@pytest.mark.parametrize("username,key,visible", [
    ("pegawai", "draft", True), ("pegawai", "p2_submitted", False),
    ("pegawai", "lain_submitted", False), ("pegawai", "atasan_own", False),
    ("atasan", "p2_submitted", True), ("atasan", "lain_submitted", False),
    ("atasan_lain", "p2_submitted", False), ("atasan_lain", "lain_submitted", True),
    ("lain", "submitted", False),
])
def test_report_details(username, key, visible, as_user, world):
    response = as_user(username).get(f"/admin/activity_report/details/?id={world.reports[key]}")
    if visible:
        assert response.status_code == 200
        assert f"Kegiatan {key}" in response.get_data(as_text=True)
    else:
        assert response.status_code == 302
        assert f"Kegiatan {key}" not in response.get_data(as_text=True)


@pytest.mark.parametrize("username,person,visible", [
    ("pegawai", "pegawai", True), ("pegawai", "pegawai2", False), ("pegawai", "atasan", False),
    ("atasan", "pegawai2", True), ("atasan", "lain", False), ("atasan", "head", False),
    ("atasan_lain", "lain", True), ("atasan_lain", "pegawai", False),
])
def test_employee_details(username, person, visible, as_user, world):
    response = as_user(username).get(f"/admin/employee/details/?id={world.people[person]}")
    assert response.status_code == (200 if visible else 302)


def test_bad_ids_do_not_crash(as_user):
    c = as_user("pegawai")
    for url in ["/admin/activity_report/details/?id=abc", "/admin/activity_report/details/",
                "/admin/activity_report/edit/?id=999999", "/admin/employee/details/?id=1e9"]:
        assert c.get(url).status_code == 302, url


# -- edit and delete ------------------------------------------------------------------------------

def report_form(**overrides):
    data = {"date": date.today().isoformat(), "description": "Diubah oleh penyerang",
            "duration_minutes": "45", "output_quantity": "", "output_unit": "", "target": "__None",
            "evidence_url": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize("username,key", [
    ("pegawai", "p2_submitted"), ("pegawai", "lain_submitted"), ("pegawai", "atasan_own"),
    ("pegawai", "submitted"),  # own, but no longer a draft
    ("pegawai", "verified"),
    ("atasan", "submitted"),  # staff's: visible, but not the supervisor's to edit
    ("atasan_lain", "p2_submitted"),
])
def test_edit_of_foreign_or_locked_report_changes_nothing(username, key, app, as_user, world):
    c = as_user(username)
    rid = world.reports[key]
    page = c.get(f"/admin/activity_report/edit/?id={rid}")
    assert page.status_code == 302
    before = snapshot(app)
    response = c.post(f"/admin/activity_report/edit/?id={rid}", report_form())
    assert response.status_code == 302
    assert snapshot(app) == before


def test_edit_of_foreign_draft_changes_nothing(app, as_user, world):
    rid = add_report(app, world, "pegawai2")
    pegawai, atasan = as_user("pegawai"), as_user("atasan")
    before = snapshot(app)
    pegawai.post(f"/admin/activity_report/edit/?id={rid}", report_form())
    assert snapshot(app) == before
    # The supervisor may read the draft but not edit it either.
    assert atasan.get(f"/admin/activity_report/details/?id={rid}").status_code == 200
    atasan.post(f"/admin/activity_report/edit/?id={rid}", report_form())
    assert snapshot(app) == before


def test_edit_of_own_draft_works(app, as_user, world):
    rid = world.reports["draft"]
    c = as_user("pegawai")
    assert c.get(f"/admin/activity_report/edit/?id={rid}").status_code == 200
    response = c.post(f"/admin/activity_report/edit/?id={rid}", report_form(description="Baru"))
    assert response.status_code == 302
    assert column(app, ActivityReport, rid, "description") == "Baru"


@pytest.mark.parametrize("username,key", [
    ("pegawai", "p2_submitted"), ("pegawai", "lain_submitted"), ("pegawai", "submitted"),
    ("pegawai", "verified"), ("atasan", "submitted"), ("atasan", "lain_submitted"),
    ("atasan_lain", "p2_submitted"), ("auditor", "draft"),
])
def test_delete_of_foreign_or_locked_report_changes_nothing(username, key, app, as_user, world):
    c = as_user(username)
    before = snapshot(app)
    response = c.post("/admin/activity_report/delete/", {"id": world.reports[key]})
    assert response.status_code in (302, 403)
    assert snapshot(app) == before


def test_delete_of_own_draft_works(app, as_user, world):
    response = as_user("pegawai").post("/admin/activity_report/delete/",
                                       {"id": world.reports["draft"]})
    assert response.status_code == 302
    assert get(app, ActivityReport, world.reports["draft"]) is None


def test_employee_cannot_edit_or_delete_own_employee_record(app, as_user, world):
    c = as_user("pegawai")
    me = world.people["pegawai"]
    assert c.get(f"/admin/employee/edit/?id={me}").status_code == 302
    before = snapshot(app)
    c.post(f"/admin/employee/edit/?id={me}", {"name": "Nama Palsu", "nip": "198504122010031004"})
    c.post("/admin/employee/delete/", {"id": me})
    c.post("/admin/employee/action/", {"action": "delete", "rowid": [me]})
    assert snapshot(app) == before


# -- bulk actions ---------------------------------------------------------------------------------

def act(c, action, *ids):
    return c.post("/admin/activity_report/action/",
                  {"action": action, "rowid": [str(i) for i in ids]})


def test_bulk_submit_touches_only_own_drafts(app, as_user, world):
    own = world.reports["draft"]
    foreign = add_report(app, world, "pegawai2")
    other_unit = add_report(app, world, "lain")
    response = act(as_user("pegawai"), "submit", own, foreign, other_unit)
    assert response.status_code == 302
    assert status(app, own) == "submitted"
    assert status(app, foreign) == "draft"
    assert status(app, other_unit) == "draft"


def test_supervisor_cannot_submit_staff_drafts(app, as_user, world):
    draft = world.reports["draft"]
    act(as_user("atasan"), "submit", draft)
    assert status(app, draft) == "draft"


def test_bulk_delete_touches_only_own_drafts(app, as_user, world):
    own = world.reports["draft"]
    foreign = add_report(app, world, "pegawai2")
    locked = world.reports["submitted"]
    act(as_user("pegawai"), "delete", own, foreign, locked, world.reports["lain_submitted"])
    assert get(app, ActivityReport, own) is None
    for rid in (foreign, locked, world.reports["lain_submitted"]):
        assert get(app, ActivityReport, rid) is not None


def test_supervisor_verifies_direct_staff(app, as_user, world):
    rid = world.reports["p2_submitted"]
    act(as_user("atasan"), "verify", rid)
    report = get(app, ActivityReport, rid)
    assert report.status == "verified"
    assert report.reviewer_id == world.people["atasan"]
    assert report.reviewed_at is not None


def test_other_supervisor_cannot_verify_or_return(app, as_user, world):
    c = as_user("atasan_lain")
    rid = world.reports["p2_submitted"]
    before = snapshot(app)
    act(c, "verify", rid)
    act(c, "return", rid)
    c.post("/admin/activity_report/transition/return/comment/", {"ids": str(rid), "comment": "Ulangi"})
    c.post("/admin/activity_report/transition/verify/", {"id": rid})
    assert snapshot(app) == before


def test_supervisor_cannot_verify_other_units_report(app, as_user, world):
    c = as_user("atasan")
    rid = world.reports["lain_submitted"]
    before = snapshot(app)
    act(c, "verify", rid)
    c.post("/admin/activity_report/transition/return/comment/", {"ids": str(rid), "comment": "Ulangi"})
    c.post("/admin/activity_report/transition/verify/", {"id": rid})
    assert snapshot(app) == before


def test_employee_cannot_verify_or_return_own_report(app, as_user, world):
    c = as_user("pegawai")
    rid = world.reports["submitted"]
    before = snapshot(app)
    act(c, "verify", rid)
    c.post("/admin/activity_report/transition/return/comment/", {"ids": str(rid), "comment": "Ulangi"})
    c.post("/admin/activity_report/transition/verify/", {"id": rid})
    assert snapshot(app) == before


def test_nobody_verifies_their_own_report(app, as_user, world):
    own = world.reports["atasan_own"]
    with app.app_context():
        # Even when the data says atasan supervises themself (a loop HR must fix), the
        # transition refuses self-approval.
        db.session.get(Employee, world.people["atasan"]).supervisor_id = world.people["atasan"]
        db.session.commit()
    for username in ["atasan", "hr"]:
        c = as_user(username)
        act(c, "verify", own)
        c.post("/admin/activity_report/transition/verify/", {"id": own})
        c.post("/admin/activity_report/transition/return/comment/", {"ids": str(own), "comment": "Sendiri"})
    assert status(app, own) == "submitted"


def test_return_needs_supervisor_and_comment(app, as_user, world):
    rid = world.reports["p2_submitted"]
    c = as_user("atasan")
    action = act(c, "return", rid)
    assert action.status_code == 302 and "/return/" in action.headers["Location"]
    assert status(app, rid) == "submitted"  # choosing the action alone changes nothing
    page = c.get(f"/admin/activity_report/transition/return/comment/?ids={rid}")
    assert page.status_code == 200 and "Kegiatan p2_submitted" in page.get_data(as_text=True)
    c.post("/admin/activity_report/transition/return/comment/", {"ids": str(rid), "comment": ""})
    assert status(app, rid) == "submitted"
    c.post("/admin/activity_report/transition/return/comment/", {"ids": str(rid), "comment": "Lengkapi bukti"})
    report = get(app, ActivityReport, rid)
    assert report.status == "returned" and report.review_comment == "Lengkapi bukti"


def test_return_page_lists_only_visible_reports(as_user, world):
    c = as_user("atasan")
    page = c.get(f"/admin/activity_report/transition/return/comment/?ids={world.reports['lain_submitted']}")
    assert "Kegiatan lain_submitted" not in page.get_data(as_text=True)


# -- the transition endpoint ----------------------------------------------------------------------

def transition(c, name, rid):
    return c.post(f"/admin/activity_report/transition/{name}/", {"id": str(rid)})


def test_submit_own_draft_then_second_submit_is_refused(app, as_user, world):
    rid = world.reports["draft"]
    c = as_user("pegawai")
    first = transition(c, "submit", rid)
    assert first.status_code == 302
    assert status(app, rid) == "submitted"
    stamp = column(app, ActivityReport, rid, "submitted_at")
    before = snapshot(app)
    second = transition(c, "submit", rid)
    assert second.status_code == 302
    assert snapshot(app) == before
    assert column(app, ActivityReport, rid, "submitted_at") == stamp
    shown = alerts(c.get(second.headers["Location"]))
    assert shown and any("0" not in m for m in shown)  # a refusal is reported, not silence


def test_submit_foreign_draft_is_refused(app, as_user, world):
    foreign = add_report(app, world, "pegawai2")
    other = add_report(app, world, "lain")
    c = as_user("pegawai")
    before = snapshot(app)
    transition(c, "submit", foreign)
    transition(c, "submit", other)
    assert snapshot(app) == before
    assert status(app, foreign) == "draft"


@pytest.mark.parametrize("name", ["return", "delete", "draft", "approve", ""])
def test_unknown_transition_names_change_nothing(name, app, as_user, world):
    c = as_user("atasan")
    before = snapshot(app)
    response = c.post(f"/admin/activity_report/transition/{name}/",
                      {"id": world.reports["p2_submitted"]})
    assert response.status_code in (302, 404)
    assert snapshot(app) == before


def test_transition_verify_by_direct_supervisor(app, as_user, world):
    rid = world.reports["submitted"]
    c = as_user("atasan")
    transition(c, "verify", rid)
    assert status(app, rid) == "verified"
    # Verified is final for the supervisor: no second verify, no return afterwards.
    before = snapshot(app)
    transition(c, "verify", rid)
    c.post("/admin/activity_report/transition/return/comment/", {"ids": str(rid), "comment": "Terlambat"})
    assert snapshot(app) == before


def test_resubmit_after_return(app, as_user, world):
    rid = world.reports["submitted"]
    as_user("atasan").post("/admin/activity_report/transition/return/comment/", {"ids": str(rid), "comment": "Ulang"})
    assert status(app, rid) == "returned"
    transition(as_user("pegawai"), "submit", rid)
    assert status(app, rid) == "submitted"


# -- evidence files -------------------------------------------------------------------------------

def test_evidence_download_is_scoped(app, as_user, world):
    import os

    rid = world.reports["lain_submitted"]
    name = "bukti-lain-test.pdf"
    with open(os.path.join(app.config["UPLOAD_DIR"], name), "wb") as fh:
        fh.write(b"%PDF-1.4 rahasia")
    with app.app_context():
        db.session.get(ActivityReport, rid).evidence_file = name
        db.session.commit()
    for username in ["pegawai", "atasan"]:
        response = as_user(username).get(f"/admin/activity_report/evidence/?id={rid}")
        assert response.status_code == 302, username
        assert b"rahasia" not in response.data
    for username in ["lain", "atasan_lain"]:
        response = as_user(username).get(f"/admin/activity_report/evidence/?id={rid}")
        assert response.status_code == 200 and b"rahasia" in response.data
        response.close()
