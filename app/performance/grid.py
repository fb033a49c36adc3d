"""The realisasi grid of one agreement: indicators x periods, the value, an evidence link and
an evidence file per cell, entered on one page. Every cell is checked first; nothing is saved
unless all are valid. Realisations are audited rows (the audit trail records each change)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from app.admin.evidence import download_name, store_upload, upload_problem
from app.extensions import db
from app.i18n import _
from app.performance.models import PerformanceAgreement, Realisation, Target

MAX_VALUE = Decimal("1e12")   # Numeric(16, 4) holds 12 digits before the point
NUMBER = re.compile(r"-?\d+([.,]\d+)?")


@dataclass
class Cell:
    target: Target
    period: int
    realisation: Realisation | None
    value: str = ""
    url: str = ""
    errors: list[str] = field(default_factory=list)


def measured_targets(agreement: PerformanceAgreement) -> list[Target]:
    """The targets whose realisasi is typed (derived ones are computed)."""
    return [t for t in agreement.targets if not t.indicator.formula]


def cells(agreement: PerformanceAgreement) -> dict[tuple[int, int], Cell]:
    targets = measured_targets(agreement)
    stored = {(r.target_id, r.period_no): r for r in db.session.scalars(
        select(Realisation).where(Realisation.target_id.in_([t.id for t in targets])))}
    result = {}
    for target in targets:
        for period in range(1, agreement.period.period_count() + 1):
            r = stored.get((target.id, period))
            result[(target.id, period)] = Cell(
                target, period, r, "" if r is None else _plain_number(r.value),
                (r.evidence_url or "") if r else "")
    return result


def _plain_number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def parse_value(text: str) -> Decimal | None:
    """`12`, `12,5` or `12.5` (no thousands separators: `1.234` would be ambiguous)."""
    text = text.strip().replace(" ", "")
    if not text:
        return None
    if not NUMBER.fullmatch(text):
        raise ValueError(_("%(value)s is not a number (write e.g. 12,5).", value=text[:40]))
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("%(value)s is not a number (write e.g. 12,5).",
                           value=text[:40])) from None
    if not math.isfinite(value) or abs(value) >= MAX_VALUE:
        raise ValueError(_("The number is too large."))
    return value


def _url_problem(url: str) -> str | None:
    if url and (len(url) > 500 or not re.fullmatch(r"https?://[^\s<>\"]+", url)):
        return _("The evidence link must be a web address starting with http:// or https://.")
    return None


def apply(agreement: PerformanceAgreement, form, files) -> tuple[dict, int]:
    """Check every cell of the submitted grid; save all or nothing. Returns (cells with the
    submitted text and their errors, the number of cells changed)."""
    grid = cells(agreement)
    plans = []
    for key, cell in grid.items():
        name = f"{key[0]}-{key[1]}"
        if f"v-{name}" not in form:
            continue   # a cell the page did not show (e.g. a target added meanwhile)
        cell.value = form.get(f"v-{name}", "").strip()
        cell.url = form.get(f"u-{name}", "").strip()
        upload = files.get(f"f-{name}")
        upload = upload if upload and upload.filename else None
        try:
            value = parse_value(cell.value)
        except ValueError as error:
            cell.errors.append(str(error))
            continue
        problem = _url_problem(cell.url) or (upload_problem(upload) if upload else None)
        if problem:
            cell.errors.append(problem)
            continue
        if value is None and (cell.url or upload) :
            cell.errors.append(_("Enter the realisation for this evidence."))
            continue
        plans.append((cell, value, upload))
    if any(c.errors for c in grid.values()):
        return grid, 0
    changed = 0
    for cell, value, upload in plans:
        r = cell.realisation
        if value is None:
            if r is not None:   # a cleared cell removes its realisation
                db.session.delete(r)
                changed += 1
            continue
        if r is None:
            r = Realisation(target_id=cell.target.id, period_no=cell.period, value=value)
            db.session.add(r)
        elif r.value == value and (r.evidence_url or "") == cell.url and upload is None:
            continue
        r.value, r.evidence_url = value, cell.url or None
        if upload is not None:
            r.evidence_file = store_upload(upload)
            r.evidence_name = download_name(upload.filename, r.evidence_file)
        changed += 1
    db.session.commit()
    return cells(agreement), changed
