"""One validator, many doors: every malformed configuration file gets per-item messages in
Indonesian and changes nothing, through the import page and `flask config import` alike; the
seed and the editor apply the same rules."""
import copy
import io
import json

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.configio.transfer import export_config
from app.extensions import db
from app.performance.workflow import DEFAULT_DEFINITION

DEEP = 100_000


def _document(app) -> dict:
    with app.app_context():
        data = export_config()
    data["capaian_bands"] = [{"lower_bound": 90, "label": "Tinggi", "color": "#28a745"}]
    data["custom_fields"] = [{"entity": "employee", "code": "hobi", "label": "Hobi",
                              "field_type": "text"}]
    return data


def _activity(data) -> dict:
    return next(w for w in data["workflows"] if w["entity"] == "activity_report")


def _set(path, value):
    """A change to the document: `path` of keys/indexes, the last one set to `value`."""
    def change(data):
        target = data
        for key in path[:-1]:
            target = _activity(data) if key == "ACTIVITY" else target[key]
        target[path[-1]] = value
    return change


def _duplicate_state(data):
    states = _activity(data)["states"]
    states.append(dict(states[0], label="Lagi"))


# (case, how the file is broken, a message the user must see)
CASES = [
    ("unknown entity", lambda d: d["workflows"].append(
        dict(copy.deepcopy(_activity(d)), entity="cuti_pegawai")),
     "data cuti_pegawai tidak dikenal"),
    ("reserved code", _set(["ACTIVITY", "transitions", 0, "code"], "delete"),
     'kode "delete" sudah dipakai oleh sistem'),
    ("role approver without role", lambda d: _activity(d)["transitions"][2].update(
        approver="role", role=None), "memerlukan peran"),
    ("NaN bound", _set(["capaian_bands", 0, "lower_bound"], float("nan")),
     '"lower_bound" harus berupa angka'),
    ("infinite bound", _set(["capaian_bands", 0, "lower_bound"], float("inf")),
     '"lower_bound" harus berupa angka'),
    ("indicators null", _set(["indicators"], None), "indikator: harus berupa daftar"),
    ("states null", _set(["ACTIVITY", "states"], None), "daftar status: harus berupa daftar"),
    ("transitions null", _set(["ACTIVITY", "transitions"], None),
     "daftar transisi: harus berupa daftar"),
    ("duplicate state codes", _duplicate_state, "kode draft muncul dua kali"),
    ('required "maybe"', _set(["custom_fields", 0, "required"], "maybe"),
     '"required" harus true atau false'),
    ("choices {}", _set(["custom_fields", 0, "choices"], {}), '"choices" harus berupa teks'),
    ("300-character code", _set(["ACTIVITY", "states", 0, "code"], "x" * 300),
     '"code" terlalu panjang: paling banyak 40 karakter'),
    ("position 2**40", _set(["ACTIVITY", "transitions", 0, "position"], 2**40),
     '"position" harus bilangan bulat'),
    ("NUL in a label", _set(["ACTIVITY", "states", 0, "label"], "Dra\x00f"),
     "memuat karakter yang tidak diizinkan"),
    ("a row that is a list", _set(["indicators", 0], [1, 2]), "indikator ke-1: harus berupa objek"),
    ("unknown field", lambda d: d["custom_fields"][0].update(requried=True),
     '"requried" bukan isian yang dikenal'),
    ("unknown part", _set(["pelatihan"], []), "Bagian pelatihan tidak dikenal"),
    ("contract: renamed state", lambda d: _rename(d, "submitted", "diajukan"),
     "status submitted tidak dapat dihapus atau diganti kodenya"),
    ("contract: initial state", _set(["ACTIVITY", "initial_state"], "returned"),
     "status awal harus tetap draft"),
]


def _rename(data, old, new):
    flow = _activity(data)
    for state in flow["states"]:
        state["code"] = new if state["code"] == old else state["code"]
    for t in flow["transitions"]:
        for key in ("from_state", "to_state"):
            t[key] = new if t[key] == old else t[key]


