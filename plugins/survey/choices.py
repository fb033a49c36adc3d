"""The respondent profile's coded choices (stored codes, shown labels) and the statuses."""
from app.i18n import _l
from plugins.survey.models import COUNTED, PENDING, REJECTED

AGE_BANDS = {"17-25": "17–25", "26-35": "26–35", "36-45": "36–45", "46-55": "46–55",
             "56+": "56+"}
SEXES = {"L": _l("Male"), "P": _l("Female")}
EDUCATION = {"sd": _l("Primary school or less"), "smp": _l("Junior high school"),
             "sma": _l("Senior high school"), "diploma": _l("Diploma (D1–D3)"),
             "s1": _l("Bachelor (D4/S1)"), "s2": _l("Master or doctorate (S2/S3)")}
OCCUPATIONS = {"asn": _l("Civil servant, TNI or Polri"), "private": _l("Private employee"),
               "self": _l("Self-employed"), "student": _l("Pupil or student"),
               "other": _l("Other")}
PROFILE = {"age_band": AGE_BANDS, "sex": SEXES, "education": EDUCATION,
           "occupation": OCCUPATIONS}
STATUSES = {COUNTED: _l("Counted"), PENDING: _l("Awaiting review"), REJECTED: _l("Set aside")}
