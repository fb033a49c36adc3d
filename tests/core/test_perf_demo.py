"""Issue 11 in the demo: the DPMPTSP agreement shows period and annual capaian with a derived
indicator and missing realisasi; PPPK staff carry PPPK numbers; this year's holidays exist."""
import re

from sqlalchemy import func, select

from app.extensions import db
from app.org.models import Employee, WorkUnit
from app.org.nip import parse_nip
from app.performance.models import Holiday, PerformanceAgreement


def test_demo_agreement_pppk_numbers_and_holidays(app, client):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        pppk = db.session.scalars(select(Employee).where(Employee.employment_type == "pppk")).all()
        assert pppk and all(parse_nip(e.nip, "pppk").pppk for e in pppk)
        assert db.session.scalar(select(func.count(Holiday.id))) >= 25
        agreement_id = db.session.scalar(select(PerformanceAgreement.id).join(WorkUnit).where(
            WorkUnit.code == "DPMPTSP"))
    assert client.login("kepegawaian", "kinerja-demo").status_code == 302
    page = client.get(f"/admin/agreement/details/?id={agreement_id}").get_data(as_text=True)
    derived = re.search(r'<tr data-indicator="IKU-12">(.*?)</tr>', page, re.S).group(1)
    assert "belum dapat dihitung" in derived           # the open quarter has no realisasi
    permits = re.search(r'<tr data-indicator="IKU-11">(.*?)</tr>', page, re.S).group(1)
    assert 'data-period="year"' in permits and 'data-period-targets="IKU-11"' in page
