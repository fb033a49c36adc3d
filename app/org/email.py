"""E-mail addresses of employees: one check for the form and the import."""
from email_validator import EmailNotValidError, validate_email

from app.i18n import _


def email_problem(value: str | None) -> str | None:
    """Why `value` is not a usable e-mail address (None: it is, or it is empty). The syntax
    only: no DNS lookup, the back office may run offline."""
    if not value:
        return None
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return _("%(value)s is not a valid e-mail address (e.g. nama@manokwarikab.go.id).",
                 value=value)
    return None
