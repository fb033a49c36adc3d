"""Scenes the issue-10 tests share: the top of a regency's chain on the small test world.

`chain(app, world)`: last year's cycle in its evaluation stage with SKP generated for the whole
world, where the world's head of DPMPTSP is a kepala dinas (JPT) appraised by a new Sekda (JPT,
no supervisor): so the Sekda's appraiser is the Bupati outside the system and nobody is the
Sekda's atasan pejabat penilai; the kepala dinas's superior is the Bupati; staff are appraised
and signed in the system. Every SKP has one RHK utama with an IKI. Accounts: `sekda`, `kepala`
besides the world's.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.org.models import Employee, Position, WorkUnit
from plugins.appraisal.generation import generate
from plugins.appraisal.models import AppraisalCycle, Evaluation, Skp
from plugins.appraisal.tests.test_cycles import give_plans
from tests.fixtures.world import employee, user

YEAR = date.today().year - 1


class Chain:
    cycle: int
    skp: dict       # world key (and "sekda") -> SKP id
    people: dict    # world people plus "sekda"


def chain(app, world, state="evaluasi") -> Chain:
    with app.app_context():
        top = db.session.get(WorkUnit, world.units["top"])
        sekda = employee("Sekretaris Daerah", top,
                         position=Position(name="Sekretaris Daerah", kind="jpt"), grade="IV/d")
        top.head = sekda
        head = db.session.get(Employee, world.people["head"])
        head.supervisor = sekda
        head.position = Position(name="Kepala Dinas", kind="jpt")
        db.session.flush()
        user("sekda", ["supervisor", "employee"], sekda)
        user("kepala", ["supervisor", "employee"], head)
        cycle = AppraisalCycle(year=YEAR, periodicity="quarterly", state="perencanaan")
        db.session.add(cycle)
        db.session.commit()
        generate(cycle, top.id)
        give_plans(cycle.id)
        cycle.state = state
        db.session.commit()
        result = Chain()
        result.cycle = cycle.id
        result.people = {**world.people, "sekda": sekda.id}
        result.skp = {key: db.session.scalar(select(Skp.id).where(
            Skp.cycle_id == cycle.id, Skp.employee_id == person))
            for key, person in result.people.items()}
        return result


def approve(app, *skp_ids) -> None:
    with app.app_context():
        for skp in db.session.scalars(select(Skp).where(Skp.id.in_(skp_ids))):
            skp.status = "approved"
        db.session.commit()


def evaluation(app, skp_id, period=0, status="draft", ratings=None) -> int:
    """An evaluation row as the start page makes it (optionally rated already)."""
    with app.app_context():
        skp = db.session.get(Skp, skp_id)
        row = Evaluation(skp=skp, period=period, employee_id=skp.employee_id,
                         appraiser_id=skp.appraiser_id, superior_id=skp.superior_id,
                         unit_id=skp.unit_id, status=status)
        if ratings:
            from plugins.appraisal import rules

            row.hasil_kerja, row.perilaku = ratings
            row.predikat = rules.predikat(*ratings)
        db.session.add(row)
        db.session.commit()
        return row.id


def get(app, model, ident):
    with app.app_context():
        row = db.session.get(model, ident)
        if row is not None:
            db.session.expunge(row)
        return row


def held_all_along(employee_id: int) -> None:
    """The employee's current position was theirs all along (a test that sets a position today
    for last year's evaluations: signed versions name the position held in the period, from
    the position history). Inside an app context; commits."""
    from sqlalchemy import delete, update

    from app.org.models import PositionHistory

    db.session.execute(delete(PositionHistory).where(
        PositionHistory.employee_id == employee_id, PositionHistory.until.is_not(None)))
    db.session.execute(update(PositionHistory).where(
        PositionHistory.employee_id == employee_id).values(since=None))
    db.session.commit()
