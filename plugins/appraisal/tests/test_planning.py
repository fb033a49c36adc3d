"""SKP planning: RHK with IKI supporting the appraiser's approved RHK, who may write the plan
and when, JPT perspectives, the appraiser's expectations, the SKP page and the cascade tree."""
from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from sqlalchemy import event, func, select

from app.extensions import db
from app.org.models import Employee, Position, WorkUnit
from plugins.appraisal.generation import generate
from plugins.appraisal.models import AppraisalCycle, Expectation, Iki, Rhk, Skp
from tests.admin.helpers import alerts

PARENT_ERROR = "Pilih RHK dari SKP pejabat penilai yang sudah disetujui pada siklus yang sama."
LOCKED = "Hanya pemilik SKP (atau admin kepegawaian) yang dapat mengubah RHK-nya"


def _plan(app, world, *, boss_approved=True) -> dict:
    """A planning cycle with SKP drafts for the whole world; atasan's SKP (the appraiser of
    pegawai and pegawai2) has one RHK, approved unless told otherwise; atasan_lain's SKP
    (appraiser of lain) has an approved RHK too."""
    with app.app_context():
        cycle = AppraisalCycle(year=date.today().year, periodicity="quarterly")
        db.session.add(cycle)
        db.session.commit()
        generate(cycle, world.units["top"])
        skps = {key: db.session.scalar(select(Skp.id).where(
            Skp.employee_id == world.people[key], Skp.cycle_id == cycle.id))
            for key in world.people}
        boss, other = db.session.get(Skp, skps["atasan"]), db.session.get(Skp, skps["atasan_lain"])
        boss_rhk = Rhk(skp=boss, kind="utama", text="Meningkatnya kecepatan layanan perizinan",
                       indicators=[Iki(name="Rata-rata waktu izin", aspect="waktu",
                                       target="3 hari")])
        other_rhk = Rhk(skp=other, kind="utama", text="Tertibnya administrasi kepegawaian")
        db.session.add_all([boss_rhk, other_rhk])
        other.status = "approved"
        if boss_approved:
            boss.status = "approved"
        db.session.commit()
        return {"cycle": cycle.id, "skp": skps, "boss_rhk": boss_rhk.id,
                "other_rhk": other_rhk.id}


def _rhk_form(skp_id, text="Terbitnya izin usaha tepat waktu", parent="", aspect="kuantitas",
              kind="utama") -> dict:
    return {"skp": str(skp_id), "kind": kind, "text": text, "parent": str(parent),
            "indicators-0-id": "", "indicators-0-name": "Jumlah izin terbit",
            "indicators-0-aspect": aspect, "indicators-0-target": "120 izin"}


def _rhks(app, skp_id) -> list[tuple]:
    with app.app_context():
        return [(r.text, r.parent_id, [(i.name, i.aspect, i.target) for i in r.indicators])
                for r in db.session.scalars(select(Rhk).where(Rhk.skp_id == skp_id)
                                            .order_by(Rhk.id))]


