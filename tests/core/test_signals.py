"""The documented signals fire with the documented arguments."""
from contextlib import contextmanager

from app.core import signals
from app.extensions import db
from app.org.models import Position
from app.performance.models import Period


@contextmanager
def captured(signal):
    seen = []

    def receiver(sender, **kwargs):
        seen.append((sender, kwargs))

    signal.connect(receiver)
    try:
        yield seen
    finally:
        signal.disconnect(receiver)


def test_record_created_and_changed(ctx):
    with captured(signals.record_created) as created, captured(signals.record_changed) as changed:
        position = Position(name="Analis Kebijakan", kind="fungsional", level="ahli_muda")
        db.session.add(position)
        db.session.commit()
        position.level = "ahli_madya"
        db.session.commit()
    assert created[0][0] is Position and created[0][1]["record"] is position
    assert changed[0][1]["changes"] == {"level": ["ahli_muda", "ahli_madya"]}


def test_period_closed_fires_once_when_a_year_is_closed(ctx):
    period = Period(year=2025, periodicity="monthly")
    db.session.add(period)
    db.session.commit()
    with captured(signals.period_closed) as closed:
        period.closed = True
        db.session.commit()
        period.periodicity = "quarterly"
        db.session.commit()
    assert [(s.year, kw) for s, kw in closed] == [(2025, {"year": 2025})]


def test_workflow_transitioned_on_report_submit(as_user, world):
    with captured(signals.workflow_transitioned) as moved:
        as_user("pegawai").post("/admin/activity_report/transition/submit/",
                                {"id": world.reports["draft"]})
    sender, kwargs = moved[0]
    assert sender == "activity_report"
    assert (kwargs["record_id"], kwargs["from_state"], kwargs["to_state"]) == (
        world.reports["draft"], "draft", "submitted")
    assert kwargs["user_id"] == world.users["pegawai"]
