"""SecureModelView: the one base every back-office model view subclasses.

It checks the role for the view, scopes rows in `get_query`, `get_count_query` and `get_one`
(so list, details, edit, delete, export and actions all see the same rows), removes fields a
role may not write from the form, and turns database errors into clear Indonesian messages
instead of leaking database text. Its other concerns live beside it: the role gate
(admin.gates), values and choices (admin.values), search (admin.search), exports
(admin.export), fields that fit their columns (admin.fields) and stale saves
(admin.versioning).
"""
from __future__ import annotations

import logging

from flask import abort, flash, g, redirect, request
from flask_admin import expose
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_admin.contrib.sqla.validators import Unique
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError
from wtforms.validators import ValidationError

from app.admin.export import ExportMixin
from app.admin.fields import (BoundedUnique, TypedAjaxLoader, fits_integer, localise_dates,
                              typed_key)
from app.admin.gates import RoleGate
from app.admin.search import SEARCH_MAX, SearchMixin
from app.admin.values import EXPORT_FORMATTERS, TYPE_FORMATTERS, choice_formatter
from app.admin.versioning import StaleEditGuard
from app.core.numbers import add_number_checks, filter_value_fits
from app.core.roles import HR_ADMIN, acting_as, by_privilege
from app.core.rows import show
from app.extensions import db
from app.i18n import _, _l

log = logging.getLogger(__name__)


# What the views say when a change would break a link between records.
IN_USE_MESSAGE = _l("The data conflicts with other records (a duplicate value or a record that "
                    "is still in use). Nothing was changed.")


