"""One `choices` declaration on a view (SecureModelView.choices) drives its form's select, the
label in its list, details page and export, and its list filter's options."""
from sqlalchemy import select

from app.core.registry import registry
from app.extensions import db
from app.org.choices import POSITION_KINDS
from app.org.models import Position


def test_the_declaration_reaches_every_place_a_choice_shows(app, world, as_user):
    hr = as_user("hr")
    with app.app_context():
        view = registry().admin_views["position"]
        position = db.session.scalar(select(Position).where(Position.kind == "pelaksana"))
    kind_filter = next(f for f in view._filters if f.column.key == "kind")
    assert [code for code, _label in kind_filter.options] == list(POSITION_KINDS)

    label = "Pelaksana"   # POSITION_KINDS["pelaksana"] in Indonesian ("Pelaksana (staff)")
    listing = hr.get("/admin/position/").get_data(as_text=True)
    assert label in listing and "(staff)" not in listing
    assert label in hr.get(f"/admin/position/details/?id={position.id}").get_data(as_text=True)
    assert label in hr.get("/admin/position/export/csv/").get_data(as_text=True)

    form = hr.get("/admin/position/new/").get_data(as_text=True)
    assert '<option value="administrator">' in form and '<option value="fungsional">' in form

    filtered = hr.get(f"/admin/position/?flt0_{view._filters.index(kind_filter)}=administrator")
    html = filtered.get_data(as_text=True)
    assert "Kepala Bidang" in html and "Pengadministrasi Umum" not in html
