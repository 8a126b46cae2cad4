"""Every write to a member's account and profile goes through a function in this module."""

from __future__ import annotations

from django.db import transaction

from .models import Profile, User


@transaction.atomic
def create_profile(user: User, *, display_name: str = "") -> Profile:
    """Give a new member their (empty) profile. Idempotent: returns the existing one if present."""
    profile, _created = Profile.objects.get_or_create(
        user=user, defaults={"display_name": display_name.strip()[:120]}
    )
    return profile
