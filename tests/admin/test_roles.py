"""Role x view matrix: who may list, open the create form and export each back-office view.

Expected answers:
  200      the role may use the page;
  "back"   the role reads the view but may not create: Flask-Admin sends it back to the list;
  403      the role has no business on the view at all;
  "login"  anonymous: sent to the login page.
"""
from __future__ import annotations

import pytest

from tests.admin.helpers import is_login_redirect

ALL = {"hr", "auditor", "atasan", "pegawai", "pelatih", "koordinator"}
STAFF = {"hr", "auditor", "atasan", "pegawai"}
MANAGEMENT = {"hr", "auditor", "atasan"}
BACK_OFFICE = {"hr", "auditor"}

# view endpoint -> (roles that read it, roles that create in it)
VIEWS = {
    "activity_report": (STAFF, {"hr", "atasan", "pegawai"}),
    "period": (STAFF, {"hr"}),
    "indicator": (STAFF, {"hr"}),
    "agreement": (MANAGEMENT, {"hr"}),
    "target": (MANAGEMENT, {"hr"}),
    "realisation": (MANAGEMENT, {"hr"}),
    "employee": (STAFF, {"hr"}),
    "work_unit": (ALL, {"hr"}),
    "position": (ALL, {"hr"}),
    "user": (BACK_OFFICE, {"hr"}),
    "audit": (BACK_OFFICE, set()),
    "workflow": (BACK_OFFICE, {"hr"}),
    "custom_field": (BACK_OFFICE, {"hr"}),
    "capaian_band": (STAFF, {"hr"}),
    "holiday": (STAFF, {"hr"}),
    "appraisal_cycle": (BACK_OFFICE, {"hr"}),
    "appraisal_skp": (STAFF, {"hr"}),
    "appraisal_unit_predikat": (BACK_OFFICE, {"hr"}),   # (and supervisors heading a unit)
    "appraisal_coefficient": (BACK_OFFICE, {"hr"}),
    "appraisal_rhk": (STAFF, {"hr", "atasan", "pegawai"}),
    "appraisal_evaluation": (STAFF, set()),
    "appraisal_dialogue": (STAFF, {"hr", "atasan", "pegawai"}),
    "survey_period": (STAFF, {"hr", "atasan"}),
    "survey_response": (STAFF, set()),
    "forum_forum": (BACK_OFFICE | {"koordinator"}, {"koordinator"}),
    "forum_venue": (BACK_OFFICE | {"koordinator"}, {"koordinator"}),
    "forum_registration": ({"auditor", "koordinator"}, set()),   # registrants' personal data
    "forum_follow_up": (STAFF | {"koordinator"}, {"koordinator"}),
    "training_session": (BACK_OFFICE | {"pelatih"}, {"hr", "pelatih"}),
    "training_programme": (BACK_OFFICE | {"pelatih"}, {"hr"}),
    "training_jp_rule": (BACK_OFFICE | {"pelatih"}, {"hr"}),
    "training_participant": (STAFF | {"pelatih"}, set()),
    "training_external": (STAFF, {"hr", "atasan", "pegawai"}),   # (HR only verifies)
    "training_suggestion": (BACK_OFFICE, set()),
    "job": ({"hr"}, set()),   # background jobs (exports, e-mails), with the Retry action
}
PAGES = {
    "/admin/": ALL,
    "/admin/data-problems/": BACK_OFFICE,
    "/admin/unit-tree/": MANAGEMENT,
    "/admin/import/": {"hr"},
    "/admin/modules/": BACK_OFFICE,
    "/admin/inbox/": ALL,
    "/admin/configuration/": {"hr"},
    "/admin/appraisal_document/": STAFF,
    "/admin/appraisal_coefficient/credits/": BACK_OFFICE,
    "/admin/appraisal_rhk/cascade/": STAFF,
    "/admin/appraisal_evaluation/start/": STAFF,
    "/admin/survey_results/": STAFF,
    "/admin/forum_calendar/": BACK_OFFICE | {"koordinator"},
    "/admin/training_trainer/": {"pelatih"},
    "/admin/training_ledger/": STAFF,
    "/admin/training_compliance/": BACK_OFFICE,
    "/admin/export-job/": ALL,   # one's own large exports (each job: its owner only)
}
# Views that carry employees' scores or personal data: never for trainers and coordinators.
SCORE_VIEWS = ["activity_report", "realisation", "target", "agreement", "employee", "user",
               "audit", "appraisal_skp", "appraisal_cycle", "appraisal_unit_predikat",
               "appraisal_coefficient", "appraisal_rhk", "appraisal_evaluation",
               "appraisal_dialogue"]


def outcome(response):
    if is_login_redirect(response):
        return "login"
    if response.status_code == 302:
        return "back"
    return response.status_code


def expected(role, readers, creators=None, op="list"):
    if role is None:
        return "login"
    if role not in readers:
        return 403
    if op == "create" and role not in creators:
        return "back"
    return 200


