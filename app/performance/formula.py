"""Derived indicators: a formula over other indicators' realisations, evaluated with simpleeval
(never `eval`). Variables are indicator codes with `-` and `.` written as `_` (IKU-01 -> IKU_01).

Allowed: numbers, + - * / ** %, parentheses, comparisons, `and`/`or`/`not`, `x if cond else y`,
and the functions min, max, round and abs. A formula is checked when it is saved (syntax, known
indicators, no self-reference or cycle, evaluates on sample values), never first at run time.
"""
from __future__ import annotations

import ast
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


def evaluate(formula: str, values: dict[str, float]) -> float | None:
    """The formula's value, or None when a value it needs is missing or it divides by zero."""
    needed = names_in(formula)
    if any(values.get(name) is None for name in needed):
        return None
    evaluator = SimpleEval(functions=FUNCTIONS, names={k: float(v) for k, v in values.items()})
    try:
        result = evaluator.eval(formula.strip())
    except ZeroDivisionError:
        return None
    if isinstance(result, bool) or not isinstance(result, (int, float)):
        raise FormulaError(_("The formula must give a number."))
    return float(result)


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
    try:
        evaluate(formula, {n: 1.0 for n in names})
    except FormulaError:
        raise
    except Exception:  # noqa: BLE001 - any evaluation failure is a bad formula for the user
        raise FormulaError(_("The formula cannot be calculated: check the operators.")) from None
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
