"""Two goals of issue 16 measured outside the request loop of bench/run.py:

* throughput: `gunicorn -w 2` serving the bench app (ours and the stock views at /naive/),
  requests per second on the report list, page 1, as HR, from a small Python load client
  (threads, a new connection per request: gunicorn's sync workers close each one); goal: ours
  at least 3x stock;
* the employee import (app.org.importer) of N rows from a CSV file, in a fresh process on a
  fresh schema (a temporary SQLite file, or a temporary PostgreSQL schema on the bench
  server): wall time and peak memory above the process before it; goal: 10,000 rows under
  30 s and 100 MiB.
"""
from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
MIN_THROUGHPUT_RATIO = 3.0
IMPORT_SECONDS, IMPORT_MIB = 30.0, 100


# --- throughput ----------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port, method, path, body=None, cookie=""):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    cookies = "; ".join(c.split(";")[0] for c in response.msg.get_all("Set-Cookie") or ())
    conn.close()
    return response.status, cookies, data


def _login(port, username: str, password: str) -> str:
    status, cookies, page = _request(port, "GET", "/login")
    token = TOKEN.search(page.decode()).group(1)
    body = urllib.parse.urlencode({"username": username, "password": password,
                                   "csrf_token": token})
    status, cookies, _ = _request(port, "POST", "/login", body, cookies)
    if status != 302:
        raise SystemExit(f"gunicorn login failed ({status})")
    return cookies


def _load(port, path, cookie, seconds: float, clients: int = 4) -> float:
    """Requests per second answered 200 by the server with `clients` concurrent clients."""
    done, failed, stop = [0], [0], time.perf_counter() + seconds

    def client():
        while time.perf_counter() < stop:
            status = _request(port, "GET", path, cookie=cookie)[0]
            if status == 200:
                done[0] += 1
            else:
                failed[0] += 1
    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failed[0]:
        raise SystemExit(f"{path}: {failed[0]} requests failed under load")
    return done[0] / (time.perf_counter() - started)


def throughput_goal(seconds: float) -> dict:
    from run import BENCH_PASSWORD

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--chdir", str(ROOT / "bench"), "--log-level", "warning", "wsgi_bench:app"],
        cwd=ROOT, env=os.environ.copy())
    try:
        for _ in range(300):   # (up to 30 s for two workers to start on a busy machine)
            try:
                _request(port, "GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        cookie = _login(port, "kepegawaian", BENCH_PASSWORD)
        ours, stock = "/admin/activity_report/", "/naive/naive_activity_report/"
        for path in (ours, stock):
            for _ in range(6):   # warm both workers
                _request(port, "GET", path, cookie=cookie)
        ours_rps = _load(port, ours, cookie, seconds)
        stock_rps = _load(port, stock, cookie, seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    ratio = ours_rps / stock_rps
    return {"goal": "throughput: gunicorn -w 2, reports page 1, HR (req/s)",
            "ours": ours_rps, "stock": stock_rps, "ratio": ratio, "statements": None,
            "floor": None, "ok": ratio >= MIN_THROUGHPUT_RATIO,
            "target": f">= {MIN_THROUGHPUT_RATIO:g}x"}


# --- the employee import -----------------------------------------------------------------------

def _nip(n: int) -> str:
    from app.demo.bulk import _nip as bulk_nip

    return bulk_nip(n + 500_000)   # (beyond the bench employees' numbers)


def import_csv(rows: int) -> bytes:
    """A valid employee import file: every row in the unit IMPORT, one in ten a supervisor of
    the nine after it."""
    lines = ["nip,nama,jenis_pegawai,golongan,kode_unit,jabatan,nip_atasan,email,telepon,aktif"]
    for n in range(rows):
        boss = "" if n % 10 == 0 else _nip(n - n % 10)
        lines.append(f"{_nip(n)},Pegawai Impor {n},PNS,III/a,IMPORT,,{boss},"
                     f"impor{n}@manokwarikab.go.id,0812{n:08d},ya")
    return ("\n".join(lines) + "\n").encode()


def import_child(rows: int) -> None:
    """In a fresh process: a fresh schema, the import, then '<seconds> <MiB>' on stdout."""
    from sqlalchemy import text

    from app import create_app
    from app.extensions import db
    from app.org.importer import import_employees, read_rows
    from app.org.models import WorkUnit
    from run import database_url, reset_peak_rss, status_kib

    url, schema = database_url(), None
    if url.startswith("sqlite"):
        path = ROOT / "instance" / "bench-import.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        schema = "bench_import"
        # (public second: the pg_trgm operator classes live there; tables go to the first)
        url += ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema},public"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        if schema:
            with db.engine.begin() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
                conn.execute(text(f"CREATE SCHEMA {schema}"))
                # (not checkfirst: the bench tables in public must not count as present)
                db.metadata.create_all(conn, checkfirst=False)
        else:
            db.create_all()
        db.session.add(WorkUnit(code="IMPORT", name="Unit impor", kind="dinas"))
        db.session.commit()
        data = import_csv(rows)
        db.session.remove()
        reset_peak_rss()
        before = status_kib("VmRSS")
        started = time.perf_counter()
        with app.test_request_context("/admin/employee/import/"):
            result = import_employees(read_rows("pegawai.csv", data))
        seconds = time.perf_counter() - started
        peak = status_kib("VmHWM")
        if not result.ok or result.created != rows:
            raise SystemExit(f"import failed: {result.errors[:3]}")
        if schema:
            db.session.remove()
            with db.engine.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    print(f"{seconds:.2f} {(peak - before) / 1024:.0f}")


def import_goal(rows: int) -> dict:
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--import-child",
                             str(rows)], capture_output=True, text=True, cwd=ROOT,
                            env=os.environ.copy())
    if result.returncode != 0:
        print(result.stderr[-2000:])
        raise SystemExit("import child failed")
    seconds, mib = result.stdout.split()[-2:]
    seconds, mib = float(seconds), int(mib)
    return {"goal": f"import: {rows:,} employees (s; +MiB in 'vs')", "ours": seconds,
            "stock": mib, "ratio": None, "statements": None, "floor": None,
            "ok": seconds < IMPORT_SECONDS and mib < IMPORT_MIB,
            "target": f"< {IMPORT_SECONDS:g} s, < {IMPORT_MIB} MiB"}
