"""Configuration as data: export, import into another database, and refusal of bad files."""
import io
import json

from sqlalchemy import func, select

from app.customfields.models import CustomField
from app.extensions import db
from app.performance.models import CapaianBand, Indicator
from app.workflow.models import WorkflowDefinition


def _prepare(app):
    with app.app_context():
        db.session.add(Indicator(code="IKU-09", name="Turunan", unit_of_measure="%",
                                 polarity="higher", level="unit", formula="IKU_01 * 2"))
        db.session.add(CustomField(entity="activity_report", code="lokasi",
                                   label="Lokasi kegiatan", field_type="choice",
                                   choices="Kantor\nLapangan"))
        db.session.add(CapaianBand(lower_bound=90, label="Tinggi", color="#28a745"))
        db.session.commit()


def test_cli_export_then_import_restores_everything(app, world, tmp_path):
    _prepare(app)
    path = tmp_path / "konfigurasi.json"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["config", "export", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(path.read_text())
    assert {i["code"] for i in data["indicators"]} == {"IKU-01", "IKU-02", "IKU-09"}
    with app.app_context():  # wipe the configuration, then import it back
        db.session.query(CustomField).delete()
        db.session.query(CapaianBand).delete()
        definition = db.session.scalars(select(WorkflowDefinition).where(
            WorkflowDefinition.entity == "activity_report")).one()
        definition.name = "Diubah"
        indicator = db.session.scalar(select(Indicator).where(Indicator.code == "IKU-09"))
        indicator.formula = None
        db.session.commit()
    result = runner.invoke(args=["config", "import", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(CustomField.label)) == "Lokasi kegiatan"
        assert db.session.scalar(select(CapaianBand.label)) == "Tinggi"
        definition = db.session.scalars(select(WorkflowDefinition).where(
            WorkflowDefinition.entity == "activity_report")).one()
        assert definition.name == "Laporan kegiatan harian"
        assert len(definition.transitions) == 4
        assert db.session.scalar(select(Indicator.formula).where(
            Indicator.code == "IKU-09")) == "IKU_01 * 2"


def test_invalid_file_changes_nothing(app, as_user, world):
    _prepare(app)
    hr = as_user("hr")
    data = json.loads(hr.get("/admin/configuration/export/").get_data(as_text=True))
    data["indicators"][0]["name"] = "Nama baru yang tidak boleh tersimpan"
    data["indicators"].append({"code": "IKU-77", "name": "Rusak", "unit_of_measure": "%",
                               "polarity": "sideways", "level": "unit",
                               "formula": "IKU_404 + 1"})
    data["workflows"][0]["transitions"][0]["to_state"] = "nowhere"
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Indicator))
    response = hr.post("/admin/configuration/", {
        "file": (io.BytesIO(json.dumps(data).encode()), "konfigurasi.json")},
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="config-errors"' in page
    assert "sideways" in page and "IKU_404" in page and "nowhere" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Indicator)) == before
        assert db.session.scalar(select(Indicator.name).where(Indicator.code == "IKU-01")) \
            != "Nama baru yang tidak boleh tersimpan"


def test_not_json_and_wrong_format(app, as_user, world):
    hr = as_user("hr")
    for body in [b"not json", b'{"format": "something-else"}']:
        response = hr.post("/admin/configuration/", {"file": (io.BytesIO(body), "x.json")},
                           content_type="multipart/form-data")
        assert 'id="config-errors"' in response.get_data(as_text=True)
    assert as_user("pegawai").get("/admin/configuration/").status_code == 403