def _add_rhk(app, skp_id, text="RHK pegawai", parent=None) -> int:
    with app.app_context():
        rhk = Rhk(skp_id=skp_id, kind="utama", text=text, parent_id=parent,
                  indicators=[Iki(name="Dokumen", aspect="kuantitas", target="12 dokumen")])
        db.session.add(rhk)
        db.session.commit()
        return rhk.id


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def test_employee_plans_an_rhk_with_iki_supporting_the_appraisers_approved_rhk(
        app, as_user, world):
    plan = _plan(app, world)
    skp = plan["skp"]["pegawai"]
    pegawai = as_user("pegawai")
    form = _page(pegawai, f"/admin/appraisal_rhk/new/?skp={skp}")
    # The SKP is preselected, and the appraiser's approved RHK offered; another's is not.
    assert re.search(rf'<option selected value="{skp}"|<option value="{skp}" selected', form)
    assert "Meningkatnya kecepatan layanan perizinan" in form
    assert "Tertibnya administrasi kepegawaian" not in form
    response = pegawai.post(f"/admin/appraisal_rhk/new/?skp={skp}",
                            _rhk_form(skp, parent=plan["boss_rhk"]))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/appraisal_skp/details/?id={skp}")
    assert _rhks(app, skp) == [("Terbitnya izin usaha tepat waktu", plan["boss_rhk"],
                                [("Jumlah izin terbit", "kuantitas", "120 izin")])]
    # The SKP page shows the plan as officials read it.
    page = _page(pegawai, f"/admin/appraisal_skp/details/?id={skp}")
    for text in ["Terbitnya izin usaha tepat waktu", "Jumlah izin terbit", "Kuantitas",
                 "120 izin", "Meningkatnya kecepatan layanan perizinan", "Tambah RHK",
                 "Berorientasi Pelayanan", "Membantu orang lain belajar", "Lampiran",
                 "Dukungan sumber daya", "Ekspektasi Khusus Pimpinan"]:
        assert text in page, text
    assert 'id="expectations-form"' not in page          # the appraiser's to write
    # The owner writes the appendix of the draft, and nothing else of the SKP.
    pegawai.post(f"/admin/appraisal_skp/edit/?id={skp}",
                 {"resources": "Aplikasi perizinan daring", "appraiser": str(world.people["hr"])})
    with app.app_context():
        row = db.session.get(Skp, skp)
        assert (row.resources, row.appraiser_id) == ("Aplikasi perizinan daring",
                                                     world.people["atasan"])


def test_no_rhk_of_an_unapproved_plan_or_of_someone_else_can_be_supported(app, as_user, world):
    plan = _plan(app, world, boss_approved=False)
    skp = plan["skp"]["pegawai"]
    pegawai = as_user("pegawai")
    form = _page(pegawai, f"/admin/appraisal_rhk/new/?skp={skp}")
    assert "Meningkatnya kecepatan layanan perizinan" not in form   # atasan's is a draft
    for parent in [plan["boss_rhk"], plan["other_rhk"]]:
        response = pegawai.post(f"/admin/appraisal_rhk/new/?skp={skp}",
                                _rhk_form(skp, parent=parent))
        assert response.status_code == 200
        assert PARENT_ERROR in response.get_data(as_text=True)
    # Nor can the employee plan into a colleague's SKP.
    other = plan["skp"]["pegawai2"]
    response = pegawai.post(f"/admin/appraisal_rhk/new/?skp={other}", _rhk_form(other))
    assert response.status_code == 200
    assert "Pilih draf SKP pada siklus yang masih terbuka yang boleh Anda ubah." in \
        response.get_data(as_text=True)
    assert _rhks(app, skp) == [] and _rhks(app, other) == []
    # Once the appraiser's plan is approved, the same choice is accepted.
    with app.app_context():
        db.session.get(Skp, plan["skp"]["atasan"]).status = "approved"
        db.session.commit()
    pegawai.post(f"/admin/appraisal_rhk/new/?skp={skp}", _rhk_form(skp, parent=plan["boss_rhk"]))
    assert [r[1] for r in _rhks(app, skp)] == [plan["boss_rhk"]]


