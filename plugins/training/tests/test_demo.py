"""The demo: this year's sessions leave some employees above 20 JP and some below, the
coaching cap shows, and `pelatih` has a session running today."""
from decimal import Decimal

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.i18n import local_today
from plugins.training import ledger
from plugins.training.models import Participant, Programme, TrainingSession
from plugins.training.workflows import DONE, RUNNING


def test_demo_ledger_has_employees_above_and_below(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0        # idempotent
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Programme)) == 4
        year = local_today().year
        rows = [s for s in ledger.compliance(None, year) if s.total > 0]
        assert any(s.total >= 20 for s in rows) and any(0 < s.total < 20 for s in rows)
        # Coaching: three sessions in one month, two credited.
        coaching = db.session.scalars(
            select(Participant).join(TrainingSession).join(Programme)
            .where(Programme.kind == "coaching")).all()
        by_person = {}
        for p in coaching:
            by_person.setdefault(p.employee_id, []).append(p.jp)
        assert by_person and all(sorted(v) == [0, 2, 2] for v in by_person.values())
        trainer = db.session.scalar(select(User).where(User.username == "pelatih")).employee_id
        states = set(db.session.scalars(select(TrainingSession.status).where(
            TrainingSession.trainer_id == trainer)))
        assert {DONE, RUNNING} <= states
        assert db.session.scalar(select(db.func.count()).select_from(Participant).where(
            Participant.certificate_number.is_not(None))) > 0
        assert all(p.jp >= 0 for p in db.session.scalars(select(Participant)))
        assert Decimal(0) in {p.jp for p in db.session.scalars(select(Participant))}
