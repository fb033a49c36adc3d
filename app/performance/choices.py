"""Fixed vocabularies of the performance module, with translated labels."""
from app.i18n import _l

PERIODICITIES = {"monthly": _l("Monthly"), "quarterly": _l("Quarterly")}

POLARITIES = {
    "higher": _l("Higher is better"),
    "lower": _l("Lower is better"),
    "range": _l("Within a range"),
}

# How the year's period realisations add up (app.performance.capaian.AGGREGATIONS).
AGGREGATION_LABELS = {
    "sum": _l("Cumulative sum"),
    "last": _l("Last value"),
    "average": _l("Average"),
}

ASPECTS = {
    "kuantitas": _l("Quantity"),
    "kualitas": _l("Quality"),
    "waktu": _l("Time"),
    "biaya": _l("Cost"),
}

PERSPECTIVES = {
    "penerima_layanan": _l("Service recipients"),
    "proses_bisnis": _l("Business process"),
    "penguatan_internal": _l("Internal strengthening"),
    "anggaran": _l("Budget"),
}

INDICATOR_LEVELS = {
    "organisation": _l("Organisation"),
    "unit": _l("Work unit"),
    "individual": _l("Individual"),
}

# Default capaian bands (DOMAIN 2): lower bound (inclusive) -> label.
CAPAIAN_BANDS = [
    (91, _l("Very good")),
    (76, _l("Good")),
    (66, _l("Fair")),
    (51, _l("Poor")),
    (None, _l("Very poor")),
]


def period_labels(periodicity: str) -> dict[int, str]:
    """Period numbers and their names: months 1-12 or quarters 1-4."""
    from babel.dates import get_month_names
    from flask_babel import get_locale

    from app.i18n import _

    if periodicity == "quarterly":
        return {q: _("Quarter %(num)s", num=roman) for q, roman in enumerate(("I", "II", "III", "IV"), 1)}
    names = get_month_names("wide", locale=get_locale())
    return {m: names[m] for m in range(1, 13)}