def test_the_plan_cannot_change_after_it_is_submitted(app, as_user, world):
    plan = _plan(app, world)
    skp = plan["skp"]["pegawai"]
    # (supporting the appraiser's approved RHK, as a submitted RHK utama must)
    rhk = _add_rhk(app, skp, parent=plan["boss_rhk"])
    pegawai = as_user("pegawai")
    # In Draft the owner edits the RHK and its IKI.
    pegawai.post(f"/admin/appraisal_rhk/edit/?id={rhk}",
                 {**_rhk_form(skp, text="RHK diperbaiki", parent=plan["boss_rhk"]),
                  "indicators-0-id": ""})
    assert _rhks(app, skp)[0][0] == "RHK diperbaiki"
    pegawai.post("/admin/appraisal_skp/transition/submit/", {"id": skp})
    with app.app_context():
        assert db.session.get(Skp, skp).status == "submitted"
    response = pegawai.get(f"/admin/appraisal_rhk/edit/?id={rhk}")
    assert response.status_code == 302                            # back to the details
    pegawai.post(f"/admin/appraisal_rhk/edit/?id={rhk}", _rhk_form(skp, text="Diubah lagi"))
    pegawai.post("/admin/appraisal_rhk/delete/", {"id": str(rhk)})
    pegawai.post(f"/admin/appraisal_rhk/new/?skp={skp}", _rhk_form(skp, text="RHK baru"))
    pegawai.post(f"/admin/appraisal_skp/edit/?id={skp}", {"resources": "Diubah"})
    assert [r[0] for r in _rhks(app, skp)] == ["RHK diperbaiki"]
    with app.app_context():
        assert db.session.get(Skp, skp).resources is None
    page = _page(pegawai, f"/admin/appraisal_skp/details/?id={skp}")
    assert "Tambah RHK" not in page and f'data-edit-rhk="{rhk}"' not in page
    # The appraiser reads the plan but does not write it.
    atasan = as_user("atasan")
    assert "RHK diperbaiki" in _page(atasan, f"/admin/appraisal_rhk/details/?id={rhk}")
    atasan.post(f"/admin/appraisal_rhk/edit/?id={rhk}", _rhk_form(skp, text="Oleh atasan"))
    assert [r[0] for r in _rhks(app, skp)] == ["RHK diperbaiki"]


def test_a_jpt_plan_measures_by_perspective(app, as_user, world):
    plan = _plan(app, world)
    skp = plan["skp"]["pegawai"]
    with app.app_context():
        db.session.get(Skp, skp).jpt = True
        db.session.commit()
    pegawai = as_user("pegawai")
    form = _page(pegawai, f"/admin/appraisal_rhk/new/?skp={skp}")
    # (the new-IKI template is escaped in the page)
    assert "value=&#34;penerima_layanan&#34;" in form and "value=&#34;kuantitas" not in form
    response = pegawai.post(f"/admin/appraisal_rhk/new/?skp={skp}", _rhk_form(skp))
    assert "SKP JPT mengukur indikatornya dengan perspektif" in response.get_data(as_text=True)
    assert _rhks(app, skp) == []
    pegawai.post(f"/admin/appraisal_rhk/new/?skp={skp}",
                 _rhk_form(skp, aspect="penerima_layanan"))
    assert _rhks(app, skp)[0][2] == [("Jumlah izin terbit", "penerima_layanan", "120 izin")]
    # ... and a plan that is not JPT takes no perspective.
    other = plan["skp"]["pegawai2"]
    response = as_user("pegawai2").post(f"/admin/appraisal_rhk/new/?skp={other}",
                                        _rhk_form(other, aspect="anggaran"))
    assert "perspektif hanya untuk SKP JPT" in response.get_data(as_text=True)
    assert _rhks(app, other) == []


def test_generation_marks_the_plans_of_jpt_holders(app, world):
    with app.app_context():
        jpt = Position(name="Kepala Dinas", kind="jpt")
        dpm = db.session.get(WorkUnit, world.units["dpm"])
        db.session.add(Employee(nip="197001012000031001", name="Kepala Dinas Baru", unit=dpm,
                                position=jpt, active=True))
        cycle = AppraisalCycle(year=date.today().year)
        db.session.add(cycle)
        db.session.commit()
        generate(cycle, world.units["top"])
        flags = dict(db.session.execute(select(Employee.name, Skp.jpt).join(
            Skp, Skp.employee_id == Employee.id)).all())
    assert flags.pop("Kepala Dinas Baru") is True
    assert set(flags.values()) == {False}            # no position or not a JPT position


