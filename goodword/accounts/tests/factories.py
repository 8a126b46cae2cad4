"""Test data for members. Other apps import `UserFactory` and `ProfileFactory` from here.

    user = UserFactory()                                    # verified e-mail, profile with a name
    user = UserFactory(email="anna@example.org", display_name="Anna Berg", city="Köln")
    user = UserFactory(display_name="")                     # not listed in the directory
    user = UserFactory(verified=False)                      # e-mail not confirmed yet
    user = UserFactory(visibility="public")                 # profile seen by visitors too
    profile = ProfileFactory(profession="Tischlerin", topics=[topic])

Every user logs in with `DEFAULT_PASSWORD` unless `password=` is given.
"""

import factory
from allauth.account.models import EmailAddress
from faker import Faker

from goodword.accounts.models import PROFILE_FACTS, Profile, User
from goodword.accounts.services import create_profile

DEFAULT_PASSWORD = "correct-horse-battery"


_faker = Faker("de_DE")


class UserFactory(factory.django.DjangoModelFactory):
    """A member who can log in: verified primary e-mail address and a profile with a name.

    Profile facts (`display_name`, `city`, `profession`, `topics`, …) may be passed directly.
    """

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"member{n}@goodword.test")
    is_active = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        password = kwargs.pop("password", DEFAULT_PASSWORD)
        verified = kwargs.pop("verified", True)
        topics = kwargs.pop("topics", None)
        facts = {name: kwargs.pop(name) for name in PROFILE_FACTS if name in kwargs}
        facts.setdefault("display_name", _faker.name())

        user = model_class.objects.create_user(*args, password=password, **kwargs)
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
        profile = create_profile(user, display_name=facts.pop("display_name"))
        if facts:
            for name, value in facts.items():
                setattr(profile, name, value)
            profile.save()
        if topics:
            profile.topics.set(topics)
        return user


class ProfileFactory(factory.django.DjangoModelFactory):
    """A profile with its user; accepts the same keyword arguments as `UserFactory`."""

    class Meta:
        model = Profile

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return UserFactory(**kwargs).profile
