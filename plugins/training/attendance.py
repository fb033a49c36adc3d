"""Attendance per day: the trainer's phone page saves one day's marks; an XLSX file (NIP,
date, mark) imports many, checked row by row and saved all or nothing."""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

from sqlalchemy import select

from app.extensions import db
from app.i18n import _, fmt_date
from app.org.models import Employee
from plugins.training import credit
from plugins.training.choices import ABSENT, ATTENDANCE, EXCUSED, PRESENT
from plugins.training.models import Attendance, Participant, TrainingSession
from plugins.training.rules import session_days
from plugins.training.workflows import DONE, RUNNING

RECORDING_STATES = (RUNNING, DONE)   # attendance while running, corrections after
MAX_ROWS = 5000
# What a spreadsheet may say for each mark (lower case, spaces as typed).
WORDS = {PRESENT: PRESENT, "present": PRESENT, "h": PRESENT,
         ABSENT: ABSENT, "tidak hadir": ABSENT, "absent": ABSENT, "a": ABSENT, "th": ABSENT,
         EXCUSED: EXCUSED, "excused": EXCUSED, "i": EXCUSED, "sakit": EXCUSED}


def problem(session: TrainingSession) -> str | None:
    if session.status not in RECORDING_STATES:
        return _("Attendance is recorded once the session has started.")
    return None


def roster(session_id: int) -> list[Participant]:
    return db.session.scalars(
        select(Participant).join(Employee, Employee.id == Participant.employee_id)
        .where(Participant.session_id == session_id).order_by(Employee.name)).all()


def marks(session_id: int, day: date) -> dict[int, str]:
    """{participant id: mark} of one day."""
    return dict(db.session.execute(
        select(Attendance.participant_id, Attendance.status)
        .join(Participant, Participant.id == Attendance.participant_id)
        .where(Participant.session_id == session_id, Attendance.day == day)).all())


def _set(participant_id: int, day: date, status: str, existing: dict) -> None:
    row = existing.get((participant_id, day))
    if row is None:
        db.session.add(Attendance(participant_id=participant_id, day=day, status=status))
    elif row.status != status:
        row.status = status


def _existing(session_id: int) -> dict:
    return {(a.participant_id, a.day): a for a in db.session.scalars(
        select(Attendance).join(Participant).where(Participant.session_id == session_id))}


def save_day(session: TrainingSession, day: date, form) -> int:
    """Save the marks of `day` from the page's form (`p<participant id>` = mark); returns how
    many were set. Unknown participants and marks are ignored by design: the form offers
    only the roster and the three marks."""
    existing = _existing(session.id)
    count = 0
    for p in roster(session.id):
        status = form.get(f"p{p.id}")
        if status in ATTENDANCE:
            _set(p.id, day, status, existing)
            count += 1
    credit.recredit_session(session.id)
    return count


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def read_rows(data: bytes) -> list[tuple]:
    """The rows below the header of the first sheet; ValueError with a clear message when
    the file is no readable XLSX."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = []
        for index, row in enumerate(sheet.iter_rows(values_only=True)):
            if index > MAX_ROWS:
                raise ValueError(_("The file has more than %(max)s rows.", max=MAX_ROWS))
            rows.append(row)
        book.close()
    except (zipfile.BadZipFile, KeyError, OSError, IndexError, TypeError) as exc:
        raise ValueError(_("The file could not be read: upload an XLSX file (Excel).")) from exc
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on broken files
        raise ValueError(_("The file could not be read: upload an XLSX file (Excel).")) from exc
    return rows[1:]


def import_rows(session: TrainingSession, rows) -> list[str]:
    """Check every row (NIP on the roster, a day of the session, a known mark); with any
    problem nothing is saved and the problems are returned, each naming its row."""
    by_nip = {p.employee.nip: p for p in roster(session.id)}
    days = set(session_days(session.starts_at, session.ends_at))
    errors, clean, seen = [], [], set()
    for number, row in enumerate(rows, start=2):
        cells = list(row or ()) + [None, None, None]
        if all(c in (None, "") for c in cells[:3]):
            continue
        nip = str(cells[0] or "").replace(" ", "").replace("\x00", "").strip()
        if isinstance(cells[0], float):
            nip = ""   # (an 18-digit NIP typed as a number has lost its last digits)
        day = _day(cells[1])
        word = str(cells[2] or "").strip().lower()
        where = _("Row %(row)s", row=number)
        participant = by_nip.get(nip)
        if participant is None:
            errors.append(_("%(where)s: NIP \"%(nip)s\" is not on this session's roster.",
                            where=where, nip=nip[:30]))
        elif day is None or day not in days:
            errors.append(_("%(where)s: the date is not a day of this session (%(days)s).",
                            where=where, days=", ".join(fmt_date(d) for d in sorted(days))))
        elif word not in WORDS:
            errors.append(_("%(where)s: the attendance must be hadir, tidak hadir or izin.",
                            where=where))
        elif (participant.id, day) in seen:
            errors.append(_("%(where)s: this NIP and date appear twice.", where=where))
        else:
            seen.add((participant.id, day))
            clean.append((participant.id, day, WORDS[word]))
    if not clean and not errors:
        errors.append(_("The file has no rows below its header."))
    if errors:
        return errors
    existing = _existing(session.id)
    for participant_id, day, status in clean:
        _set(participant_id, day, status, existing)
    credit.recredit_session(session.id)
    return []


def template(session: TrainingSession) -> bytes:
    """An XLSX to fill in: the roster's NIPs and names against each day of the session."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Kehadiran"
    sheet.append(["NIP", "Tanggal", "Kehadiran", "Nama"])
    for p in roster(session.id):
        for day in session_days(session.starts_at, session.ends_at):
            sheet.append([p.employee.nip, day.isoformat(), "", p.employee.name])
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["D"].width = 30
    for cell in sheet["A"]:
        cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
