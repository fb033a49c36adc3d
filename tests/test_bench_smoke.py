"""The benchmark script still runs end to end (on a tiny SQLite database), so `make bench`
cannot rot unnoticed: the goals of issue 16 with their ratios and floors and a small employee
import (the page table and the gunicorn throughput are skipped: starting two workers costs more
than the rest). Its numbers are not
asserted: speed is judged by the script's ratios (the statement counts are tested in
tests/core/test_list_statements.py)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.no_db
ROOT = Path(__file__).resolve().parents[1]


def test_bench_runs_on_a_small_database(tmp_path):
    env = dict(os.environ, BENCH_DATABASE_URL=f"sqlite:///{tmp_path / 'bench.db'}")
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--employees", "60", "--reports", "600", "--repeat", "1",
         "--export-rows", "0", "--pages", "none", "--throughput-seconds", "0",
         "--import-rows", "200"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "ratio" in result.stdout.lower()
    for goal in ("reports: page 1, 20 rows", "audit: page 1, 100 rows", "outlier:",
                 "import: 200 employees"):
        assert goal in result.stdout, goal
