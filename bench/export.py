"""Export benchmark: our CSV export against stock Flask-Admin's, and a large export as a job.

    .venv/bin/python bench/export.py                       # SQLite, instance/bench-export.db
    .venv/bin/python bench/export.py --rows 100000 --job-rows 200000
    BENCH_DATABASE_URL=postgresql+psycopg://USER@HOST:5432/DBNAME .venv/bin/python bench/export.py

The database (built by bench/run.py's generator if missing or too small: 2,000 employees and
--reports activity reports) is exported as HR, each export in a fresh child process:

- ours: /admin/activity_report/export/csv/ streamed in the request (the job threshold is raised
  above --rows for this run), plain rows from one query, formatting cached per value;
- stock: Flask-Admin's own export of the same columns (bench/run.py's naive view, capped at
  --rows; its session is held open or it fails with DetachedInstanceError);
- job: --job-rows rows (above EXPORT_JOB_THRESHOLD): the request that queues it, then the worker
  writing the file, its progress updates, and the file's row count.

Time is wall-clock from the request to the last byte (the job: to the finished file); memory is
the peak RSS above the RSS just before (Linux VmHWM, reset through /proc/self/clear_refs).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run as bench  # noqa: E402  (bench/run.py: the generator, the naive views, the login)


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or \
        f"sqlite:///{ROOT / 'instance' / 'bench-export.db'}"


def child(which: str, rows: int) -> None:
    os.environ["BENCH_DATABASE_URL"] = database_url()
    app = bench.make_app(database_url(), export_rows=rows)
    if which == "ours":
        app.config["EXPORT_JOB_THRESHOLD"] = rows + 1
    client = bench.login(app, "kepegawaian")
    url = {"ours": "/admin/activity_report/export/csv/", "job": "/admin/activity_report/export/csv/",
           "stock": "/naive/naive_activity_report/export/csv/"}[which]
    held = None
    if which == "stock":
        held = app.app_context()  # (see bench/run.py export_child)
        held.push()
    huey = app.extensions["kinerja_jobs"].huey
    huey.immediate = False
    bench.reset_peak_rss()
    before = bench.status_kib("VmRSS")
    started = time.perf_counter()
    response = client.get(url, buffered=False)
    request_seconds = time.perf_counter() - started
    lines = size = 0
    if which == "job":
        assert response.status_code == 302, response.status_code
        job_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
        task = huey.dequeue()
        huey.execute(task)
        with app.app_context():
            from app.extensions import db
            from app.jobs.models import Job

            job = db.session.get(Job, job_id)
            assert job.state == "done", (job.state, job.error)
            path = Path(app.config["JOBS_RESULTS_DIR"]) / job.result_path
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                size += len(block)
                lines += block.count(b"\n")
        path.unlink()
    else:
        lines, size = bench.drain(response)
    seconds = time.perf_counter() - started
    if held is not None:
        held.pop()
    peak = bench.status_kib("VmHWM")
    print(f"{lines - 1} {size} {seconds:.2f} {(peak - before) / 1024:.0f} {request_seconds:.2f}")


def run_child(which: str, rows: int) -> tuple:
    result = subprocess.run([sys.executable, __file__, "--child", which, "--rows", str(rows)],
                            capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "BENCH_DATABASE_URL": database_url()})
    if result.returncode != 0:
        print(result.stderr[-3000:])
        raise SystemExit(f"export child ({which}) failed")
    data_rows, size, seconds, mib, request = result.stdout.split()[-5:]
    return int(data_rows), int(size), float(seconds), int(mib), float(request)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of ours vs stock")
    parser.add_argument("--job-rows", type=int, default=200_000, help="rows of the job export")
    parser.add_argument("--reports", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (median)")
    parser.add_argument("--child", choices=["ours", "stock", "job"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.rows)
        return
    os.environ["BENCH_DATABASE_URL"] = database_url()
    app = bench.make_app(database_url())
    present = bench.ensure_data(app, 2_000, max(args.reports, args.rows, args.job_rows))
    print(f"Database: {database_url().split('@')[-1]}, {present['reports']:,} reports; "
          f"median of {args.repeat} runs, each in a fresh process.\n")
    results = {}
    for which, rows in (("ours", args.rows), ("stock", args.rows), ("job", args.job_rows)):
        runs = sorted((run_child(which, rows) for _ in range(args.repeat)), key=lambda r: r[2])
        results[which] = runs[len(runs) // 2]
        data_rows, size, seconds, mib, request = results[which]
        extra = f"  (the request: {request:.2f} s)" if which == "job" else ""
        print(f"  {which:<6} {data_rows:>9,} rows  {size / 1e6:6.1f} MB  {seconds:6.2f} s  "
              f"peak RSS +{mib} MiB  {data_rows / seconds:>9,.0f} rows/s{extra}", flush=True)
    ratio = results["stock"][2] / results["ours"][2]
    print(f"\nours vs stock: {ratio:.1f}x faster, {results['ours'][3]} vs "
          f"{results['stock'][3]} MiB")


if __name__ == "__main__":
    main()
