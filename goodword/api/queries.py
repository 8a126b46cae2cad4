"""Reads for personal access tokens."""

from django.db.models import QuerySet
from django.http import Http404

from .models import ApiToken


def get_tokens(user) -> QuerySet[ApiToken]:
    """The member's own tokens, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def access_token(user, token_id: int) -> ApiToken:
    """The member's token with this id; 404 for "absent" and "not yours" alike."""
    token = None
    if user.is_authenticated:
        token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404("No such token.")
    return token
