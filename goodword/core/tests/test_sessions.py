"""The session store reads what Django's database store reads, and nothing expired."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from goodword.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def stored(data: dict) -> str:
    session = db.SessionStore()
    session.update(data)
    session.create()
    return session.session_key


def test_a_stored_session_reads_as_in_djangos_store():
    key = stored({"_auth_user_id": "7", "note": "Grüße <b>&</b>", "n": [1, 2]})
    assert SessionStore(key).load() == db.SessionStore(key).load()
    assert SessionStore(key)["note"] == "Grüße <b>&</b>"
    assert SessionStore(key).session_key == key


@pytest.mark.parametrize("key", ["x" * 32, "short", "", None])
def test_an_unknown_key_reads_as_an_empty_session_without_a_key(key):
    stored({"a": 1})
    session = SessionStore(key)
    assert session.load() == {}
    assert session.session_key is None


def test_an_expired_session_is_not_read():
    key = stored({"a": 1})
    past = timezone.now() - timedelta(seconds=1)
    Session.objects.filter(session_key=key).update(expire_date=past)
    session = SessionStore(key)
    assert session.load() == {} == db.SessionStore(key).load()
    assert session.session_key is None


def test_a_session_read_here_is_saved_and_read_back():
    key = stored({"a": 1})
    session = SessionStore(key)
    session["b"] = 2
    session.save()
    assert SessionStore(key).load() == {"a": 1, "b": 2}
