"""`User.objects.get(pk=…)`, which reads the signed-in member on every request, answers as
Django's `QuerySet.get` does."""

import pytest
from django.contrib.auth.models import Group
from django.db.models import QuerySet

from goodword.accounts.models import User
from goodword.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_get_by_pk_is_the_querysets_member(anna, sven):
    for member in (anna, sven):
        found = User.objects.get(pk=member.pk)
        expected = QuerySet(User).get(pk=member.pk)
        assert type(found) is User
        assert found.pk == expected.pk
        assert found.__dict__.keys() == expected.__dict__.keys()
        assert {k: v for k, v in found.__dict__.items() if k != "_state"} == {
            k: v for k, v in expected.__dict__.items() if k != "_state"
        }
        assert not found._state.adding and found._state.db == "default"


@pytest.mark.parametrize("pk", [0, -1, 10**6, 2**63 - 1, 2**70])
def test_get_by_an_unknown_pk_raises_does_not_exist(anna, pk):
    with pytest.raises(User.DoesNotExist, match="User matching query does not exist"):
        User.objects.get(pk=pk)


def test_other_lookups_are_djangos(anna):
    assert User.objects.get(email=anna.email) == anna
    assert User.objects.get(pk=str(anna.pk)) == anna
    assert User.objects.get(pk=anna.pk, is_active=True) == anna
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=anna.pk, is_active=False)


def test_a_related_manager_keeps_its_filter(anna, sven):
    group = Group.objects.create(name="Kreis")
    group.user_set.add(anna)
    assert group.user_set.get(pk=anna.pk) == anna
    with pytest.raises(User.DoesNotExist):
        group.user_set.get(pk=sven.pk)
    assert User.objects.db_manager("default").get(pk=sven.pk) == sven


def test_a_deactivated_member_is_signed_out_on_the_next_request(client):
    member = UserFactory()
    client.force_login(member)
    assert client.get("/settings/").status_code == 200
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert client.get("/settings/").status_code == 302
