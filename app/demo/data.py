"""Invented demo data for Manokwari: units, about 200 employees with valid NIPs and a supervisor
chain, positions, indicators with this year's targets and realisations, a month of daily
activity reports and one demo account per role. Nothing here is a real person."""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.auth.models import User, ensure_roles
from app.core.roles import AUDITOR, EMPLOYEE, FORUM_COORDINATOR, HR_ADMIN, SUPERVISOR, TRAINER
from app.extensions import db
from app.i18n import utcnow
from app.org.models import Employee, Position, WorkUnit
from app.performance.models import (
    ActivityReport,
    Holiday,
    Indicator,
    PerformanceAgreement,
    Period,
    Realisation,
    Target,
    TargetPeriod,
)

DEMO_PASSWORD = "kinerja-demo"

FIRST_NAMES = ["Yohanes", "Maria", "Agustina", "Petrus", "Fransina", "Daniel", "Yuliana", "Markus",
               "Selfina", "Yakob", "Ribka", "Simon", "Naomi", "Lukas", "Dorkas", "Andreas",
               "Sarah", "Hendrik", "Ester", "Musa", "Ruth", "Obaja", "Debora", "Yosua", "Ahmad",
               "Siti", "Budi", "Dewi", "Rahmat", "Nur", "Agus", "Wulan", "Hasan", "Fitri"]
FAMILY_NAMES = ["Mandacan", "Rumbiak", "Wonggor", "Ayomi", "Kambu", "Iba", "Rumbewas", "Saiba",
                "Mansoben", "Dowansiba", "Indouw", "Rumfabe", "Sroyer", "Waromi", "Kaiway",
                "Ullo", "Rumaropen", "Sawaki", "Hamadi", "Situmorang", "Pattiasina", "Latuheru",
                "Sembiring", "Wibowo", "Hidayat", "Tanamal", "Kareth", "Mofu"]

# (code, name, kind, parent code, service unit, bidang names)
UNITS = [
    ("PEMDA", "Pemerintah Kabupaten Manokwari", "pemda", None, False, []),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "badan", "PEMDA", False,
     ["Bidang Pengembangan Kompetensi", "Bidang Penilaian Kinerja dan Penghargaan"]),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas", "PEMDA", True,
     ["Bidang Pelayanan Perizinan", "Bidang Pengaduan dan Informasi"]),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "dinas", "PEMDA", True,
     ["Bidang Pelayanan Pendaftaran Penduduk", "Bidang Pelayanan Pencatatan Sipil"]),
    ("DINKES", "Dinas Kesehatan", "dinas", "PEMDA", True,
     ["Bidang Pelayanan Kesehatan", "Bidang Pencegahan Penyakit"]),
    ("DISDIK", "Dinas Pendidikan", "dinas", "PEMDA", True, ["Bidang Pendidikan Dasar"]),
    ("INSPEKTORAT", "Inspektorat Daerah", "inspektorat", "PEMDA", False, ["Inspektur Pembantu I"]),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "badan", "PEMDA", False,
     ["Bidang Perencanaan dan Evaluasi"]),
    ("DISTRIK-MKW-BARAT", "Distrik Manokwari Barat", "distrik", "PEMDA", True, []),
    ("DISTRIK-MKW-TIMUR", "Distrik Manokwari Timur", "distrik", "PEMDA", True, []),
]

# (code, name, unit of measure, polarity, target or (low, high), owning unit code)
INDICATORS = [
    ("IKU-01", "Indeks Kepuasan Masyarakat atas pelayanan perizinan", "indeks", "higher", 82,
     "DPMPTSP"),
    ("IKU-02", "Rata-rata waktu penyelesaian izin usaha", "hari", "lower", 7, "DPMPTSP"),
    ("IKU-03", "Persentase dokumen kependudukan terbit tepat waktu", "%", "higher", 95,
     "DISDUKCAPIL"),
    ("IKU-04", "Persentase penduduk wajib KTP yang memiliki KTP-el", "%", "higher", 97,
     "DISDUKCAPIL"),
    ("IKU-05", "Angka kematian ibu per 100.000 kelahiran hidup", "per 100.000", "lower", 180,
     "DINKES"),
    ("IKU-06", "Persentase ASN yang menyusun SKP tepat waktu", "%", "higher", 90, "BKPSDM"),
    ("IKU-07", "Persentase ASN memenuhi 20 JP pengembangan kompetensi", "%", "higher", 75,
     "BKPSDM"),
    ("IKU-08", "Angka partisipasi murni SD", "%", "higher", 92, "DISDIK"),
    ("IKU-09", "Persentase rekomendasi hasil pemeriksaan yang ditindaklanjuti", "%", "higher", 85,
     "INSPEKTORAT"),
    ("IKU-10", "Deviasi realisasi anggaran terhadap rencana", "%", "range", (0, 5), "BAPPEDA"),
]

