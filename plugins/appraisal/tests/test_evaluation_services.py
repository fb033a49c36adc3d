"""The evaluation's hard rules, called as services without HTTP: who writes which part and
when, starting a period (approval, stage, opening month, duplicates), the realisasi and its
evidence, the predikat of the matrix, linking reports of the period, the period dates; and
the forms' parsing (a field not sent is not an emptied one)."""
from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict

from app.extensions import db
from app.performance.models import ActivityReport
from plugins.appraisal import periods, rules
from plugins.appraisal.models import (ANNUAL, AppraisalCycle, Evaluation, Feedback, Iki,
                                      IkiRealisation, ReportLink, Skp)
from plugins.appraisal.services import Actor, NotYours, Refused
from plugins.appraisal.services import assessing, linking, realising, starting
from plugins.appraisal.services.editing import APPRAISER_PART, EMPLOYEE_PART, check_part
from plugins.appraisal.tests.test_evaluation import YEAR, _plan


@pytest.fixture
def plan(app, world):
    ids = _plan(app, world)
    with app.app_context():
        yield ids, db.session.get(Skp, ids.skp)


def _actors(world):
    p = world.people
    return (Actor(p["pegawai"]), Actor(p["atasan"]), Actor(p["head"]),
            Actor(p["hr"], hr=True))


def _draft(skp, period=1, **values) -> Evaluation:
    evaluation = Evaluation(skp=skp, period=period, employee_id=skp.employee_id,
                            appraiser_id=skp.appraiser_id, superior_id=skp.superior_id,
                            unit_id=skp.unit_id, status="draft", **values)
    db.session.add(evaluation)
    db.session.commit()
    return evaluation


# --- who writes which part, and when -------------------------------------------------------

def test_each_part_belongs_to_its_person_and_only_to_a_draft_of_an_open_cycle(plan, world):
    _ids, skp = plan
    employee, appraiser, superior, hr = _actors(world)
    evaluation = _draft(skp)
    check_part(evaluation, EMPLOYEE_PART, employee)
    check_part(evaluation, APPRAISER_PART, appraiser)
    for actor, part in [(appraiser, EMPLOYEE_PART), (superior, EMPLOYEE_PART),
                        (hr, EMPLOYEE_PART), (employee, APPRAISER_PART),
                        (superior, APPRAISER_PART), (hr, APPRAISER_PART),
                        (Actor(None, hr=True), APPRAISER_PART)]:
        with pytest.raises(NotYours):
            check_part(evaluation, part, actor)
    evaluation.status = "rated"
    with pytest.raises(Refused, match="diproses lebih lanjut"):
        check_part(evaluation, EMPLOYEE_PART, employee)
    evaluation.status = "draft"
    skp.cycle.state = "selesai"
    with pytest.raises(Refused, match="dikunci|locked"):
        check_part(evaluation, APPRAISER_PART, appraiser)


def test_hr_writes_the_appraisers_part_for_an_appraiser_outside_the_system(plan, world):
    _ids, skp = plan
    hr = _actors(world)[3]
    skp.appraiser_id, skp.appraiser_name, skp.appraiser_position = \
        None, "Bupati Manokwari", "Bupati"
    evaluation = _draft(skp)
    check_part(evaluation, APPRAISER_PART, hr)
    skp.appraiser_name = None     # nobody at all: nobody rates on anyone's behalf
    with pytest.raises(NotYours):
        check_part(evaluation, APPRAISER_PART, hr)


# --- starting a period -----------------------------------------------------------------------

