"""Issue 10, organisation: the cascade from the unit's Perjanjian Kinerja (a head of unit's RHK
utama support PK targets, staff RHK utama name the RHK they support, a cycle setting relaxes
it; the tree starts at the PK) and the unit predikat proposed from the PK capaian (HR confirms
or overrides with a reason; the head of unit sees it beside the work results rating)."""
from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import select

from app.extensions import db
from app.performance.models import CapaianBand, Realisation, Target
from plugins.appraisal import agreement, rules
from plugins.appraisal.models import AppraisalCycle, Rhk, RhkTarget, Skp, UnitPredikat
from plugins.appraisal.planning import targets_problem
from plugins.appraisal.tests.scenes import approve, chain, evaluation, get
from plugins.appraisal.transition_rules import plan_problem
from plugins.appraisal.units import override_problem
from tests.admin.helpers import alerts
from tests.i18n.conftest import assert_indonesian

RHK = "/admin/appraisal_rhk"
UP = "/admin/appraisal_unit_predikat"


def _this_year(app, scene):
    """The world's PK is this year's: move the scene's cycle to it."""
    from datetime import date

    with app.app_context():
        cycle = db.session.get(AppraisalCycle, scene.cycle)
        cycle.year, cycle.state = date.today().year, "perencanaan"
        db.session.commit()
        return cycle.year


def _main(app, skp_id) -> int:
    with app.app_context():
        return db.session.scalar(select(Rhk.id).where(Rhk.skp_id == skp_id, Rhk.kind == "utama"))


# --- the cascade: rules ------------------------------------------------------------------------

def test_plan_rules_of_the_cascade(app, world):
    scene = chain(app, world)
    _this_year(app, scene)
    with app.app_context():
        head = db.session.get(Skp, scene.skp["head"])
        staff = db.session.get(Skp, scene.skp["atasan"])
        assert agreement.is_unit_head(head) and not agreement.is_unit_head(staff)
        targets = agreement.unit_targets(head.unit_id, head.cycle.year)
        assert [t.id for t in targets] == [world.targets["ikm"], world.targets["waktu"]]
        assert "target Perjanjian Kinerja (PK)" in plan_problem(head)
        head_rhk = head.rhks[0]
        head_rhk.target_links = [RhkTarget(target_id=targets[0].id)]
        db.session.flush()
        assert plan_problem(head) is None
        # Staff: only once the appraiser's (the head's) plan is approved.
        assert plan_problem(staff) is None
        head.status = "approved"
        db.session.flush()
        assert "intervensi" in plan_problem(staff)
        staff.rhks[0].parent = head_rhk
        db.session.flush()
        assert plan_problem(staff) is None
        staff.rhks[0].parent = None
        staff.cycle.require_cascade = False           # the cycle relaxes it
        assert plan_problem(staff) is None
        # Only a head's RHK utama, and only the unit's own targets of the year.
        assert targets_problem(head, "utama", targets) is None
        assert targets_problem(head, "tambahan", targets)
        assert targets_problem(staff, "utama", targets)
        other = db.session.get(Target, world.targets["bkp"])
        assert targets_problem(head, "utama", [other])
        db.session.rollback()