def test_the_appraiser_sets_expectations_and_the_employee_cannot(app, as_user, world):
    plan = _plan(app, world)
    skp = plan["skp"]["pegawai"]
    url = "/admin/appraisal_skp/expectations/"

    def expectations():
        with app.app_context():
            return dict(db.session.execute(select(Expectation.behaviour, Expectation.text)
                                           .where(Expectation.skp_id == skp)).all())

    atasan = as_user("atasan")
    assert 'id="expectations-form"' in _page(atasan, f"/admin/appraisal_skp/details/?id={skp}")
    atasan.post(url, {"id": skp, "expectation-akuntabel": "Laporan tepat waktu setiap bulan",
                      "expectation-loyal": ""})
    assert expectations() == {"akuntabel": "Laporan tepat waktu setiap bulan"}
    atasan.post(url, {"id": skp, "expectation-kolaboratif": "Aktif di forum lintas bidang"})
    assert expectations() == {"akuntabel": "Laporan tepat waktu setiap bulan",
                              "kolaboratif": "Aktif di forum lintas bidang"}
    atasan.post(url, {"id": skp, "expectation-akuntabel": "  "})      # empty text deletes
    assert expectations() == {"kolaboratif": "Aktif di forum lintas bidang"}
    response = atasan.post(url, {"id": skp, "expectation-loyal": "x" * 2001},
                           follow_redirects=True)
    assert any("paling banyak 2.000 karakter" in a for a in alerts(response))
    assert expectations() == {"kolaboratif": "Aktif di forum lintas bidang"}
    # The owner, a colleague and the auditor cannot; nor anyone once the SKP is approved.
    for username in ["pegawai", "pegawai2", "auditor", "atasan_lain"]:
        as_user(username).post(url, {"id": skp, "expectation-kolaboratif": username})
    assert expectations() == {"kolaboratif": "Aktif di forum lintas bidang"}
    page = _page(as_user("pegawai"), f"/admin/appraisal_skp/details/?id={skp}")
    assert "Aktif di forum lintas bidang" in page and 'id="expectations-form"' not in page
    with app.app_context():
        db.session.get(Skp, skp).status = "approved"
        db.session.commit()
    response = atasan.post(url, {"id": skp, "expectation-kolaboratif": "Diubah"},
                           follow_redirects=True)
    assert any("belum disetujui" in a for a in alerts(response))
    assert expectations() == {"kolaboratif": "Aktif di forum lintas bidang"}


def test_another_employee_neither_sees_nor_changes_the_plan(app, as_user, world):
    plan = _plan(app, world)
    skp = plan["skp"]["pegawai"]
    rhk = _add_rhk(app, skp, text="Rahasia pegawai satu")
    for username in ["pegawai2", "lain", "atasan_lain"]:
        client = as_user(username)
        assert "Rahasia pegawai satu" not in _page(client, "/admin/appraisal_rhk/")
        for url in [f"/admin/appraisal_rhk/details/?id={rhk}",
                    f"/admin/appraisal_rhk/edit/?id={rhk}",
                    f"/admin/appraisal_skp/details/?id={skp}"]:
            assert "Rahasia pegawai satu" not in client.get(url, follow_redirects=True) \
                .get_data(as_text=True)
        client.post(f"/admin/appraisal_rhk/edit/?id={rhk}", _rhk_form(skp, text="Diubah"))
        client.post("/admin/appraisal_rhk/delete/", {"id": str(rhk)})
        client.post("/admin/appraisal_rhk/action/", {"action": "delete", "rowid": str(rhk)})
    assert [r[0] for r in _rhks(app, skp)] == ["Rahasia pegawai satu"]
    # The owner, the appraiser, HR and the auditor see it in the list.
    for username in ["pegawai", "atasan", "hr", "auditor"]:
        assert "Rahasia pegawai satu" in _page(as_user(username), "/admin/appraisal_rhk/")


@pytest.mark.parametrize("username", ["pelatih", "koordinator"])
def test_trainer_and_coordinator_have_no_access(app, as_user, world, username):
    plan = _plan(app, world)
    rhk = _add_rhk(app, plan["skp"]["pegawai"])
    client = as_user(username)
    for url in ["/admin/appraisal_rhk/", f"/admin/appraisal_rhk/details/?id={rhk}",
                f"/admin/appraisal_rhk/new/?skp={plan['skp']['pegawai']}",
                "/admin/appraisal_rhk/cascade/"]:
        assert client.get(url).status_code == 403, url
    assert client.post("/admin/appraisal_skp/expectations/",
                       {"id": plan["skp"]["pegawai"],
                        "expectation-loyal": "x"}).status_code == 403
    assert client.post("/admin/appraisal_rhk/delete/", {"id": str(rhk)}).status_code == 403


