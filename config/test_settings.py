"""Test settings: fast hashing, tasks run immediately, mail kept in memory."""

import os

# The development configuration; the production one is tested in its own processes
# (goodword/core/tests/test_settings_env.py, e2e/test_production.py).
os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Each test clears the cache (conftest.py), including tests without database access.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Suites that call the API in bulk (schemathesis) are not throttled; the throttle test sets
# its own rate.
API_THROTTLE_RATE = "100000/m"
# No machine-wide trust snapshot between tests (goodword/trust/tests/test_snapshot.py sets one).
TRUST_SNAPSHOT_PATH = ""