def test_a_head_links_rhk_to_the_pk_and_the_tree_runs_from_the_pk_to_staff(app, world, as_user):
    scene = chain(app, world)
    year = _this_year(app, scene)
    head_skp, atasan_skp = scene.skp["head"], scene.skp["atasan"]
    kepala = as_user("kepala")
    form = kepala.get(f"{RHK}/new/?skp={head_skp}").get_data(as_text=True)
    assert 'name="pk_targets"' in form and "IKU-01 – Pelayanan memuaskan" in form
    assert 'name="pk_targets"' not in as_user("atasan").get(
        f"{RHK}/new/?skp={atasan_skp}").get_data(as_text=True)        # not a head's plan
    kepala.post(f"{RHK}/new/?skp={head_skp}", {
        "skp": str(head_skp), "kind": "utama", "text": "Pelayanan perizinan prima",
        "parent": "__None", "pk_targets": [str(world.targets["ikm"])],
        "indicators-0-id": "", "indicators-0-name": "IKM perizinan",
        "indicators-0-aspect": "penerima_layanan" if get(app, Skp, head_skp).jpt
        else "kualitas", "indicators-0-target": "82"})
    with app.app_context():
        rhk = db.session.scalar(select(Rhk).where(Rhk.text == "Pelayanan perizinan prima"))
        assert [link.target_id for link in rhk.target_links] == [world.targets["ikm"]]
        rhk_id = rhk.id
        # (the plan's first RHK from the scene: link it too, so the plan can go)
        db.session.add(RhkTarget(rhk_id=_main(app, head_skp), target_id=world.targets["waktu"]))
        db.session.commit()
    # Another unit's target is refused (and nothing changes).
    response = kepala.post(f"{RHK}/edit/?id={rhk_id}", {
        "skp": str(head_skp), "kind": "utama", "text": "Pelayanan perizinan prima",
        "parent": "__None", "pk_targets": [str(world.targets["bkp"])]})
    assert response.status_code == 200 and "is-invalid" in response.get_data(as_text=True)
    with app.app_context():
        assert [link.target_id for link in db.session.get(Rhk, rhk_id).target_links] == [
            world.targets["ikm"]]
    # The plan goes to the Sekda, who approves it; the staff's RHK must now name it.
    kepala.post("/admin/appraisal_skp/transition/submit/", {"id": head_skp})
    as_user("sekda").post("/admin/appraisal_skp/transition/approve/", {"id": head_skp})
    assert get(app, Skp, head_skp).status == "approved"
    atasan = as_user("atasan")
    response = atasan.post("/admin/appraisal_skp/transition/submit/", {"id": atasan_skp},
                           follow_redirects=True)
    assert any("intervensi" in a for a in alerts(response)) and \
        get(app, Skp, atasan_skp).status == "draft"
    atasan.post(f"{RHK}/edit/?id={_main(app, atasan_skp)}", {
        "skp": str(atasan_skp), "kind": "utama", "text": "Layanan perizinan tepat waktu",
        "parent": str(rhk_id), "indicators-0-id": "", "indicators-0-name": "Izin terbit",
        "indicators-0-aspect": "kuantitas", "indicators-0-target": "100 izin"})
    atasan.post("/admin/appraisal_skp/transition/submit/", {"id": atasan_skp})
    assert get(app, Skp, atasan_skp).status == "submitted"
    # The tree: PK target -> the head's RHK -> the staff's RHK.
    response = as_user("hr").get(f"{RHK}/cascade/?unit={world.units['dpm']}&cycle={scene.cycle}")
    assert_indonesian(response, "cascade from the PK")
    page = response.get_data(as_text=True)
    pk = re.search(rf'<li data-target="{world.targets["ikm"]}">(.*?)</li>\s*</ul>\s*</li>',
                   page, re.S).group(1)
    assert "Pelayanan perizinan prima" in pk and "Layanan perizinan tepat waktu" in pk
    assert pk.index("Pelayanan perizinan prima") < pk.index("Layanan perizinan tepat waktu")
    assert year and 'id="cascade-pk"' in page


# --- the unit predikat from data -----------------------------------------------------------------

def _realise(app, world, values: dict[str, str], period=1):
    with app.app_context():
        for key, value in values.items():
            db.session.add(Realisation(target_id=world.targets[key], period_no=period,
                                       value=Decimal(value)))
        db.session.commit()


def test_unit_capaian_and_the_proposal_follow_the_bands(app, world):
    scene = chain(app, world)
    year = _this_year(app, scene)
    # IKM 82 target, 80 realised: 97.56%; waktu 7 days target (lower), 8 realised: 85.71%.
    _realise(app, world, {"ikm": "80", "waktu": "8"})
    _realise(app, world, {"ikm": "41"}, period=2)
    with app.app_context():
        dpm = world.units["dpm"]
        assert agreement.unit_capaian(dpm, year, 1) == Decimal("91.64")
        assert agreement.proposed_predikat(Decimal("91.64")) == rules.ORG_ISTIMEWA
        # The year by each indicator's rule: by default IKM (higher) sums, 121 of 82 ->
        # 147.56%, waktu (lower) averages, 8 -> 85.71%.
        assert agreement.unit_capaian(dpm, year, 0) == Decimal("116.64")
        # HR makes IKM a "last value" indicator: 41 -> 50%.
        db.session.get(Target, world.targets["ikm"]).indicator.aggregation = "last"
        db.session.commit()
        assert agreement.unit_capaian(dpm, year, 0) == Decimal("67.86")
        assert agreement.proposed_predikat(Decimal("67.86")) == rules.ORG_BUTUH_PERBAIKAN
        assert agreement.unit_capaian(dpm, year, 3) is None
        # A monthly cycle's month 1 is no quarter of the (quarterly) PK; its year is the year.
        assert agreement.unit_capaian(dpm, year, 1, "monthly") is None
        assert agreement.unit_capaian(dpm, year, 0, "monthly") == Decimal("67.86")
        assert agreement.unit_capaian(world.units["bkp"], year, 1) is None
        assert [agreement.proposed_predikat(Decimal(v)) for v in ("100", "76", "75.99", "51",
                                                                  "50.9", "0")] == [
            rules.ORG_ISTIMEWA, rules.ORG_BAIK, rules.ORG_BUTUH_PERBAIKAN, rules.ORG_KURANG,
            rules.ORG_SANGAT_KURANG, rules.ORG_SANGAT_KURANG]
        # HR's own bands (three of them): the third proposes Butuh Perbaikan.
        db.session.add_all([CapaianBand(lower_bound=Decimal(90), label="Tinggi"),
                            CapaianBand(lower_bound=Decimal(60), label="Sedang"),
                            CapaianBand(lower_bound=None, label="Rendah")])
        db.session.commit()
        assert agreement.proposed_predikat(Decimal("30")) == rules.ORG_BUTUH_PERBAIKAN
        assert override_problem((Decimal("91.64"), rules.ORG_ISTIMEWA), rules.ORG_BAIK, " ")
        assert override_problem((Decimal("91.64"), rules.ORG_ISTIMEWA), rules.ORG_BAIK,
                                "Temuan inspektorat") is None
        assert override_problem((None, None), rules.ORG_BAIK, None) is None


