"""Test data for invitations: members old enough to invite, and invitations made through the
service (so that tokens and hashes are real)."""

from datetime import timedelta

from django.utils import timezone

from goodword.accounts.tests.factories import UserFactory
from goodword.invitations import queries, services
from goodword.messaging.tests.helpers import recommend


def established(**kwargs):
    """A member who may invite: joined 200 days ago (quota 1 + 2 quarters = 3)."""
    kwargs.setdefault("date_joined", timezone.now() - timedelta(days=200))
    return UserFactory(**kwargs)


def recommended(**kwargs):
    """An established member whom someone publicly recommended (good standing)."""
    user = established(**kwargs)
    recommend(established(), user)
    return user


def invite(inviter, *, email="", note="We restored the old mill together."):
    """An invitation from `inviter` and its link's token."""
    channel = "email" if email else "link"
    invitation = services.create_invitation(inviter, channel=channel, email=email, note=note)
    return invitation, queries.invitation_token(invitation)


def joined(inviter, **kwargs):
    """A member who came in through an invitation of `inviter`."""
    _invitation, token = invite(inviter)
    member = UserFactory(**kwargs)
    services.accept_invitation(token, member)
    return member
