"""gunicorn configuration for Goodword (docs/deploy.md). Start with
`gunicorn -c deploy/gunicorn.conf.py config.wsgi` from the repository directory.

Settings that differ per machine come from the environment (the same file systemd loads)."""

import multiprocessing
import os

# Behind a reverse proxy on the same machine; the proxy terminates TLS.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: pages are short database reads; the worker count is what the cores allow.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so that a slow leak never becomes an outage.
max_requests = 2000
max_requests_jitter = 200
# Only the local proxy may say which scheme and address a request came from.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Logs go to stdout/stderr and from there to the journal (journalctl -u goodword-web).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Heartbeat files on tmpfs: a worker blocked on a slow disk is not taken for a dead one.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
proc_name = "goodword"