def check(client, role, cases):
    """Request every (url, expected) pair; fail listing every mismatch at once."""
    wrong = []
    for url, want in cases:
        response = client.get(url)
        response.get_data()  # consume streamed exports so their request context closes
        got = outcome(response)
        if got != want:
            wrong.append(f"{role or 'anonymous'} GET {url}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)


def client_for(role, as_user, client):
    return client if role is None else as_user(role)


ROLES = ["hr", "auditor", "atasan", "pegawai", "pelatih", "koordinator", None]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_list_pages(role, as_user, client):
    c = client_for(role, as_user, client)
    cases = [(f"/admin/{view}/", expected(role, readers)) for view, (readers, _c) in VIEWS.items()]
    cases += [(url, expected(role, readers)) for url, readers in PAGES.items()]
    check(c, role, cases)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_create_forms(role, as_user, client):
    c = client_for(role, as_user, client)
    check(c, role, [(f"/admin/{view}/new/", expected(role, readers, creators, "create"))
                    for view, (readers, creators) in VIEWS.items()])


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_exports(role, kind, as_user, client):
    c = client_for(role, as_user, client)
    check(c, role, [(f"/admin/{view}/export/{kind}/", expected(role, readers))
                    for view, (readers, _c) in VIEWS.items()])


@pytest.mark.parametrize("role", ["hr", "auditor", "atasan", "pegawai"])
def test_exports_are_files(role, as_user):
    c = as_user(role)
    for view, (readers, _c) in VIEWS.items():
        if role not in readers:
            continue
        csv = c.get(f"/admin/{view}/export/csv/")
        csv.get_data()
        assert csv.status_code == 200
        assert csv.mimetype == "text/csv"
        assert "attachment" in csv.headers["Content-Disposition"]
        xlsx = c.get(f"/admin/{view}/export/xlsx/")
        assert xlsx.data[:2] == b"PK", view  # a zip container, i.e. a real workbook


def test_unknown_export_type_is_refused(as_user):
    response = as_user("hr").get("/admin/employee/export/json/")
    assert response.status_code in (302, 404)
    assert not response.headers.get("Content-Disposition")


@pytest.mark.parametrize("role", ["pelatih", "koordinator"])
def test_trainer_and_coordinator_see_no_scores(role, as_user, world):
    """Only the home page and the organisation structure; no scores, people or reports."""
    c = as_user(role)
    home = c.get("/admin/").get_data(as_text=True)
    for view in SCORE_VIEWS:
        assert f"/admin/{view}/" not in home, f"menu links to {view}"
    assert "/admin/work_unit/" in home and "/admin/position/" in home
    report = world.reports["submitted"]
    person = world.people["pegawai"]
    for url in [f"/admin/activity_report/details/?id={report}",
                f"/admin/activity_report/evidence/?id={report}",
                f"/admin/activity_report/transition/return/comment/?ids={report}",
                f"/admin/employee/details/?id={person}",
                f"/admin/target/details/?id={world.targets['ikm']}",
                "/admin/employee/ajax/lookup/?name=supervisor&query=a",
                "/admin/activity_report/ajax/lookup/?name=employee&query=a"]:
        assert c.get(url).status_code == 403, url
    for url in ["/admin/work_unit/details/?id=%d" % world.units["dpm"]]:
        assert c.get(url).status_code == 200, url


def test_matrix_covers_every_back_office_view(app):
    """A new view must declare who may use it here before the suite passes."""
    declared = {f"/admin/{view}/" for view in VIEWS} | set(PAGES)
    registered = {view.url.rstrip("/") + "/" for view in app.extensions["kinerja_admin"]._views}
    assert registered - declared == set(), "add these views to VIEWS or PAGES in test_roles.py"


def test_every_admin_url_rule_is_behind_the_login(app, client):
    """Every URL under /admin/ (except static files) sends an anonymous visitor to the login."""
    wrong = []
    token = client.token("/login")  # a valid anonymous token: the POST reaches the view's gate
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or rule.endpoint == "admin.static":
            continue
        url = rule.rule.replace("<export_type>", "csv").replace("<transition>", "submit") \
            .replace("<name>", "submit").replace("<int:id>", "1")
        if "<" in url:
            wrong.append(f"untested parameter in {rule.rule}")
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            data = {"csrf_token": token} if method == "POST" else None
            response = client.http.open(url, method=method, data=data)
            response.get_data()
            if not is_login_redirect(response):
                wrong.append(f"{method} {url}: {response.status_code}")
    assert not wrong, wrong


@pytest.mark.parametrize("role", ["pelatih", "koordinator"])
def test_trainer_and_coordinator_are_refused_on_every_other_url(role, app, as_user, world):
    """Every method of every back-office URL outside the org structure is 403 for them, and
    their POSTs to the org structure change nothing."""
    from tests.admin.helpers import snapshot

    c = as_user(role)
    token = c.token("/admin/")
    before = snapshot(app)
    wrong = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin/") or rule.endpoint in ("admin.static", "admin.index"):
            continue
        url = rule.rule.replace("<export_type>", "csv").replace("<transition>", "submit") \
            .replace("<name>", "submit").replace("<int:id>", "1")
        if role == "koordinator" and rule.rule.startswith("/admin/forum_"):
            continue  # their own work (plugins/forum/tests check its roles and rows)
        open_to_all = rule.rule.startswith(("/admin/work_unit/", "/admin/position/",
                                            "/admin/inbox/", "/admin/export-job/")) \
            or (role == "pelatih" and rule.rule.startswith("/admin/training_"))  # (their work)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            data = {"csrf_token": token, "id": "1", "rowid": "1", "action": "delete",
                    "name": "x", "code": "X"} if method == "POST" else None
            response = c.http.open(url + ("?id=1" if method == "GET" else ""), method=method,
                                   data=data)
            response.get_data()
            if open_to_all:
                if response.status_code >= 500:
                    wrong.append(f"{method} {url}: {response.status_code}")
            elif response.status_code != 403:
                wrong.append(f"{method} {url}: {response.status_code}")
    assert not wrong, wrong
    assert snapshot(app) == before


def test_home_menu_follows_roles(as_user):
    """The menu offers exactly the views the role may open."""
    for role in ["hr", "auditor", "atasan", "pegawai"]:
        home = as_user(role).get("/admin/").get_data(as_text=True)
        for view, (readers, _c) in VIEWS.items():
            assert (f"/admin/{view}/" in home) == (role in readers), (role, view)
