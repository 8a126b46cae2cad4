"""`runserver` as `make run` uses it, with a listen queue deep enough for many clients at once.

Django's development server accepts only 10 pending connections; with more concurrent clients
the rest are refused before a view runs (bench/write_load.py saw this at 50 writers). Static
files are still served as by `django.contrib.staticfiles`' runserver, which this extends."""

from django.contrib.staticfiles.management.commands.runserver import Command as StaticRunserver
from django.core.servers.basehttp import WSGIServer


class QueuedWSGIServer(WSGIServer):
    request_queue_size = 128


class Command(StaticRunserver):
    server_cls = QueuedWSGIServer
