"""Report search through the trigram index (SQLite FTS5, PostgreSQL pg_trgm) finds exactly what a
case-insensitive substring search finds, and the index follows inserts, updates and deletes."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.core import fulltext
from app.extensions import db
from app.performance.models import ActivityReport
from tests.admin.helpers import listed_ids

DESCRIPTIONS = {
    "verif": "Memverifikasi berkas permohonan izin",
    "upper": "RAPAT KOORDINASI bulanan",
    "quote": 'Menyusun "telaahan" staf 50% selesai',
    "under": "Input data_kependudukan",
}
SEARCHES = ["verifikasi", "koordinasi", "Rapat bulanan", '"telaahan"', "50%", "data_k", "izin",
            "zzz", "ta", "Kegiatan", 'staf" 50']


@pytest.fixture
def reports(app, world):
    with app.app_context():
        rows = {key: ActivityReport(employee_id=world.people["pegawai"], date=date.today(),
                                    description=text, duration_minutes=30, status="submitted")
                for key, text in DESCRIPTIONS.items()}
        db.session.add_all(rows.values())
        db.session.commit()
        return {key: r.id for key, r in rows.items()}


def expected(app, search: str) -> set[int]:
    """Every term a case-insensitive substring of the description (the search's contract)."""
    with app.app_context():
        rows = db.session.execute(select(ActivityReport.id, ActivityReport.description)).all()
    terms = search.lower().split()
    return {i for i, text in rows if all(t in text.lower() for t in terms)}


@pytest.mark.parametrize("search", SEARCHES)
def test_search_matches_substrings(search, app, as_user, reports):
    found = listed_ids(as_user("hr").get("/admin/activity_report/",
                                         query_string={"search": search, "page_size": 100}))
    assert found == expected(app, search)


def test_sqlite_uses_the_fts_index_and_it_follows_changes(app, ctx, reports):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("FTS5 is SQLite's; PostgreSQL's pg_trgm index serves ILIKE as it is")

    def matching(term):
        clause = fulltext.match(db.session, ActivityReport.description, term)
        assert clause is not None  # the index answered, not a LIKE fallback
        return set(db.session.scalars(select(ActivityReport.id).where(clause)))

    assert matching("verifikasi") == {reports["verif"]}
    report = db.session.get(ActivityReport, reports["verif"])
    report.description = "Mengarsipkan dokumen"
    db.session.commit()
    assert matching("verifikasi") == set()
    assert matching("arsip") == {reports["verif"]}
    db.session.delete(report)
    db.session.commit()
    assert matching("arsip") == set()


def test_short_and_common_terms_fall_back_to_like(ctx, reports, monkeypatch):
    assert fulltext.match(db.session, ActivityReport.description, "iz") is None
    monkeypatch.setattr(fulltext, "PROBE_LIMIT", 1)
    assert fulltext.match(db.session, ActivityReport.description, "izin") is None
