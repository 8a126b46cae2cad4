"""gunicorn settings for Goodword: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

The application is imported once in the master (`preload_app`), which also imports every view,
maps this machine's trust snapshot and then freezes the garbage collector's view of those
objects, so forked workers share these pages instead of each building its own copy
(docs/benchmarks.md: first request and memory per worker). Workers are sync: the pages are
CPU-bound and a machine has few cores; `WEB_CONCURRENCY` sets how many.
"""

import gc
import os

# Behind a reverse proxy on the same machine, which terminates TLS (docs/deploy.md).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so that a slow leak never becomes an outage; they fork again
# from the preloaded master. Not often: a fresh worker starts without what the process keeps
# (compiled statements, the page frame, cards, search matches), and at 150 requests/s 2,000
# requests recycled each worker every half minute.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
# Only the local proxy may say which scheme and address a request came from.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Logs go to stdout/stderr and from there to the journal (journalctl -u goodword-web).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "goodword"


def when_ready(server):
    """In the master, after the application was loaded and before the first fork."""
    from django.db import connections
    from django.urls import get_resolver

    views = get_resolver().url_patterns  # imports every view module and its dependencies
    del views
    from goodword.trust.adapter import get_network

    try:
        get_network().preload()
    finally:
        connections.close_all()  # never share a database connection with the workers
    gc.collect()
    gc.freeze()
