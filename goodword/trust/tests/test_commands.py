import io

import pytest
from django.core.management import call_command

from goodword.trust.adapter import get_network
from goodword.trust.models import ChangeKind, MarkLevel, TrustEdgeChange, TrustMark
from goodword.trust.queries import get_marks_for_export, get_ranked_members
from goodword.trust.services import request_trust_refresh

from .conftest import recommend

pytestmark = pytest.mark.django_db


def test_rebuild_trust_builds_signals_and_prunes(people):
    TrustEdgeChange.objects.create(source_id=people["vera"].pk, target_id=people["anna"].pk)
    out = io.StringIO()
    call_command("rebuild_trust", stdout=out, stderr=io.StringIO())
    assert "Trust graph rebuilt: 5 of 6 members connected, 4 edges" in out.getvalue()
    assert list(TrustEdgeChange.objects.values_list("kind", flat=True)) == [ChangeKind.REBUILD]
    assert get_ranked_members(people["vera"])


def test_refresh_task_appends_a_change_and_ignores_self_pairs(people):
    request_trust_refresh(people["vera"].pk, people["eva"].pk)
    request_trust_refresh(people["vera"].pk, people["vera"].pk)
    changes = TrustEdgeChange.objects.values_list("source_id", "target_id")
    assert list(changes) == [(people["vera"].pk, people["eva"].pk)]


def test_direct_writes_show_after_a_refresh_request(people):
    get_ranked_members(people["vera"])
    recommend(people["anna"], people["eva"])
    assert people["eva"].pk not in dict(get_ranked_members(people["vera"]))
    request_trust_refresh(people["anna"].pk, people["eva"].pk)
    assert people["eva"].pk in dict(get_ranked_members(people["vera"]))
    assert get_network().edge(people["anna"].pk, people["eva"].pk) > 0


def test_export_holds_only_the_members_own_marks(people):
    TrustMark.objects.create(marker=people["vera"], member=people["eva"], level=MarkLevel.VOUCH)
    TrustMark.objects.create(
        marker=people["anna"], member=people["vera"], level=MarkLevel.WOULD_NOT_RECOMMEND
    )
    exported = get_marks_for_export(people["vera"])
    assert [(m["member_id"], m["level"]) for m in exported] == [(people["eva"].pk, "vouch")]
    assert get_marks_for_export(people["eva"]) == []


def test_a_deleted_member_leaves_every_graph(people, django_capture_on_commit_callbacks):
    from django.db import transaction

    from goodword.trust.services import request_member_trust_refresh

    TrustMark.objects.create(marker=people["vera"], member=people["eva"], level=MarkLevel.VOUCH)
    get_network().rebuild()
    assert people["carl"].pk in dict(get_ranked_members(people["vera"]))
    assert people["eva"].pk in dict(get_ranked_members(people["vera"]))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        request_member_trust_refresh(people["anna"])
        people["anna"].delete()
    ranked = dict(get_ranked_members(people["vera"]))
    assert people["anna"].pk not in ranked
    assert people["carl"].pk not in ranked  # only reachable through Anna
    assert people["eva"].pk in ranked