def test_start_problems_in_order_of_the_rules(plan, world):
    _ids, skp = plan
    today = date(YEAR, 5, 10)
    assert starting.start_problem(skp, 1, today) is None
    assert "dibuka pada 1 Juni" in starting.start_problem(skp, 2, today)    # Q2: June
    assert starting.start_problem(skp, 2, date(YEAR, 6, 1)) is None
    assert "tahap evaluasi" in starting.start_problem(skp, ANNUAL, today)
    skp.cycle.state = "evaluasi"
    assert "dibuka pada 1 Desember" in starting.start_problem(skp, ANNUAL, today)
    assert starting.start_problem(skp, ANNUAL, date(YEAR, 12, 1)) is None
    skp.cycle.opening_months = 3                  # the whole quarter
    assert starting.start_problem(skp, 2, date(YEAR, 4, 1)) is None
    assert "dibuka pada 1 April" in starting.start_problem(skp, 2, date(YEAR, 3, 31))
    skp.appraiser_id = None
    assert "tidak mencantumkan pejabat penilai" in starting.start_problem(skp, 1, today)
    skp.cycle.state = "perencanaan"
    assert "tahap pemantauan" in starting.start_problem(skp, 1, today)
    skp.status = "submitted"
    assert "harus disetujui" in starting.start_problem(skp, 1, today)


def test_start_creates_one_evaluation_per_period_with_its_deadline(plan, world):
    _ids, skp = plan
    employee, appraiser, superior, hr = _actors(world)
    with pytest.raises(NotYours):
        starting.start(skp, 1, superior)          # the atasan pejabat penilai does not start
    for bad in (None, 5, -1, 99):
        with pytest.raises(Refused, match="Pilih periode"):
            starting.start(skp, bad, employee)
    evaluation = starting.start(skp, 1, appraiser)
    assert (evaluation.employee_id, evaluation.appraiser_id, evaluation.superior_id,
            evaluation.status, evaluation.deadline) == (
        skp.employee_id, skp.appraiser_id, skp.superior_id, "draft", date(YEAR, 4, 14))
    with pytest.raises(Refused, match="sudah ada"):
        starting.start(skp, 1, hr)
    assert db.session.scalar(select(func.count()).select_from(Evaluation)) == 1


# --- the employee's part -----------------------------------------------------------------------

def _upload(name, data=b"%PDF-1.4"):
    return FileStorage(stream=io.BytesIO(data), filename=name)


def test_realisations_need_a_value_before_evidence_and_a_known_file_type(plan, world, app):
    _ids, skp = plan
    employee = _actors(world)[0]
    evaluation = _draft(skp)
    main, second = skp.rhks[0].indicators
    with pytest.raises(Refused) as refused:
        realising.save(evaluation, [realising.Entry(main, "", "https://bukti.example.go.id"),
                                    realising.Entry(second, "2 hari", None,
                                                    _upload("virus.exe"))], employee)
    assert len(refused.value.messages) == 2 and "tidak diizinkan" in refused.value.messages[1]
    assert db.session.scalar(select(func.count()).select_from(IkiRealisation)) == 0
    realising.save(evaluation, [realising.Entry(main, "150 berkas", None, _upload("a.pdf"))],
                   employee)
    row = db.session.scalar(select(IkiRealisation))
    assert (row.value, bool(row.evidence_file)) == ("150 berkas", True)
    realising.save(evaluation, [realising.Entry(main, "")], employee)     # emptied: removed
    assert db.session.scalar(select(func.count()).select_from(IkiRealisation)) == 0


def test_reports_link_only_the_employees_own_unlinked_ones_of_the_period(plan, world):
    ids, skp = plan
    employee = _actors(world)[0]
    evaluation = _draft(skp)

    def report(who, day):
        r = ActivityReport(employee_id=world.people[who], date=day, description="Kegiatan",
                           duration_minutes=30, status="verified")
        db.session.add(r)
        db.session.commit()
        return r.id

    mine, may, others = (report("pegawai", date(YEAR, 2, 3)),
                         report("pegawai", date(YEAR, 5, 3)),
                         report("pegawai2", date(YEAR, 2, 3)))
    with pytest.raises(Refused, match="Pilih RHK"):
        linking.link(evaluation, 999_999, {mine}, employee)
    with pytest.raises(Refused):
        linking.link(evaluation, ids.main, {may, others}, employee)
    notices = linking.link(evaluation, ids.main, {mine, may, others}, employee)
    assert [category for _text, category in notices] == ["success", "warning"]
    assert db.session.scalars(select(ReportLink.report_id)).all() == [mine]
    db.session.add(ReportLink(report_id=may, rhk_id=ids.main))
    db.session.commit()
    with pytest.raises(Refused, match="tidak tertaut"):
        linking.unlink(evaluation, may, employee)      # another period's link
    linking.unlink(evaluation, mine, employee)
    assert db.session.scalars(select(ReportLink.report_id)).all() == [may]