class _Tree(HTMLParser):
    """Each RHK node of the cascade page: its parent node and its section (ul id)."""

    def __init__(self):
        super().__init__()
        self.stack, self.section, self.parent_of, self.section_of = [], None, {}, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ul" and attrs.get("id", "").startswith("cascade-"):
            self.section = attrs["id"]
        if tag == "li":
            rhk = int(attrs["data-rhk"]) if "data-rhk" in attrs else None
            if rhk is not None:
                assert rhk not in self.parent_of, f"RHK {rhk} shown twice"
                self.parent_of[rhk] = next((r for r in reversed(self.stack) if r), None)
                self.section_of[rhk] = self.section
            self.stack.append(rhk)

    def handle_endtag(self, tag):
        if tag == "li":
            self.stack.pop()


def _tree(client, url) -> _Tree:
    parser = _Tree()
    parser.feed(_page(client, url))
    return parser


def test_cascade_nests_the_supporting_rhk_under_the_heads(app, as_user, world):
    plan = _plan(app, world)
    skp = plan["skp"]
    with app.app_context():
        db.session.get(Skp, skp["head"]).status = "approved"
        db.session.commit()
    head_rhk = _add_rhk(app, skp["head"], text="Meningkatnya investasi daerah")
    with app.app_context():
        db.session.get(Rhk, plan["boss_rhk"]).parent_id = head_rhk
        db.session.commit()
    own = _add_rhk(app, skp["pegawai"], text="Terverifikasinya berkas izin",
                   parent=plan["boss_rhk"])
    loose = _add_rhk(app, skp["pegawai2"], text="Terarsipnya dokumen")
    url = f"/admin/appraisal_rhk/cascade/?cycle={plan['cycle']}&unit={world.units['dpm']}"
    tree = _tree(as_user("hr"), url)
    assert tree.parent_of == {head_rhk: None, plan["boss_rhk"]: head_rhk,
                              own: plan["boss_rhk"], loose: None}
    assert tree.section_of == {head_rhk: "cascade-tree", plan["boss_rhk"]: "cascade-tree",
                               own: "cascade-tree", loose: "cascade-loose"}
    # The appraiser sees the staff's plans and the head's RHK their own supports.
    atasan = _tree(as_user("atasan"), "/admin/appraisal_rhk/cascade/")   # defaults
    assert atasan.parent_of == tree.parent_of
    # An employee sees their own RHK and the RHK it supports, nothing of a colleague's.
    pegawai = _tree(as_user("pegawai"), url + "&unit=999")
    assert pegawai.parent_of == {plan["boss_rhk"]: None, own: plan["boss_rhk"]}
    assert pegawai.section_of[plan["boss_rhk"]] == "cascade-loose"
    # Another unit's employee: their own unit, whatever the URL asks.
    assert _tree(as_user("lain"), url).parent_of == {}


def test_a_finished_cycle_locks_the_plan(app, as_user, world):
    plan = _plan(app, world)
    skp = plan["skp"]["pegawai"]
    rhk = _add_rhk(app, skp)
    with app.app_context():
        db.session.get(AppraisalCycle, plan["cycle"]).state = "selesai"
        db.session.commit()
    for username in ["pegawai", "hr"]:
        client = as_user(username)
        client.post(f"/admin/appraisal_rhk/new/?skp={skp}", _rhk_form(skp, text="Baru"))
        client.post(f"/admin/appraisal_rhk/edit/?id={rhk}", _rhk_form(skp, text="Diubah"))
        client.post("/admin/appraisal_rhk/delete/", {"id": str(rhk)})
        client.post("/admin/appraisal_skp/expectations/",
                    {"id": skp, "expectation-loyal": "Setia"})
        page = _page(client, f"/admin/appraisal_skp/details/?id={skp}")
        assert "Tambah RHK" not in page and 'id="expectations-form"' not in page
    assert [r[0] for r in _rhks(app, skp)] == ["RHK pegawai"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Expectation)) == 0


