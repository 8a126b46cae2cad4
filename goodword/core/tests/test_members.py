"""The low layer every app uses: member access, "may X reach Y", one "new account", hooks."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from goodword.accounts.tests.factories import UserFactory
from goodword.core import hooks
from goodword.core.members import access_member, is_new_account, may_reach, reach_refusal
from goodword.messaging.services import block_member

pytestmark = pytest.mark.django_db


def test_access_member_answers_404_for_absent_inactive_and_anonymous():
    viewer, member = UserFactory(), UserFactory()
    assert access_member(viewer, member.pk) == member
    with pytest.raises(Http404):
        access_member(viewer, 999_999)
    with pytest.raises(Http404):
        access_member(AnonymousUser(), member.pk)
    for nothing in (None, "", "x", 2**64):  # an optional form field left empty, bad input
        with pytest.raises(Http404):
            access_member(viewer, nothing)
    member.is_active = False
    member.save()
    with pytest.raises(Http404):
        access_member(viewer, member.pk)


def test_a_block_either_way_refuses_reach():
    anna, sven = UserFactory(), UserFactory()
    assert may_reach(sven, anna) and may_reach(anna, sven)
    block_member(anna, sven)
    assert not may_reach(sven, anna)
    assert not may_reach(anna, sven)
    assert reach_refusal(sven, anna)  # a reason the sender can read


def test_new_account_is_one_definition():
    now = timezone.now()
    member = UserFactory()
    member.date_joined = now - timedelta(days=settings.NEW_ACCOUNT_DAYS - 1)
    assert is_new_account(member, now)
    member.date_joined = now - timedelta(days=settings.NEW_ACCOUNT_DAYS + 1)
    assert not is_new_account(member, now)


def test_unknown_hooks_are_refused():
    with pytest.raises(ValueError):
        hooks.register("no_such_hook")
    with pytest.raises(ValueError):
        hooks.get_hooks("no_such_hook")


def test_every_app_with_member_data_contributes_an_export_section():
    owners = {fn.__module__.split(".")[1] for fn in hooks.get_hooks(hooks.MEMBER_EXPORT)}
    assert owners >= {
        "api", "asks", "introductions", "messaging", "notifications",
        "recommendations", "referrals", "subscriptions", "trust",
    }  # fmt: skip
