"""gunicorn settings for Portal Kinerja ASN (kinerja-web.service; docs/deployment.md, section 4).

Command-line flags and GUNICORN_CMD_ARGS (in /etc/kinerja/kinerja.env) win over this file, so a
machine changes its bind address or worker count there without editing the repository.
"""
import multiprocessing

# nginx on the same machine. With nginx on another machine: bind to the private address and
# list nginx's address in forwarded_allow_ips (and keep KINERJA_PROXY_FIX=1).
bind = "127.0.0.1:8000"
forwarded_allow_ips = "127.0.0.1"
# Synchronous workers: requests are short (exports beyond a threshold and e-mail are jobs).
# 2 per core + 1, at most 9: each worker holds up to 5+10 database connections
# (SQLAlchemy's pool), which PostgreSQL's max_connections must cover for all app servers.
workers = min(2 * multiprocessing.cpu_count() + 1, 9)
timeout = 30
graceful_timeout = 30
keepalive = 5
# A fresh worker now and then keeps memory flat (big pages, caches); jitter avoids all at once.
max_requests = 2000
max_requests_jitter = 200
# The app factory issues no database query (tests/core: zero-query factory), so loading the
# app once before forking shares its memory without sharing a connection.
preload_app = True
worker_tmp_dir = "/dev/shm"
# Logs to stdout/stderr: journald keeps them (journalctl -u kinerja-web).
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# The request line and headers as nginx allows them (nginx rejects bigger ones first).
limit_request_line = 8190
