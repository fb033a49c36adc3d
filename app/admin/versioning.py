"""Lost updates in the back office: every edit form carries the version of the record it was
drawn from (a hidden `version` field), and a save from a page older than the record changes
nothing and says who changed the record and when, with a link to reload it.

`StaleEditGuard` does this for every model view (a base of SecureModelView); other forms (the
evaluation page of the appraisal plugin, the transition buttons) use `stale()` and
`refuse_stale()`. The database has the last word: the UPDATE itself is conditional on the
version (app.core.versioning), so two saves racing past the check still cannot both win.
"""
from __future__ import annotations

from flask import flash, request
from markupsafe import Markup
from sqlalchemy import inspect, select
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField

from app.audit.models import AuditEvent
from app.core.versioning import VERSION, guard, is_versioned, parse_version
from app.extensions import db
from app.i18n import _, fmt_datetime

CHANGES = ("create", "update", "transition")  # audit actions that change a record


class VersionField(HiddenField):
    """The version the form was drawn from (filled from the record's `version`). It is never
    written to the record: the ORM advances the version itself."""

    def populate_obj(self, obj, name):
        pass


class _KeepsVersion:
    """An edit form whose version survives the role restrictions, which delete every field a
    role may not write (the version is no data the user writes)."""

    def __delitem__(self, name):
        if name != VERSION:
            super().__delitem__(name)


def last_change(record) -> AuditEvent | None:
    """The newest event of the audit trail that changed `record`."""
    ident = inspect(record).identity
    if not ident:
        return None
    return db.session.scalar(
        select(AuditEvent).where(AuditEvent.entity == record.__tablename__,
                                 AuditEvent.entity_id == ",".join(map(str, ident)),
                                 AuditEvent.action.in_(CHANGES))
        .order_by(AuditEvent.id.desc()).limit(1))


def stale_message(record, reload_url: str) -> Markup:
    """What a refused stale save says: who changed the record, when (WIT), and a reload link."""
    event = last_change(record) if record is not None else None
    if event is not None:
        text = _("This record was changed by %(user)s on %(when)s, after you opened it. "
                 "Your changes were not saved, so as not to overwrite theirs.",
                 user=event.username, when=fmt_datetime(event.at))
    else:
        text = _("This record was changed by someone else after you opened it. "
                 "Your changes were not saved, so as not to overwrite theirs.")
    return Markup('{} <a href="{}" data-reload="1">{}</a>').format(
        text, reload_url, _("Reload the current record and make your changes again."))


def _record_related_change(record, others) -> None:
    """The audit event of a save that changed only rows belonging to `record` (its feedback,
    custom field values, inline rows): an update of the record, naming what changed, so that
    a refused second tab learns who made it."""
    from app.audit.trail import record as audit

    ident = inspect(record).identity
    audit("update", record.__tablename__, ",".join(map(str, ident)),
          related=sorted({getattr(o, "__tablename__", type(o).__name__) for o in others}))


def guard_save(record) -> None:
    """`record` is being saved from a version-checked form in this request's transaction:
    whatever else the save changes makes a new version of it (app.core.versioning.guard)."""
    guard(db.session, record, on_advance=_record_related_change)


def stale(record, sent) -> bool:
    """Whether a form that carried version `sent` was drawn from an older state of `record`.
    A form without a (valid) version is not checked: the UPDATE still is."""
    version = parse_version(sent)
    return is_versioned(record) and version is not None and version != record.version


def refuse_stale(record, reload_url: str) -> None:
    """Tell the user their save was refused (after a lost race, the session is rolled back
    first, so that the trail can be read)."""
    db.session.rollback()
    flash(stale_message(record, reload_url), "error")


class StaleEditGuard:
    """Model-view mixin: the hidden version in edit forms, the check on save, and no `version`
    column in lists, details, exports or create forms."""

    def scaffold_list_columns(self):
        return [c for c in super().scaffold_list_columns() if c != VERSION]

    def scaffold_form(self):
        form_class = super().scaffold_form()
        if hasattr(form_class, VERSION):
            delattr(form_class, VERSION)   # (Flask-Admin makes every column a field)
        return form_class

    def get_edit_form(self):
        form_class = super().get_edit_form()
        if is_versioned(self.model):
            form_class = type(form_class.__name__, (_KeepsVersion, form_class),
                              {VERSION: VersionField()})
        return form_class

    def update_model(self, form, model):
        if VERSION in form and stale(model, form[VERSION].data):
            flash(stale_message(model, request.url), "error")
            return False
        if is_versioned(model):
            guard_save(model)
        return super().update_model(form, model)

    def stale_save_refused(self, exc) -> bool:
        """For `handle_view_exception`: another save won the race between the check and the
        UPDATE (which then changed no row): the same message as a stale form."""
        if not isinstance(exc, StaleDataError):
            return False
        db.session.rollback()
        record = self.get_one(request.args.get("id"))
        flash(stale_message(record, request.url), "error")
        return True