# --- the appraiser's part ----------------------------------------------------------------------

def test_the_predikat_always_follows_the_matrix(plan, world):
    ids, skp = plan
    appraiser = _actors(world)[1]
    evaluation = _draft(skp)
    for (hasil, perilaku), expected in rules.MATRIX.items():
        assessing.save(evaluation, {"hasil_kerja": hasil, "perilaku": perilaku}, {}, appraiser)
        assert evaluation.predikat == expected
    assessing.save(evaluation, {"perilaku": None}, {}, appraiser)
    assert (evaluation.hasil_kerja, evaluation.predikat) == (rules.DI_BAWAH, None)
    with pytest.raises(Refused, match="tiga"):
        assessing.save(evaluation, {"hasil_kerja": "luar_biasa"}, {}, appraiser)
    assessing.save(evaluation, {}, {(ids.main, None): "Baik sekali",
                                    (None, "loyal"): "Setia"}, appraiser)
    assessing.save(evaluation, {}, {(ids.main, None): "Lebih baik", (None, "loyal"): ""},
                   appraiser)
    assert [(f.rhk_id, f.behaviour, f.text) for f in db.session.scalars(select(Feedback))] == [
        (ids.main, None, "Lebih baik")]


# --- periods and forms -------------------------------------------------------------------------

@pytest.mark.parametrize("periodicity,period,months,opens,deadline", [
    ("quarterly", 1, 1, date(2024, 3, 1), date(2024, 4, 14)),
    ("quarterly", 4, 2, date(2024, 11, 1), date(2025, 1, 14)),
    ("quarterly", 2, 12, date(2024, 4, 1), date(2024, 7, 14)),      # never before the period
    ("monthly", 2, 1, date(2024, 2, 1), date(2024, 3, 14)),
    ("monthly", ANNUAL, 1, date(2024, 12, 1), date(2025, 1, 14))])
def test_period_opening_and_deadline(periodicity, period, months, opens, deadline):
    cycle = AppraisalCycle(year=2024, periodicity=periodicity, opening_months=months,
                           acknowledgement_days=14)
    assert periods.opens_on(cycle, period) == opens
    assert periods.deadline(cycle, period) == deadline
    assert not periods.deadline_passed(deadline, today=deadline)
    assert periods.deadline_passed(deadline, today=date.fromordinal(deadline.toordinal() + 1))


def test_forms_tell_a_field_not_sent_from_an_emptied_one(app, plan):
    from plugins.appraisal.forms import AssessmentForm, RealisationForm

    ids, skp = plan
    main, second = skp.rhks[0].indicators
    named = Iki(id=10**6, name="Capaian (%)", aspect="kualitas", target="100%")
    with app.test_request_context(method="POST", data=MultiDict({
            f"value-{main.id}": " 160 berkas ", f"url-{main.id}": "",
            f"value-{named.id}": "x" * 5001})):
        form = RealisationForm.build([main, second, named], meta={"csrf": False})
        assert not form.validate()
        assert form.errors == {f"value-{named.id}": ["Capaian (%): teks terlalu panjang."]}
        assert [(e.indicator.id, e.value, e.url) for e in form.entries()][:1] == [
            (main.id, "160 berkas", None)]
    with app.test_request_context(method="POST", data=MultiDict({
            "hasil_kerja": "di_atas", f"rhk-{ids.main}": "", "behaviour-loyal": "Setia"})):
        form = AssessmentForm.build([ids.main, ids.extra])
        assert form.ratings() == {"hasil_kerja": "di_atas"}
        assert form.texts() == {(ids.main, None): "", (None, "loyal"): "Setia"}
