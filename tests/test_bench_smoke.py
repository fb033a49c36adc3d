"""The benchmark script still runs end to end (on a tiny SQLite database), so `make bench`
cannot rot unnoticed. Its numbers are not asserted: speed is judged by the script's ratios."""
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
         "--export-rows", "0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "ratio" in result.stdout.lower()
