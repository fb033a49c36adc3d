"""The login form: Flask-Security's, by username instead of e-mail address (accounts may have
none)."""
from flask_security import LoginForm as SecurityLoginForm
from flask_security.utils import validate_redirect_url
from sqlalchemy import func, select
from wtforms import HiddenField, StringField
from wtforms.validators import Length

from app.auth.models import User
from app.extensions import db
from app.i18n import _l


class LoginForm(SecurityLoginForm):
    # Unused (accounts log in by username), but Flask-Security's generic failure message
    # clears the errors of a field by this name, so it must exist; no validators, not shown.
    email = HiddenField()
    username = StringField(_l("Username"), validators=[Length(max=80)],
                           render_kw={"autocomplete": "username"})

    def validate(self, **kwargs) -> bool:
        # Flask-Security checks the password of `self.user`, or spends one hash on a user that
        # does not exist, so both cost the same time; spaces around and case are ignored.
        self.ifield = self.username
        name = (self.username.data or "").strip()
        if name and name.isprintable():  # no NUL or control characters into SQL
            self.user = db.session.scalar(
                select(User).where(func.lower(User.username) == name.lower()))
        return super().validate(**kwargs)

    def validate_next(self, field) -> None:
        # A `next` that leaves the site is dropped: the login succeeds and lands at home.
        if field.data and not validate_redirect_url(field.data):
            field.data = ""
