"""The appraisal card on the home page: the employee's own SKP and evaluations (the predikat
only once rated), and the appraiser's counts of what awaits them."""
import re

from sqlalchemy import select

from app.extensions import db
from plugins.appraisal import rules
from plugins.appraisal.models import Evaluation, Skp
from plugins.appraisal.tests.test_cycles import _generate_world, _skp_id


def _card(client) -> str:
    page = client.get("/admin/").get_data(as_text=True)
    match = re.search(r'<div class="col-md-6 mb-3" id="widget-appraisal">(.*?)</div></div></div>',
                      page, re.S)
    return match.group(1) if match else ""


def _evaluate(app, skp_id, status) -> None:
    with app.app_context():
        skp = db.session.get(Skp, skp_id)
        skp.status = "approved"
        db.session.add(Evaluation(skp=skp, period=1, employee_id=skp.employee_id,
                                  appraiser_id=skp.appraiser_id, superior_id=skp.superior_id,
                                  unit_id=skp.unit_id, status=status,
                                  hasil_kerja=rules.DI_ATAS, perilaku=rules.DI_ATAS,
                                  predikat=rules.SANGAT_BAIK))
        db.session.commit()


def test_the_employee_sees_their_skp_and_the_predikat_only_once_rated(app, as_user, world):
    _generate_world(app, world)
    pegawai = as_user("pegawai")
    card = _card(pegawai)
    assert 'data-field="skp-status"><span class="badge badge-secondary badge-state">Draf<' \
        in card and "SKP Anda" in card
    skp_id = _skp_id(app, world.people["pegawai"])
    _evaluate(app, skp_id, "draft")
    assert "Sangat Baik" not in _card(pegawai) and "Triwulan I" in _card(pegawai)
    with app.app_context():
        db.session.scalar(select(Evaluation)).status = "rated"
        db.session.commit()
    assert "Sangat Baik" in _card(pegawai)


def test_the_appraiser_counts_what_awaits_them(app, as_user, world):
    _generate_world(app, world)
    as_user("pegawai").post("/admin/appraisal_skp/transition/submit/",
                            {"id": _skp_id(app, world.people["pegawai"])})
    _evaluate(app, _skp_id(app, world.people["pegawai2"]), "draft")
    counts = dict(re.findall(r'data-count="(\w+)"[^>]*>(\d+)<', _card(as_user("atasan"))))
    assert counts == {"approve": "1", "rate": "1", "sign": "0"}
    assert "widget-appraisal-tasks" not in _card(as_user("pegawai"))
    for username in ["pelatih", "koordinator", "auditor"]:
        assert _card(as_user(username)) == ""