def test_rhk_list_filters_by_cycle_year_and_kind_and_searches_names(app, as_user, world):
    plan = _plan(app, world)
    _add_rhk(app, plan["skp"]["pegawai"], text="Kegiatan pegawai satu")
    hr = as_user("hr")
    year = date.today().year
    listing = _page(hr, f"/admin/appraisal_rhk/?flt0_0={year}")
    assert "Kegiatan pegawai satu" in listing and "Tertibnya administrasi" in listing
    assert "Kegiatan pegawai satu" not in _page(hr, f"/admin/appraisal_rhk/?flt0_0={year + 1}")
    assert "Kegiatan pegawai satu" not in _page(hr, "/admin/appraisal_rhk/?flt0_1=tambahan")
    found = _page(hr, "/admin/appraisal_rhk/?search=Pegawai+Satu")
    assert "Kegiatan pegawai satu" in found and "Tertibnya administrasi" not in found


def test_the_skp_page_loads_the_plan_in_a_fixed_number_of_queries(app, as_user, world):
    plan = _plan(app, world)
    skp = plan["skp"]["pegawai"]
    client = as_user("pegawai")
    url = f"/admin/appraisal_skp/details/?id={skp}"

    def count() -> int:
        statements = []

        def listen(conn, cursor, statement, *args):
            statements.append(statement)

        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", listen)
            try:
                _page(client, url)
            finally:
                event.remove(db.engine, "before_cursor_execute", listen)
        return len(statements)

    _add_rhk(app, skp, parent=plan["boss_rhk"])
    count()   # (the first request fills the process's configuration cache)
    one = count()
    for n in range(8):
        _add_rhk(app, skp, text=f"RHK {n}", parent=plan["boss_rhk"])
    assert count() == one


def test_an_approved_plan_links_to_its_evaluation(app, as_user, world):
    plan = _plan(app, world)
    skp = plan["skp"]["atasan"]            # approved in _plan
    draft = plan["skp"]["pegawai"]
    link = f"/admin/appraisal_evaluation/start/?skp={skp}"
    page = _page(as_user("atasan"), f"/admin/appraisal_skp/details/?id={skp}")
    # (the link waits for the evaluation view's endpoint; once it exists, it shows)
    if "appraisal_evaluation.start_view" in app.view_functions:
        assert 'id="start-evaluation"' in page and link in page
    else:
        assert 'id="start-evaluation"' not in page
    assert 'id="start-evaluation"' not in _page(as_user("pegawai"),
                                                f"/admin/appraisal_skp/details/?id={draft}")


def test_the_owner_edits_the_iki_of_an_rhk_inline(app, as_user, world):
    plan = _plan(app, world)
    skp = plan["skp"]["pegawai"]
    rhk = _add_rhk(app, skp)
    with app.app_context():
        iki = db.session.scalar(select(Iki.id).where(Iki.rhk_id == rhk))
    pegawai = as_user("pegawai")
    edit = _page(pegawai, f"/admin/appraisal_rhk/edit/?id={rhk}")
    assert 'value="12 dokumen"' in edit
    form = {"skp": str(skp), "kind": "tambahan", "text": "RHK pegawai", "parent": "__None",
            "indicators-0-id": str(iki), "indicators-0-name": "Dokumen",
            "indicators-0-aspect": "kuantitas", "indicators-0-target": "15 dokumen",
            "indicators-1-id": "", "indicators-1-name": "Ketepatan waktu",
            "indicators-1-aspect": "waktu", "indicators-1-target": "Setiap tanggal 5"}
    assert pegawai.post(f"/admin/appraisal_rhk/edit/?id={rhk}", form).status_code == 302
    assert _rhks(app, skp) == [("RHK pegawai", None, [
        ("Dokumen", "kuantitas", "15 dokumen"), ("Ketepatan waktu", "waktu", "Setiap tanggal 5")])]
    with app.app_context():
        new = db.session.scalar(select(Iki.id).where(Iki.rhk_id == rhk, Iki.id != iki))
    form = {**form, "del-indicators-0": "y", "indicators-1-id": str(new)}
    pegawai.post(f"/admin/appraisal_rhk/edit/?id={rhk}", form)
    assert _rhks(app, skp)[0][2] == [("Ketepatan waktu", "waktu", "Setiap tanggal 5")]