def _snapshot(app):
    with app.app_context():
        return export_config(), db.session.scalar(select(func.count()).select_from(AuditEvent))


def _import_page(client, body: bytes) -> str:
    response = client.post("/admin/configuration/", {
        "file": (io.BytesIO(body), "konfigurasi.json")}, content_type="multipart/form-data")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _cli(app, tmp_path, body: bytes):
    path = tmp_path / "konfigurasi.json"
    path.write_bytes(body)
    return app.test_cli_runner().invoke(args=["config", "import", str(path)])


@pytest.mark.parametrize("case,breaks,message", CASES, ids=[c[0] for c in CASES])
def test_a_malformed_file_gets_messages_and_changes_nothing(app, as_user, world, tmp_path,
                                                            case, breaks, message):
    data = _document(app)
    breaks(data)
    body = json.dumps(data).encode()       # (NaN and Infinity as JSON allows them)
    hr = as_user("hr")
    before = _snapshot(app)
    page = _import_page(hr, body)
    assert 'id="config-errors"' in page and message in page.replace("&#34;", '"'), page[-3000:]
    result = _cli(app, tmp_path, body)
    assert result.exit_code == 1 and message in result.output, result.output
    assert _snapshot(app) == before


def test_a_list_nested_100000_deep_and_broken_bytes(app, as_user, world, tmp_path):
    deep = ('{"format": "portal-kinerja-config", "version": 1, "indicators": '
            + "[" * DEEP + "]" * DEEP + "}").encode()
    hr = as_user("hr")
    before = _snapshot(app)
    for body, message in [(deep, "Berkas bersarang terlalu dalam."),
                          (b"\xff\xfe{", "Berkas bukan JSON yang sah.")]:
        assert message in _import_page(hr, body)
        result = _cli(app, tmp_path, body)
        assert result.exit_code == 1 and message in result.output
    assert _snapshot(app) == before


def test_text_in_place_of_a_file(app, as_user, world):
    response = as_user("hr").post("/admin/configuration/", {"file": "bukan berkas"})
    assert response.status_code == 200
    assert "Berkas bukan JSON yang sah." in response.get_data(as_text=True)


def test_every_problem_of_a_file_is_listed_at_once(app, as_user, world):
    data = _document(app)
    for _case, breaks, _message in CASES[:3] + CASES[9:11]:
        breaks(data)
    page = _import_page(as_user("hr"), json.dumps(data).encode())
    for _case, _breaks, message in CASES[:3] + CASES[9:11]:
        assert message in page.replace("&#34;", '"')


def test_a_valid_file_still_imports(app, as_user, world):
    data = _document(app)
    _activity(data)["states"][1]["label"] = "Menunggu verifikasi"   # labels are free
    _activity(data)["states"].append({"code": "archived", "label": "Diarsipkan"})
    # (with the byte-order mark some Windows editors write)
    page = _import_page(as_user("hr"), b"\xef\xbb\xbf" + json.dumps(data).encode())
    assert 'id="config-errors"' not in page
    with app.app_context():
        flow = _activity(export_config())
    assert [s["code"] for s in flow["states"]][-1] == "archived"
    assert flow["states"][1]["label"] == "Menunggu verifikasi"


def test_seed_refuses_what_the_editor_refuses(app):
    from app.core.registry import RegistryError
    from app.workflow.definition import check_bindings

    registry = app.extensions["kinerja_registry"]
    binding = registry.workflows["activity_report"]
    broken = copy.deepcopy(DEFAULT_DEFINITION)
    broken["transitions"][0]["code"] = "delete"
    original = binding.default
    binding.default = broken
    try:
        with app.app_context(), pytest.raises(RegistryError) as error:
            check_bindings(registry)
        assert "activity_report" in str(error.value) and "delete" in str(error.value)
    finally:
        binding.default = original
