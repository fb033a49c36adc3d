"""Derived indicators: a formula over other indicators' realisations, evaluated with simpleeval
(never `eval`). Variables are indicator codes with `-` and `.` written as `_` (IKU-01 -> IKU_01).

Allowed: numbers, + - * / ** %, parentheses, comparisons, `and`/`or`/`not`, `x if cond else y`,
and the functions min, max, round and abs. A formula is checked when it is saved (syntax, known
indicators, no self-reference or cycle, evaluates on sample values), never first at run time.
"""
from __future__ import annotations

import ast
import math
import re

from simpleeval import SimpleEval

from app.i18n import _

FUNCTIONS = {"min": min, "max": max, "round": round, "abs": abs}
ALLOWED_NODES = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Call,
    ast.Name, ast.Load, ast.Constant, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.Mod,
    ast.FloorDiv, ast.USub, ast.UAdd, ast.Not, ast.And, ast.Or, ast.Eq, ast.NotEq, ast.Lt,
    ast.LtE, ast.Gt, ast.GtE,
)
MAX_LENGTH = 500


class FormulaError(ValueError):
    """A formula that cannot be accepted; the message is for the HR user."""


def variable(code: str) -> str:
    """The formula variable of an indicator code."""
    return re.sub(r"[^0-9A-Za-z_]", "_", code)


def names_in(formula: str) -> set[str]:
    """Check the syntax and the allowed constructs; return the variables the formula uses."""
    if not formula or not formula.strip():
        raise FormulaError(_("The formula is empty."))
    if len(formula) > MAX_LENGTH:
        raise FormulaError(_("The formula is too long (at most %(max)s characters).",
                             max=MAX_LENGTH))
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except SyntaxError:
        raise FormulaError(_("The formula is not valid: check brackets and operators.")) from None
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED_NODES):
            raise FormulaError(_("The formula may only use numbers, indicator codes, arithmetic, "
                                 "comparisons, conditions and min, max, round, abs."))
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS \
                    or node.keywords:
                raise FormulaError(_("Only the functions min, max, round and abs are allowed."))
        elif isinstance(node, ast.Name) and node.id not in FUNCTIONS:
            names.add(node.id)
        elif isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise FormulaError(_("The formula may only contain numbers, not text."))
    return names


class Outcome:
    """A derived value, or None with the reason it cannot be computed yet (for the page)."""

    __slots__ = ("value", "reason")

    def __init__(self, value: float | None, reason: str | None = None):
        self.value, self.reason = value, reason


def outcome(formula: str, values: dict[str, float | None],
            codes: dict[str, str] | None = None) -> Outcome:
    """Evaluate safely: a missing input, a division by zero or a result that is not a finite
    number gives no value and says why ("belum dapat dihitung"), never an exception.
    `codes` maps variables to the indicator codes shown in the reason."""
    needed = names_in(formula)
    missing = sorted(name for name in needed if values.get(name) is None)
    if missing:
        shown = ", ".join((codes or {}).get(name, name) for name in missing)
        return Outcome(None, _("no realisation yet for %(codes)s", codes=shown))
    # Only the variables the formula uses: the others may be missing (None) and need no value.
    evaluator = SimpleEval(functions=FUNCTIONS,
                           names={name: float(values[name]) for name in needed})
    try:
        result = evaluator.eval(formula.strip())
    except ZeroDivisionError:
        return Outcome(None, _("division by zero"))
    except (OverflowError, ValueError, TypeError):
        return Outcome(None, _("the result is not a number"))
    except Exception:  # noqa: BLE001 - simpleeval's own limits (e.g. too large a power)
        return Outcome(None, _("the result is not a number"))
    if isinstance(result, bool) or not isinstance(result, (int, float)):
        raise FormulaError(_("The formula must give a number."))
    if not math.isfinite(float(result)):
        return Outcome(None, _("the result is not a number"))
    return Outcome(float(result))


def evaluate(formula: str, values: dict[str, float | None]) -> float | None:
    """The formula's value, or None when a value it needs is missing or it divides by zero."""
    return outcome(formula, values).value


# Sample inputs a formula is tried on when saved: a divisor that is zero on all of them is
# zero whatever the realisations (e.g. IKU_01 / (IKU_02 - IKU_02)).
SAMPLES = (1.0, 2.0, 3.5, 7.0, 10.0, 100.0)


def validate(formula: str, own_code: str, known: dict[str, str | None]) -> set[str]:
    """Check a formula for the indicator `own_code`. `known` maps every indicator's variable
    name to its own formula (None for measured indicators). Returns the variables used."""
    names = names_in(formula)
    own = variable(own_code)
    unknown = sorted(n for n in names if n not in known and n != own)
    if unknown:
        raise FormulaError(_("Unknown indicator code(s) in the formula: %(codes)s.",
                             codes=", ".join(unknown)))
    if own in names or _reaches(own, names, known, set()):
        raise FormulaError(_("The formula refers to its own indicator, directly or through "
                             "another derived indicator."))
    ordered = sorted(names)
    results = []
    for shift, _sample in enumerate(SAMPLES):
        # Each variable gets a different sample, so IKU_01 - IKU_02 is not zero by accident.
        sample = {n: SAMPLES[(i + shift) % len(SAMPLES)] * (i + 1) for i, n in enumerate(ordered)}
        try:
            results.append(outcome(formula, sample))
        except FormulaError:
            raise
        except Exception:  # noqa: BLE001 - any evaluation failure is a bad formula for the user
            raise FormulaError(_("The formula cannot be calculated: check the operators.")) \
                from None
    if all(r.value is None for r in results):
        raise FormulaError(_("The formula cannot be calculated for any values (it divides by "
                             "zero or gives no number): check the divisors."))
    return names


def _reaches(target: str, names: set[str], known: dict[str, str | None], seen: set[str]) -> bool:
    for name in names - seen:
        seen.add(name)
        formula = known.get(name)
        if formula:
            inner = names_in(formula)
            if target in inner or _reaches(target, inner, known, seen):
                return True
    return False
