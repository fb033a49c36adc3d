"""The base form for our own (non-admin) forms: CSRF from Flask-WTF, messages in Indonesian."""
from flask_wtf import FlaskForm

from app.i18n import wtforms_translations


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return wtforms_translations
