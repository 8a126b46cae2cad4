"""The profile facts are listed once (`accounts.models.PROFILE_FACTS`); the API's typed
schemas, which must spell their fields out, are held to that list here."""

from goodword.accounts.api import MemberOut, ProfilePatch
from goodword.accounts.forms import ProfileForm
from goodword.accounts.models import PROFILE_FACTS, Profile


def test_the_form_and_the_api_take_every_profile_fact_and_nothing_else():
    assert tuple(ProfileForm.Meta.fields) == PROFILE_FACTS
    assert set(ProfilePatch.model_fields) == {*PROFILE_FACTS, "topics"}
    assert set(PROFILE_FACTS) <= set(MemberOut.model_fields)


def test_every_profile_fact_is_a_field_of_the_profile():
    names = {field.name for field in Profile._meta.get_fields()}
    assert set(PROFILE_FACTS) <= names
