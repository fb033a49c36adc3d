"""Capaian (achievement, %) per DOMAIN section 2, in Python and as a SQL expression, and the
aggregation of a year's realisations (cumulative sum, last value, average)."""
from sqlalchemy import case, literal

# How a year's period realisations make the annual realisation (DOMAIN 2). HR picks one per
# indicator; without a pick the polarity decides: counts that pile up (permits issued) are
# higher-is-better, durations and rates (days to a permit) lower-is-better, a range (an index
# kept inside bounds) is read at its latest value.
AGGREGATIONS = ("sum", "last", "average")
DEFAULT_AGGREGATION = {"higher": "sum", "lower": "average", "range": "last"}


def aggregation_of(indicator) -> str:
    """The indicator's aggregation rule: its own, or the default for its polarity."""
    return indicator.aggregation or DEFAULT_AGGREGATION.get(indicator.polarity, "last")


def aggregate(rule: str, values) -> float | None:
    """The annual realisation from the period values in period order (None: no value yet)."""
    present = [float(v) for v in values if v is not None]
    if not present:
        return None
    if rule == "sum":
        return sum(present)
    if rule == "average":
        return sum(present) / len(present)
    return present[-1]


def capaian(polarity: str, value, target=None, low=None, high=None) -> float | None:
    """Achievement in percent, never below 0; None when it cannot be computed (no value or a
    zero target).

    higher: r / t x 100; lower: (2t - r) / t x 100; range: 100 inside [low, high], the lower
    bound's higher-is-better rule below it, the upper bound's lower-is-better rule above it.
    """
    result = _raw(polarity, value, target, low, high)
    return None if result is None else max(result, 0.0)


def _raw(polarity: str, value, target, low, high) -> float | None:
    if value is None:
        return None
    value = float(value)
    if polarity == "range":
        if low is None or high is None:
            return None
        low, high = float(low), float(high)
        if value < low:
            return _higher(value, low)
        if value > high:
            return _lower(value, high)
        return 100.0
    if target is None:
        return None
    target = float(target)
    return _lower(value, target) if polarity == "lower" else _higher(value, target)


def _higher(value: float, target: float) -> float | None:
    return None if target == 0 else value / target * 100


def _lower(value: float, target: float) -> float | None:
    return None if target == 0 else (2 * target - value) / target * 100


def capaian_sql(polarity, value, target, low, high):
    """The same rule as a SQL CASE expression, so dashboards aggregate in the database."""
    one_hundred = literal(100.0)

    def higher(v, t):
        return case((t == 0, None), else_=v * one_hundred / t)

    def lower(v, t):
        return case((t == 0, None), else_=(2 * t - v) * one_hundred / t)

    raw = case(
        (value.is_(None), None),
        (polarity == "range", case(
            (value < low, higher(value, low)),
            (value > high, lower(value, high)),
            else_=one_hundred,
        )),
        (polarity == "lower", lower(value, target)),
        else_=higher(value, target),
    )
    # Never below 0 % (a lower-is-better realisation over twice its target).
    return case((raw < 0, literal(0.0)), else_=raw)


def band(value: float | None, bands) -> str:
    """The label of the first band whose lower bound the value reaches."""
    if value is None:
        return "–"
    for lower_bound, label in bands:
        if lower_bound is None or value >= lower_bound:
            return str(label)
    return "–"