class SecureModelView(RoleGate, StaleEditGuard, SearchMixin, ExportMixin, ModelView):
    """Role- and row-secure model view. Subclasses set roles and override `scope`, and declare
    what they show as class attributes (`model_class`, `view_name`, `view_category`,
    `view_endpoint`) rather than writing an `__init__`."""

    model_class = None
    view_name = None
    view_category = None
    view_endpoint = None
    # Every timestamped model has these; a view names them only to say something else.
    DEFAULT_LABELS = {"created_at": _l("Created"), "updated_at": _l("Updated")}

    # One declaration per choice column, {"kind": UNIT_KINDS} (code -> translated label): it
    # drives the form's select, the label shown in the list, details and export, and the list
    # filter's options (a column named in `column_filters` becomes "equals one of these").
    choices: dict[str, dict] = {}

    def __init__(self, model=None, session=None, name=None, category=None, endpoint=None,
                 **kwargs):
        self.column_labels = {**self.DEFAULT_LABELS, **(self.column_labels or {})}
        if self.choices:
            self._declare_choices(model or self.model_class)
        super().__init__(model or self.model_class, session or db, name=name or self.view_name,
                         category=category or self.view_category,
                         endpoint=endpoint or self.view_endpoint, **kwargs)

    def _declare_choices(self, model) -> None:
        formatters = {name: choice_formatter(options) for name, options in self.choices.items()}
        self.column_formatters = {**formatters, **(self.column_formatters or {})}
        # (None: Flask-Admin uses column_formatters for details and export too)
        for attr in ("column_formatters_detail", "column_formatters_export"):
            if getattr(self, attr) is not None:
                setattr(self, attr, {**formatters, **getattr(self, attr)})
        # A form field overridden with a plain select takes the choices as its argument.
        overridden = set(self.form_overrides or ()) & set(self.choices)
        args = dict(self.form_args or {})
        for name in overridden:
            args[name] = {"choices": list(self.choices[name].items()), **args.get(name, {})}
        self.form_args = args
        self.form_choices = {**{name: list(options.items()) for name, options
                                in self.choices.items() if name not in overridden},
                             **(self.form_choices or {})}
        if self.column_filters:
            self.column_filters = [
                FilterEqual(getattr(model, f), self.column_labels.get(f, f.replace("_", " ").capitalize()),
                            options=list(self.choices[f].items()))
                if isinstance(f, str) and f in self.choices else f
                for f in self.column_filters]

    column_type_formatters = TYPE_FORMATTERS
    column_type_formatters_detail = TYPE_FORMATTERS
    column_type_formatters_export = EXPORT_FORMATTERS

    write_roles: frozenset[str] = frozenset({HR_ADMIN})
    create_roles: frozenset[str] | None = None  # None: write_roles; frozenset(): nobody
    delete_roles: frozenset[str] | None = None  # None: write_roles; frozenset(): nobody
    # Field names each role may write; roles not listed write every form field.
    writable_fields_by_role: dict[str, list[str]] = {}
    # Eager loads for what the list shows (attributes, not strings: SQLAlchemy 2).
    list_eager_loads: tuple = ()

    can_view_details = True
    can_set_page_size = True
    page_size = 20
    page_size_options = (20, 50, 100)
    export_types = ["csv", "xlsx"]
    details_modal = False
    edit_modal = False
    create_modal = False
    action_disallowed_list: list[str] = []
    column_display_pk = False
    # Flask-Admin's automatic joinedload clashes with our selectinload (and is slower at scale).
    column_auto_select_related = False
    named_filter_urls = False  # filter names are translated; URLs must not depend on the language

    # Role-dependent capabilities, evaluated on every request.
    @property
    def can_create(self):
        return self._has(self.write_roles if self.create_roles is None else self.create_roles)

    @property
    def can_edit(self):
        return self._has(self.write_roles) and self._shown_row_writable()

    @property
    def can_delete(self):
        return self._has(self.write_roles if self.delete_roles is None else self.delete_roles) \
            and self._shown_row_writable()

    def _shown_row_writable(self) -> bool:
        # On a record's page, the Edit and Delete buttons follow that record (see render).
        shown = g.get("_shown_record")
        return shown is None or self.row_writable(shown)

    def details_context(self, model) -> dict:
        """What a record's page shows besides its columns (its template's extra variables):
        a subclass adds to `super().details_context(model)`."""
        return {}

    def render(self, template, **kwargs):
        if template == self.details_template and "model" in kwargs:
            # The context first: what it offers (workflow buttons) follows the role's grant on
            # the view; only the page's own Edit and Delete buttons follow the record.
            kwargs.update(self.details_context(kwargs["model"]))
            g._shown_record = kwargs["model"]
        return super().render(template, **kwargs)

    @property
    def can_export(self):
        return self.is_accessible()

    # A page number from the URL becomes an SQL OFFSET: negative or huge ones are a database
    # error (a 500), so they are brought back to the first or a far but harmless page.
    MAX_PAGE = 1_000_000

    def _get_list_extra_args(self):
        args = super()._get_list_extra_args()
        args.page = min(max(args.page or 0, 0), self.MAX_PAGE)
        if args.search and len(args.search) > SEARCH_MAX:  # (SQLite: "LIKE pattern too complex")
            flash(_("The search text is too long: at most %(max)s characters.", max=SEARCH_MAX),
                  "error")
            args.search = None
            g._invalid_filter = True  # (the export refuses to run)
        return args

    # Filter values from the URL: a number beyond its column (99999999999999999999 on an
    # INTEGER column, nan on a NUMERIC one) is refused like an unparsable one, in the list and
    # its export alike, instead of reaching the database (a 500 on PostgreSQL).
    def _get_list_filter_args(self):
        filters = super()._get_list_filter_args()
        kept = []
        for idx, name, value in filters or ():
            flt = self._filters[idx]
            if len(value) <= SEARCH_MAX and filter_value_fits(flt, value):
                kept.append((idx, name, value))
            else:
                flash(self.get_invalid_value_msg(value, flt), "error")
        return kept if filters is not None else None

    def get_invalid_value_msg(self, value, filter):
        g._invalid_filter = True  # (the export refuses to run; see export)
        return super().get_invalid_value_msg(show(value), filter)  # (Flask-Admin's words)

    @staticmethod
    def _has(roles) -> bool:
        return bool(current_user.is_authenticated and current_user.has_role(*roles))

    # Setters let Flask-Admin's constructor assign its defaults without effect.
    @can_create.setter
    def can_create(self, value): pass

    @can_edit.setter
    def can_edit(self, value): pass

    @can_delete.setter
    def can_delete(self, value): pass

    @can_export.setter
    def can_export(self, value): pass

    # Row scoping: the single place a view narrows what the current user sees.
    def scope(self, query):
        """Narrow a query over `self.model` to the rows the current user may see."""
        return query

    def get_query(self):
        query = self.scope(super().get_query())
        if self.list_eager_loads:
            from sqlalchemy.orm import selectinload

            query = query.options(*(selectinload(a) for a in self.list_eager_loads))
        return query

    def get_count_query(self):
        return self.scope(super().get_count_query())

    def typed_id(self, value):
        """A primary key of this view's model from the URL or a form, or None."""
        return typed_key(self.model, value)

    def visible(self, ids) -> list:
        """The records among `ids` the current user may see, in one scoped query."""
        ids = [i for i in map(self.typed_id, ids) if i is not None]
        if not ids:
            return []
        pk = sa_inspect(self.model).primary_key[0]
        return self.scope(db.session.query(self.model)).filter(pk.in_(ids)).all()

    def get_one(self, id):
        pk = sa_inspect(self.model).primary_key[0]
        ident = self.typed_id(id)
        if ident is None:
            return None
        return self.scope(db.session.query(self.model)).filter(pk == ident).one_or_none()

    def is_action_allowed(self, name):
        if name == "delete" and not self.can_delete:
            return False
        return super().is_action_allowed(name)

    def action_delete(self, ids):
        # Flask-Admin filters `id IN ('3', '5')` with the row ids as text: PostgreSQL refuses
        # integer = varchar, and Flask-Admin then flashes the database error to the user.
        return super().action_delete([i for i in map(self.typed_id, ids) if i is not None])

    action_delete._action = ModelView.action_delete._action  # keep Flask-Admin's label

    # Forms: fields a role may not write are removed, not hidden.
    def writable_fields(self) -> set[str] | None:
        """The fields the current user writes here (None: every field): those of the one role
        that grants the most. A role that writes nothing in this view grants no field, so a
        second role (trainer, auditor) never lifts the restriction of the first."""
        writers = set(self.write_roles) | set(self.create_roles or ())
        best: set[str] = set()
        for role in current_user.role_names & writers:
            fields = self.writable_fields_by_role.get(role)
            if fields is None:
                return None
            if len(fields) > len(best):
                best = set(fields)
        return best

    # Each write (form, delete, bulk action, lookup, inline edit) is served as the one role of
    # the user that grants it best (DESIGN 7): its fields, rows and lookups, never a mix.
    WRITE_REQUESTS = frozenset({"create_view", "edit_view", "delete_view", "action_view",
                                "ajax_lookup", "ajax_update"})

    def _run_view(self, fn, *args, **kwargs):
        if fn.__name__ in self.WRITE_REQUESTS and current_user.is_authenticated:
            role = self.writing_role(fn.__name__)
            with acting_as(*([role] if role else [])):
                return fn(self, *args, **kwargs)
        return fn(self, *args, **kwargs)

    def writing_role(self, request_name: str) -> str | None:
        """The user's role that grants this write request the most fields (ties: the more
        privileged role), or None when no single role grants it."""
        best, most = None, -1
        for role in by_privilege(current_user.all_role_names):
            with acting_as(role):
                if not self._grants(request_name):
                    continue
                fields = self.writable_fields()
                size = float("inf") if fields is None else len(fields)
            if size > most:
                best, most = role, size
        return best

    def _grants(self, request_name: str) -> bool:
        """Does the current (single) role grant this write request?"""
        if request_name == "create_view":
            return self.can_create
        if request_name == "action_view":
            name = request.form.get("action", "")
            return self.is_action_allowed(name) and name in dict(self.get_actions_list()[0])
        if request_name == "ajax_lookup":
            allowed = self.writable_fields()
            return (self.can_create or self.can_edit) and (
                allowed is None or request.args.get("name") in allowed)
        if request_name == "ajax_update":
            return self.can_edit
        if request_name == "delete_view":
            if not self.can_delete:
                return False
        elif not self.can_edit:
            return False
        model = self.get_one(request.values.get("id"))
        return model is not None and self.row_writable(model)

    def _restrict(self, form):
        allowed = self.writable_fields()
        if allowed is not None:
            for name in [f.name for f in form if f.name != "csrf_token"]:
                if name not in allowed:
                    del form[name]
        return form

    def scaffold_form(self):
        from flask_admin.contrib.sqla.fields import QuerySelectField

        form_class = super().scaffold_form()
        for field in vars(form_class).values():
            # An empty relation select shows its blank option's label; left empty, WTForms 3.3
            # shows the option's value "__None" instead.
            if getattr(field, "field_class", None) is QuerySelectField:
                field.kwargs.setdefault("blank_text", "–")
            # Flask-Admin's per-field Unique queries with any value, even one out of range.
            validators = getattr(field, "kwargs", {}).get("validators")
            if validators:
                field.kwargs["validators"] = [
                    BoundedUnique(v.db_session, v.model, v.column, v.message)
                    if type(v) is Unique else v for v in validators]
        add_number_checks(form_class, self.model)
        localise_dates(form_class)
        return form_class

    def create_form(self, obj=None):
        return self._restrict(super().create_form(obj))

    def edit_form(self, obj=None):
        return self._restrict(super().edit_form(obj))

    def validate_form(self, form):
        ok = super().validate_form(form)
        if ok and request.method == "POST":
            ok = self._check_unique(form)
        return ok

    def _check_unique(self, form) -> bool:
        """Report a duplicate of a unique column as a form error, before the database refuses."""
        ok = True
        current_id = self.typed_id(request.args.get("id"))
        for column in self.model.__table__.columns:
            if not column.unique or column.name not in form or column.primary_key:
                continue
            value = form[column.name].data
            if value in (None, "") or (isinstance(value, int) and not fits_integer(value)):
                continue   # (an integer out of range is no one's value)
            if isinstance(value, str):
                value = value.strip()
            stmt = select(self.model.id).where(getattr(self.model, column.name) == value)
            if current_id is not None:
                stmt = stmt.where(self.model.id != current_id)
            if db.session.scalar(stmt.limit(1)) is not None:
                form[column.name].errors = list(form[column.name].errors) + [
                    _("This value is already used by another record.")]
                ok = False
        return ok

    # Errors: a clear message, never database text or a traceback.
    def handle_view_exception(self, exc):
        if self.stale_save_refused(exc):   # a lost race of two saves (admin.versioning)
            return True
        if isinstance(exc, ValidationError):
            flash(str(exc), "error")
            return True
        if isinstance(exc, ValueError):
            flash(str(exc), "error")
            return True
        if isinstance(exc, IntegrityError):
            log.warning("Integrity error in %s: %s", self.endpoint, exc.orig)
            flash(str(IN_USE_MESSAGE), "error")
            return True
        log.exception("Unexpected error in %s", self.endpoint)
        flash(_("The change could not be saved. Nothing was changed; please try again."), "error")
        return True

    def _create_ajax_loader(self, name, options):
        loader = super()._create_ajax_loader(name, options)  # (checks the relation)
        return TypedAjaxLoader(name, loader.session, loader.model, **options)

    # Inline edit ignores can_edit in Flask-Admin: refuse it outright unless the role writes.
    @expose("/ajax/update/", methods=("POST",))
    def ajax_update(self):
        if not self.can_edit:
            abort(403)
        return super().ajax_update()

    @expose("/ajax/lookup/")
    def ajax_lookup(self):
        # Lookups serve the create and edit forms only, for fields this role may write (else an
        # employee could list every NIP); `limit` and `offset` go into SQL: cap them
        # (SQLite reads LIMIT -1 as "no limit").
        if not (self.can_create or self.can_edit):
            abort(403)
        allowed = self.writable_fields()
        if allowed is not None and request.args.get("name") not in allowed:
            abort(403)
        limit = request.args.get("limit", type=int, default=10)
        if not 1 <= limit <= 50 or not 0 <= request.args.get("offset", type=int, default=0) \
                <= self.MAX_PAGE * 100:
            abort(400)
        return super().ajax_lookup()

    # Per-row write permission (a submitted report is no longer the employee's to change).
    row_locked_message = _l("This record can no longer be changed.")

    def row_writable(self, model) -> bool:
        return True

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self):
        model = self.get_one(request.args.get("id"))
        if model is not None and not self.row_writable(model):
            flash(str(self.row_locked_message), "error")
            return redirect(self.get_url(".details_view", id=self.get_pk_value(model)))
        return super().edit_view()

    def update_model(self, form, model):
        if not self.row_writable(model):
            flash(str(self.row_locked_message), "error")
            return False
        return super().update_model(form, model)

    def delete_model(self, model):
        if not self.row_writable(model):
            flash(str(self.row_locked_message), "error")
            return False
        return super().delete_model(model)

