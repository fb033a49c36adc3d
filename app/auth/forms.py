"""Login form."""
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from app.core.forms import Form
from app.i18n import _l


class LoginForm(Form):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Remember me on this computer"))