def test_hr_confirms_or_overrides_the_proposal_and_the_head_sees_it(app, world, as_user):
    scene = chain(app, world)
    year = _this_year(app, scene)
    _set_state(app, scene.cycle, "pemantauan")
    _realise(app, world, {"ikm": "80", "waktu": "8"})
    hr = as_user("hr")
    response = hr.get(f"{UP}/proposals/?cycle={scene.cycle}&period=1")
    assert_indonesian(response, "unit predikat proposals")
    row = re.search(rf'<tr data-unit="{world.units["dpm"]}">(.*?)</tr>',
                    response.get_data(as_text=True), re.S).group(1)
    assert re.search(r'data-field="capaian">91,64<', row) and "Istimewa" in row
    hr.post(f"{UP}/confirm/", {"cycle": scene.cycle, "unit": world.units["dpm"], "period": 1})
    with app.app_context():
        stored = db.session.scalar(select(UnitPredikat))
        assert (stored.predikat, stored.proposed, stored.capaian, stored.reason) == (
            rules.ORG_ISTIMEWA, rules.ORG_ISTIMEWA, Decimal("91.64"), None)
        row_id = stored.id
    # Another predikat needs a reason; with one it is kept, audited.
    data = {"cycle": str(scene.cycle), "unit": str(world.units["dpm"]), "period": "1",
            "predikat": rules.ORG_BAIK}
    response = hr.post(f"{UP}/edit/?id={row_id}", data)
    assert "mengusulkan Istimewa" in response.get_data(as_text=True)
    assert get(app, UnitPredikat, row_id).predikat == rules.ORG_ISTIMEWA
    hr.post(f"{UP}/edit/?id={row_id}", {**data, "reason": "Temuan inspektorat"})
    assert (get(app, UnitPredikat, row_id).predikat, get(app, UnitPredikat, row_id).reason) == (
        rules.ORG_BAIK, "Temuan inspektorat")
    with app.app_context():
        from app.audit.models import AuditEvent

        changes = [e.changes_dict for e in db.session.scalars(select(AuditEvent).where(
            AuditEvent.entity == "appraisal_unit_predikat").order_by(AuditEvent.id))]
        assert any(c.get("reason") == [None, "Temuan inspektorat"] for c in changes), changes
    # Only HR confirms; heads of units do not see the proposals of all units.
    assert as_user("atasan").post(f"{UP}/confirm/", {
        "cycle": scene.cycle, "unit": world.units["bkp"], "period": 1}).status_code == 403
    assert as_user("kepala").get(f"{UP}/proposals/").status_code == 403
    # The head of unit's evaluation shows the unit's predikat beside the work results rating.
    approve(app, scene.skp["head"])
    ev = evaluation(app, scene.skp["head"], period=1)
    page = as_user("sekda").get(f"/admin/appraisal_evaluation/details/?id={ev}").get_data(
        as_text=True)
    beside = re.search(r'id="unit-predikat">(.*?)</div>', page, re.S).group(1)
    assert "Baik" in beside and "Capaian PK 91,64" in beside
    staff_ev = evaluation(app, scene.skp["pegawai"], period=1)
    approve(app, scene.skp["pegawai"])
    assert 'id="unit-predikat"' not in as_user("atasan").get(
        f"/admin/appraisal_evaluation/details/?id={staff_ev}").get_data(as_text=True)
    assert year


def _set_state(app, cycle_id, state):
    with app.app_context():
        db.session.get(AppraisalCycle, cycle_id).state = state
        db.session.commit()