ACTIVITIES = ["Memverifikasi berkas permohonan", "Menyusun laporan bulanan",
              "Melayani konsultasi masyarakat", "Menginput data ke aplikasi", "Mengikuti rapat koordinasi",
              "Menyusun konsep surat dinas", "Mengarsipkan dokumen", "Melakukan monitoring lapangan",
              "Menyiapkan bahan rapat pimpinan", "Memperbarui basis data pegawai",
              "Menyusun telaahan staf", "Melayani pengaduan melalui SP4N-LAPOR!"]


class _People:
    """Makes invented employees with valid, unique NIPs."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.serials: set[str] = set()

    def nip(self, pppk: bool = False) -> str:
        rng = self.rng
        while True:
            birth = date(rng.randint(1968, 1998), rng.randint(1, 12), rng.randint(1, 28))
            tmt_year = min(birth.year + rng.randint(22, 30), 2024)
            # A PPPK number: the year of appointment and the code 21 where PNS have the month.
            middle = f"{rng.randint(2022, 2025)}21" if pppk else \
                f"{tmt_year}{rng.randint(1, 12):02d}"
            nip = f"{birth:%Y%m%d}{middle}{rng.choice('12')}" \
                  f"{rng.randint(1, 999):03d}"
            if nip not in self.serials:
                self.serials.add(nip)
                return nip

    def make(self, unit, position, supervisor=None, etype="pns") -> Employee:
        rng = self.rng
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)}"
        if etype == "pns":
            grade = {"jpt": "IV/c", "administrator": "IV/a", "pengawas": "III/d"}.get(
                position.kind, rng.choice(["II/c", "II/d", "III/a", "III/b", "III/c"]))
        else:
            grade = rng.choice(["V", "VII", "IX"])
        employee = Employee(nip=self.nip(etype == "pppk"), name=name, employment_type=etype, grade=grade,
                            unit=unit, position=position, supervisor=supervisor, active=True)
        db.session.add(employee)
        return employee


# National holidays and cuti bersama 2026 (SKB Menag, Menaker, MenPAN-RB No. 1497, 2 and 5 of
# 2025): rows HR edits in the back office.
HOLIDAYS_2026 = [(date(2026, m, d), name, kind) for m, d, name, kind in [
    (1, 1, "Tahun Baru 2026 Masehi", "national"),
    (1, 16, "Isra Mikraj Nabi Muhammad SAW", "national"),
    (2, 16, "Cuti bersama Tahun Baru Imlek", "cuti_bersama"),
    (2, 17, "Tahun Baru Imlek 2577 Kongzili", "national"),
    (3, 18, "Cuti bersama Hari Suci Nyepi", "cuti_bersama"),
    (3, 19, "Hari Suci Nyepi (Tahun Baru Saka 1948)", "national"),
    (3, 20, "Cuti bersama Idul Fitri 1447 H", "cuti_bersama"),
    (3, 21, "Idul Fitri 1447 H", "national"),
    (3, 22, "Idul Fitri 1447 H (hari kedua)", "national"),
    (3, 23, "Cuti bersama Idul Fitri 1447 H", "cuti_bersama"),
    (3, 24, "Cuti bersama Idul Fitri 1447 H", "cuti_bersama"),
    (4, 3, "Wafat Yesus Kristus", "national"),
    (4, 5, "Kebangkitan Yesus Kristus (Paskah)", "national"),
    (5, 1, "Hari Buruh Internasional", "national"),
    (5, 14, "Kenaikan Yesus Kristus", "national"),
    (5, 15, "Cuti bersama Kenaikan Yesus Kristus", "cuti_bersama"),
    (5, 27, "Idul Adha 1447 H", "national"),
    (5, 28, "Cuti bersama Idul Adha 1447 H", "cuti_bersama"),
    (5, 31, "Hari Raya Waisak 2570 BE", "national"),
    (6, 1, "Hari Lahir Pancasila", "national"),
    (6, 16, "Tahun Baru Islam 1448 H", "national"),
    (8, 17, "Hari Proklamasi Kemerdekaan RI", "national"),
    (8, 25, "Maulid Nabi Muhammad SAW", "national"),
    (12, 24, "Cuti bersama Hari Raya Natal", "cuti_bersama"),
    (12, 25, "Hari Raya Natal", "national"),
]]


def _demo_period_targets_and_derived(agreement, today: date, rng) -> None:
    """DPMPTSP's PK shows period targets and a derived indicator (DOMAIN 2): permits issued per
    quarter against quarterly targets (a cumulative sum for the year), and permits per
    processing day computed from two indicators, which the open quarter cannot compute yet."""
    permits = Indicator(code="IKU-11", name="Jumlah izin usaha yang terbit", unit_of_measure="izin",
                        polarity="higher", level="unit", aggregation="sum")
    ratio = Indicator(code="IKU-12", name="Izin terbit per hari penyelesaian",
                      unit_of_measure="izin/hari", polarity="higher", level="unit",
                      formula="round(IKU_11 / IKU_02, 2)", aggregation="average")
    quarterly = [Decimal(v) for v in ("250", "300", "300", "350")]
    target = Target(agreement=agreement, indicator=permits, objective="Sasaran: izin usaha terbit",
                    value=Decimal("1200"),
                    period_targets=[TargetPeriod(period_no=q, value=v)
                                    for q, v in enumerate(quarterly, 1)])
    db.session.add_all([target, Target(agreement=agreement, indicator=ratio, value=Decimal("160"),
                                       objective="Sasaran: perizinan yang efisien")])
    for quarter in range(1, (today.month - 1) // 3 + 1):
        value = (quarterly[quarter - 1] * Decimal(str(round(rng.uniform(0.9, 1.1), 2))))
        db.session.add(Realisation(target=target, period_no=quarter, value=value.quantize(1),
                                   evidence_url="https://manokwarikab.go.id/laporan"))


def load_demo(today: date | None = None) -> bool:
    """Create the demo data unless it is already there. Returns True when it created it."""
    if db.session.scalar(select(WorkUnit.id).where(WorkUnit.code == "BKPSDM")) is not None:
        return False
    rng = random.Random(2026)
    today = today or date.today()
    roles = ensure_roles()
    people = _People(rng)

    pos = {key: Position(name=name, kind=kind, level=level) for key, name, kind, level in [
        ("sekda", "Sekretaris Daerah", "jpt", None),
        ("kepala", "Kepala Perangkat Daerah", "jpt", None),
        ("kabid", "Kepala Bidang", "administrator", None),
        ("camat", "Kepala Distrik", "administrator", None),
        ("kasi", "Kepala Seksi", "pengawas", None),
        ("pelaksana", "Pengadministrasi Umum", "pelaksana", None),
        ("analis", "Analis Sumber Daya Manusia Aparatur", "fungsional", "ahli_pertama"),
        ("pranata", "Pranata Komputer", "fungsional", "terampil"),
        ("perawat", "Perawat", "fungsional", "ahli_muda"),
        ("auditor", "Auditor", "fungsional", "ahli_muda"),
    ]}
    db.session.add_all(pos.values())

    units: dict[str, WorkUnit] = {}
    heads: dict[str, Employee] = {}
    staff_by_unit: dict[str, list[Employee]] = {}
    for code, name, kind, parent, service, _bidangs in UNITS:
        unit = units[code] = WorkUnit(code=code, name=name, kind=kind, is_service_unit=service,
                                      parent=units.get(parent))
        db.session.add(unit)
    sekda = people.make(units["PEMDA"], pos["sekda"])
    units["PEMDA"].head = sekda
    for code, _name, kind, _parent, _service, bidangs in UNITS[1:]:
        unit = units[code]
        head = people.make(unit, pos["camat" if kind == "distrik" else "kepala"], sekda)
        unit.head = heads[code] = head
        staff_by_unit[code] = []
        for index, bidang_name in enumerate(bidangs, start=1):
            bidang = WorkUnit(code=f"{code}-B{index}", name=bidang_name, kind="bidang",
                              parent=unit)
            db.session.add(bidang)
            kabid = people.make(bidang, pos["kabid"], head)
            bidang.head = kabid
            seksi = WorkUnit(code=f"{code}-B{index}-S1",
                             name=f"Seksi {bidang_name.removeprefix('Bidang ')}",
                             kind="seksi", parent=bidang)
            db.session.add(seksi)
            kasi = people.make(seksi, pos["kasi"], kabid)
            seksi.head = kasi
            units[bidang.code], units[seksi.code] = bidang, seksi
            for n in range(rng.randint(6, 9)):
                worker = people.make(bidang, rng.choice([pos["pelaksana"], pos["pranata"],
                                                         pos["analis"]]), kabid,
                                     etype="pppk" if n == 0 else "pns")
                staff_by_unit[code].append(worker)
            for _n in range(rng.randint(3, 5)):
                staff_by_unit[code].append(people.make(seksi, pos["pelaksana"], kasi))
        if not bidangs:
            for _n in range(rng.randint(7, 10)):
                staff_by_unit[code].append(people.make(unit, pos["pelaksana"], head))
    db.session.flush()

    # The demo accounts, each linked to an employee that suits the role.
    atasan = units["DPMPTSP-B1"].head
    pegawai = next(e for e in staff_by_unit["DPMPTSP"] if e.supervisor is atasan)
    accounts = [
        ("kepegawaian", [HR_ADMIN, EMPLOYEE], staff_by_unit["BKPSDM"][1]),
        ("atasan", [SUPERVISOR, EMPLOYEE], atasan),
        ("kepala", [SUPERVISOR, EMPLOYEE], heads["DPMPTSP"]),
        ("pegawai", [EMPLOYEE], pegawai),
        ("pelatih", [TRAINER], staff_by_unit["BKPSDM"][0]),
        ("koordinator", [FORUM_COORDINATOR], staff_by_unit["DPMPTSP"][-1]),
        ("auditor", [AUDITOR], staff_by_unit["INSPEKTORAT"][0]),
    ]
    for username, role_names, employee in accounts:
        user = User(username=username, employee=employee, roles=[roles[r] for r in role_names])
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)

    # This year's indicators, agreements, targets and realisations of past quarters.
    period = Period(year=today.year, periodicity="quarterly")
    db.session.add(period)
    agreements: dict[str, PerformanceAgreement] = {}
    targets_by_unit: dict[str, list[Target]] = {}
    for code, name, uom, polarity, target, unit_code in INDICATORS:
        indicator = Indicator(code=code, name=name, unit_of_measure=uom, polarity=polarity,
                              level="unit")
        agreement = agreements.get(unit_code)
        if agreement is None:
            agreement = agreements[unit_code] = PerformanceAgreement(
                unit=units[unit_code], period=period, signed_on=date(today.year, 1, 31))
            db.session.add(agreement)
        low = high = value = None
        if polarity == "range":
            low, high = (Decimal(v) for v in target)
        else:
            value = Decimal(target)
        t = Target(agreement=agreement, indicator=indicator, objective=f"Sasaran: {name}",
                   value=value, low=low, high=high)
        db.session.add(t)
        targets_by_unit.setdefault(unit_code, []).append(t)
        for quarter in range(1, (today.month - 1) // 3 + 1):
            if polarity == "range":
                real = Decimal(str(round(rng.uniform(-1, 7), 2)))
            else:
                factor = rng.uniform(0.85, 1.1) if polarity == "higher" else rng.uniform(0.9, 1.2)
                real = Decimal(str(round(float(target) * factor, 2)))
            db.session.add(Realisation(target=t, period_no=quarter, value=real,
                                       evidence_url="https://manokwarikab.go.id/laporan"))

    _demo_period_targets_and_derived(agreements["DPMPTSP"], today, rng)
    db.session.add_all(Holiday(date=day, name=name, kind=kind) for day, name, kind in HOLIDAYS_2026)

    # A month of daily activity reports for everyone below the unit heads.
    now = utcnow()
    all_staff = [e for code in staff_by_unit for e in staff_by_unit[code]]
    all_staff += [u.head for u in units.values() if u.kind in ("bidang", "seksi")]
    for employee in all_staff:
        top = employee.unit.code.split("-B")[0]
        candidates = targets_by_unit.get(top, [])
        for back in range(30, -1, -1):
            day = today - timedelta(days=back)
            if day.weekday() >= 5 or rng.random() < 0.15:
                continue
            if back > 7:
                status = rng.choices(["verified", "returned"], [0.95, 0.05])[0]
            elif back > 0:
                status = rng.choices(["submitted", "verified", "draft"], [0.6, 0.3, 0.1])[0]
            else:
                status = "draft"
            if employee is pegawai and 0 < back <= 3:
                status = "submitted"
            reviewed = status in ("verified", "returned")
            db.session.add(ActivityReport(
                employee=employee, date=day, description=rng.choice(ACTIVITIES),
                duration_minutes=rng.choice([60, 90, 120, 180, 240]),
                output_quantity=Decimal(rng.randint(1, 12)), output_unit="dokumen",
                target=rng.choice(candidates) if candidates and rng.random() < 0.7 else None,
                status=status, submitted_at=now if status != "draft" else None,
                reviewed_at=now if reviewed else None,
                reviewer=employee.supervisor if reviewed else None,
                review_comment="Mohon lengkapi bukti dukung." if status == "returned" else None,
            ))
    db.session.commit()
    return True
