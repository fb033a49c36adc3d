"""The bench app for gunicorn (bench/loads.py): ours and the stock views at /naive/, on the
bench database (BENCH_DATABASE_URL or instance/bench.db)."""
from run import database_url, make_app

app = make_app(database_url())
