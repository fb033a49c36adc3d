"""Documented blinker signals: how core and plugins talk without importing each other.

Connect with `signal.connect(receiver)`; receivers get the sender first, then keyword arguments.

- `app-created` (sender: the Flask app): the factory finished; no arguments.
- `record-created` (sender: the model class): a business record was inserted.
  kwargs: `record` (the instance), `user_id` (int or None).
- `record-changed` (sender: the model class): a business record was updated.
  kwargs: `record`, `changes` ({field: [old, new]}), `user_id`.
- `workflow-transitioned` (sender: the entity name, e.g. "activity_report"): a record moved
  from one state to another. kwargs: `record_id`, `transition`, `from_state`, `to_state`,
  `user_id`, `comment`.
- `period-closed` (sender: the Period instance): a performance year was closed; kwargs: `year`.
- `appraisal-finalised` (sender: the appraisal plugin's name): an appraisal became final.
  kwargs: `employee_id`, `year`, `period` (1..n, or 0 for the annual evaluation), `ratings`
  ({"hasil_kerja": ..., "perilaku": ...}, codes "di_atas" / "sesuai" / "di_bawah"),
  `predikat` (e.g. "baik").

The record signals fire for audited models inside the flush that wrote the change (same
transaction): a receiver may add objects to the session (they are written by the next flush)
but must not flush or commit.
"""
from blinker import Namespace

_signals = Namespace()

app_created = _signals.signal("app-created")
record_created = _signals.signal("record-created")
record_changed = _signals.signal("record-changed")
workflow_transitioned = _signals.signal("workflow-transitioned")
period_closed = _signals.signal("period-closed")
appraisal_finalised = _signals.signal("appraisal-finalised")
