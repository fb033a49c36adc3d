"""Bulk data for benchmarks: many units, employees and activity reports, inserted with Core
executemany in chunks (no ORM objects, no audit events: this is synthetic load, not business
data)."""
from __future__ import annotations

import random
import time
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from app.extensions import db
from app.org.models import Employee, Position, WorkUnit
from app.performance.models import ActivityReport

CHUNK = 20_000
TEXTS = ["Memverifikasi berkas permohonan izin", "Menyusun laporan bulanan kegiatan",
         "Melayani konsultasi masyarakat", "Menginput data kependudukan", "Rapat koordinasi",
         "Menyusun konsep surat dinas", "Mengarsipkan dokumen", "Monitoring lapangan"]


def generate(employees: int = 10_000, reports: int = 1_000_000, seed: int = 7) -> dict:
    started = time.perf_counter()
    rng = random.Random(seed)
    conn = db.session.connection()
    start_id = (conn.scalar(select(func.max(Employee.id))) or 0) + 1
    position_id = conn.scalar(select(Position.id).limit(1))
    if position_id is None:
        position_id = conn.execute(insert(Position).values(name="Pelaksana", kind="pelaksana")
                                   .returning(Position.id)).scalar()
    # 50 units with a head each; every employee reports to their unit's head.
    unit_ids = []
    base_code = conn.scalar(select(func.count(WorkUnit.id))) or 0
    for n in range(50):
        unit_ids.append(conn.execute(insert(WorkUnit).values(
            code=f"BENCH-{base_code + n:04d}", name=f"Unit Uji {base_code + n:04d}", kind="bidang",
            is_service_unit=False, active=True).returning(WorkUnit.id)).scalar())
    taken = set(conn.scalars(select(Employee.nip)))
    rows, heads, n = [], {}, 0
    while len(rows) < employees:
        nip = _nip(n)
        n += 1
        if nip in taken:
            continue
        eid = start_id + len(rows)
        unit = unit_ids[len(rows) % len(unit_ids)]
        head = heads.setdefault(unit, eid)
        rows.append({"id": eid, "nip": nip, "name": f"Pegawai Uji {eid}",
                     "employment_type": "pns", "grade": "III/a", "unit_id": unit,
                     "position_id": position_id, "supervisor_id": None if head == eid else head,
                     "active": True})
    for chunk in range(0, len(rows), CHUNK):
        conn.execute(insert(Employee), rows[chunk:chunk + CHUNK])
    today = date.today()
    states = ["verified"] * 7 + ["submitted"] * 2 + ["draft"]
    batch = []
    for n in range(reports):
        batch.append({
            "employee_id": start_id + rng.randrange(employees),
            "date": today - timedelta(days=rng.randrange(365)),
            "description": TEXTS[n % len(TEXTS)] + f" #{n}",
            "duration_minutes": 60 + 30 * (n % 6), "output_quantity": 1 + n % 9,
            "output_unit": "dokumen", "status": states[n % len(states)],
        })
        if len(batch) == CHUNK:
            conn.execute(insert(ActivityReport), batch)
            batch = []
    if batch:
        conn.execute(insert(ActivityReport), batch)
    db.session.commit()
    return {"employees": employees, "reports": reports,
            "seconds": time.perf_counter() - started}


def _nip(n: int) -> str:
    """The n-th synthetic NIP: a distinct (birth date, serial) pair for each n, all valid."""
    birth = date(1970, 1, 1) + timedelta(days=(n // 999) * 3)
    return f"{birth:%Y%m%d}{birth.year + 24}{1 + n % 12:02d}{1 + n % 2}{n % 999 + 1:03d}"
