"""Invitations: inviting, links, quota, the trust edge, the tree, sign-up modes, moderation,
export and deletion, pages and API, bad input and the wrong member."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from goodword.accounts.services import delete_account, export_member_data
from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from goodword.api.services import create_token
from goodword.core import hooks
from goodword.invitations import queries, rules, services
from goodword.invitations.models import Invitation, InvitationRightsLoss, InvitationStatus
from goodword.invitations.tests.factories import established, invite, joined, recommended
from goodword.messaging.tests.helpers import recommend
from goodword.trust import queries as trust_queries
from goodword.trust import weights
from goodword.trust.models import TrustEdgeChange

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def auth(user) -> dict:
    _token, secret = create_token(user, "t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **EN}


# -- inviting ---------------------------------------------------------------------------------
def test_invite_by_email_sends_one_mail_with_a_working_link(django_capture_on_commit_callbacks):
    anna = established(display_name="Anna Adler")
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invite(anna, email="Bernd@Example.org")
    assert invitation.email == "bernd@example.org"
    assert invitation.token_hash == queries.token_hash(token)
    assert token not in str(Invitation.objects.values_list(flat=True))  # only its hash is kept
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bernd@example.org"]
    assert "Anna Adler" in message.subject
    assert f"/invitations/join/{token}/" in message.body
    assert "old mill" in message.body
    assert queries.find_invitation(token) == invitation


def test_tokens_are_long_random_and_distinct():
    anna = established()
    tokens = {invite(anna)[1] for _ in range(3)}
    assert len(tokens) == 3
    assert all(len(t) == 64 for t in tokens)
    assert queries.find_invitation("0" * 64) is None
    assert queries.find_invitation("x" * 500) is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"channel": "email", "email": "", "note": "Colleagues"}, "email"),
        ({"channel": "email", "email": "not-an-address", "note": "Colleagues"}, "email"),
        ({"channel": "link", "note": "  "}, "note"),
        ({"channel": "link", "note": "x" * (rules.NOTE_MAX + 1)}, "note"),
        ({"channel": "pigeon", "note": "Colleagues"}, "channel"),
    ],
)
def test_bad_input_writes_nothing(data, field):
    anna = established()
    with pytest.raises(ValidationError) as exc:
        services.create_invitation(anna, **data)
    assert field in exc.value.message_dict
    assert not Invitation.objects.exists()


def test_an_address_that_is_a_member_gets_a_clear_message():
    anna = established()
    UserFactory(email="bernd@example.org")
    with pytest.raises(ValidationError) as exc:
        services.create_invitation(anna, channel="email", email="BERND@example.org", note="Hi")
    assert "already belongs to a member" in str(exc.value) or "bereits" in str(exc.value)
    assert not Invitation.objects.exists()


def test_the_same_address_cannot_be_invited_twice_while_waiting():
    anna = established()
    invite(anna, email="bernd@example.org")
    with pytest.raises(ValidationError):
        invite(anna, email="bernd@example.org")
    assert Invitation.objects.count() == 1


# -- quota ------------------------------------------------------------------------------------
def test_new_accounts_cannot_invite():
    newcomer = UserFactory()
    quota = queries.get_quota(newcomer)
    assert quota.total == 0 and quota.new_account
    with pytest.raises(ValidationError) as exc:
        invite(newcomer)
    assert exc.value.code == "quota"
    assert not Invitation.objects.exists()


def test_quota_grows_with_recommendations_and_time():
    now = timezone.now()
    young = established(date_joined=now - timedelta(days=20))
    assert queries.get_quota(young).total == rules.QUOTA_BASE
    for _ in range(5):  # capped at three recommenders
        recommend(established(), young)
    assert queries.get_quota(young).total == rules.QUOTA_BASE + rules.QUOTA_RECOMMENDERS_MAX
    old = established(date_joined=now - timedelta(days=10 * 365))
    assert queries.get_quota(old).total == rules.QUOTA_BASE + rules.QUOTA_QUARTERS_MAX


def test_quota_exhausted_then_freed_by_withdrawing():
    anna = established(date_joined=timezone.now() - timedelta(days=20))  # quota 1
    first, _token = invite(anna)
    with pytest.raises(ValidationError) as exc:
        invite(anna)
    assert exc.value.code == "quota"
    assert Invitation.objects.count() == 1
    services.withdraw_invitation(anna, first)
    invite(anna)  # the withdrawn one came back
    assert Invitation.objects.count() == 2


def test_expired_invitations_do_not_use_quota():
    anna = established(date_joined=timezone.now() - timedelta(days=20))
    first, _token = invite(anna)
    Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now() - timedelta(days=1))
    invite(anna)


# -- the link ---------------------------------------------------------------------------------
def test_accepting_records_the_tree_and_puts_both_edges_in_the_change_log():
    anna = established()
    invitation, token = invite(anna)
    bernd = UserFactory()
    before = TrustEdgeChange.objects.count()
    services.accept_invitation(token, bernd)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED and invitation.invitee == bernd
    pairs = set(
        TrustEdgeChange.objects.order_by("id")[before:].values_list("source_id", "target_id")
    )
    assert pairs == {(anna.pk, bernd.pk), (bernd.pk, anna.pk)}
    assert queries.get_inviter(bernd) == anna


@pytest.mark.parametrize("state", ["used", "withdrawn", "expired"])
def test_a_link_that_no_longer_works_says_why(client, state):
    anna = established()
    invitation, token = invite(anna)
    if state == "used":
        services.accept_invitation(token, UserFactory())
    elif state == "withdrawn":
        services.withdraw_invitation(anna, invitation)
    else:
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    words = {"used": "already used", "withdrawn": "withdrawn", "expired": "expired"}[state]
    response = client.get(reverse("invitations:join", args=[token]), **EN)
    assert response.status_code == 410
    assert words in response.content.decode()
    latecomer = UserFactory()
    with pytest.raises(ValidationError):
        services.accept_invitation(token, latecomer)
    assert not Invitation.objects.filter(invitee=latecomer).exists()


def test_an_unknown_link_is_404(client):
    response = client.get(reverse("invitations:join", args=["nope"]), **EN)
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_a_logged_in_member_opening_a_link_is_told_they_are_a_member(client):
    anna = established()
    _invitation, token = invite(anna)
    client.force_login(UserFactory())
    response = client.get(reverse("invitations:join", args=[token]), **EN)
    assert response.status_code == 409
    assert "already a member" in response.content.decode()
    assert queries.refusal(queries.find_invitation(token)) is None  # still unused


def test_own_invitation_and_a_second_invitation_are_refused():
    anna = established()
    _invitation, token = invite(anna)
    with pytest.raises(ValidationError):
        services.accept_invitation(token, anna)
    bernd = joined(established())
    _other, token2 = invite(anna)
    with pytest.raises(ValidationError):
        services.accept_invitation(token2, bernd)


def test_sign_up_through_the_link_accepts_the_invitation(client, settings):
    settings.SIGNUP_MODE = "invitation"
    anna = established(display_name="Anna Adler")
    invitation, token = invite(anna, email="bernd@example.org")
    page = client.get(reverse("invitations:join", args=[token]), **EN)
    assert page.status_code == 200
    assert "Anna Adler invites you" in page.content.decode()
    form = client.get(reverse("account_signup"), **EN)
    assert form.status_code == 200
    assert "bernd@example.org" in form.content.decode()  # filled in from the invitation
    response = client.post(
        reverse("account_signup"),
        {
            "email": "bernd@example.org",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
        **EN,
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.invitee.email == "bernd@example.org"
    # The link reached the address: no confirmation e-mail needed, Bernd is logged in.
    assert invitation.invitee.emailaddress_set.get().verified
    assert client.session.get("_auth_user_id") == str(invitation.invitee.pk)


@pytest.mark.parametrize("mode", ["invitation", "request"])
def test_a_closed_instance_refuses_sign_up_without_invitation(client, settings, mode):
    settings.SIGNUP_MODE = mode
    response = client.get(reverse("account_signup"), **EN)
    assert response.status_code == 403
    text = response.content.decode()
    assert "invitation" in text
    if mode == "request":
        assert reverse("invitations:join_request") in text
    posted = client.post(
        reverse("account_signup"),
        {"email": "x@example.org", "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD},
    )
    assert posted.status_code == 403
    assert not type(UserFactory()).objects.filter(email="x@example.org").exists()


def test_an_open_instance_lets_anyone_sign_up(client, settings):
    settings.SIGNUP_MODE = "open"
    assert client.get(reverse("account_signup")).status_code == 200


# -- the trust edge ---------------------------------------------------------------------------
def test_the_invitation_edge_is_weaker_than_any_recommendation():
    year = timezone.now().year
    weakest = min(
        weights.recommendation_weight(rel, year, year) for rel in weights.RELATIONSHIP_WEIGHT
    )
    assert 0 < rules.INVITATION_EDGE_WEIGHT < weakest


def test_newcomer_sees_the_network_through_the_inviter_and_can_decline(client):
    anna = established(display_name="Anna Adler")
    carla = established(display_name="Carla Conrad")
    recommend(anna, carla)
    bernd = joined(anna, display_name="Bernd Berger")
    client.force_login(bernd)
    page = client.get(reverse("trust:network"), **EN).content.decode()
    assert "Carla Conrad" in page
    assert "Anna Adler (invited you)" in page
    assert trust_queries.get_trust_scores(anna, [bernd.pk])[bernd.pk] > 0
    invitation = queries.get_received_invitation(bernd)
    response = client.post(reverse("invitations:decline_edge", args=[invitation.pk]), **EN)
    assert response.status_code == 302
    assert trust_queries.get_trust_scores(anna, [bernd.pk])[bernd.pk] == 0
    page = client.get(reverse("trust:network"), **EN).content.decode()
    assert "Carla Conrad" not in page
    assert queries.get_inviter(bernd) == anna  # the tree keeps the branch
    client.post(reverse("invitations:accept_edge", args=[invitation.pk]))
    assert trust_queries.get_trust_scores(anna, [bernd.pk])[bernd.pk] > 0


def test_a_path_through_an_invitation_names_it_for_others(client):
    anna = established(display_name="Anna Adler")
    dora = established(display_name="Dora Dietz")
    recommend(dora, anna)
    bernd = joined(anna, display_name="Bernd Berger")
    paths = trust_queries.get_connection_paths(dora, bernd.pk)
    assert paths and [m.name for m in paths[0].members][1:] == ["Anna Adler", "Bernd Berger"]
    assert paths[0].steps[1].kind == "invited"
    client.force_login(dora)
    html = client.get(reverse("trust:connection", args=[bernd.pk]), **EN).content.decode()
    assert "Anna Adler invited Bernd Berger" in html


def test_a_step_with_a_public_recommendation_shows_it_and_asks_no_invitation(client):
    """Where the inviter also recommended the invitee, the step rests on the recommendation
    (it names its author and words); invitations are asked only for steps without one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    anna = established(display_name="Anna Adler")
    dora = established(display_name="Dora Dietz")
    recommend(dora, anna)
    bernd = joined(anna, display_name="Bernd Berger")
    recommend(anna, bernd)
    trust_queries.get_connection_paths(dora, bernd.pk)  # the graph has taken the changes in
    with CaptureQueriesContext(connection) as queries_run:
        paths = trust_queries.get_connection_paths(dora, bernd.pk)
    assert paths and [m.name for m in paths[0].members][1:] == ["Anna Adler", "Bernd Berger"]
    assert paths[0].steps[1].recommendation is not None and paths[0].steps[1].kind == ""
    table = Invitation._meta.db_table
    assert not [q for q in queries_run.captured_queries if f'"{table}"' in q["sql"]]


def test_an_approved_request_gives_no_edge():
    approver = recommended()
    from goodword.invitations.models import JoinRequest

    request = JoinRequest.objects.create(email="jo@example.org", name="Jo", note="x" * 30)
    invitation = services.approve_join_request(approver, request)
    jo = UserFactory(email="jo@example.org")
    services.accept_invitation(queries.invitation_token(invitation), jo)
    assert queries.get_inviter(jo) == approver
    assert trust_queries.get_trust_scores(approver, [jo.pk])[jo.pk] == 0


def test_full_build_and_replay_agree_on_invitation_edges():
    from goodword.trust.adapter import TrustNetwork

    anna = established()
    bernd = joined(anna)
    built = TrustNetwork()
    built.rebuild()
    replayed = TrustNetwork()
    replayed.rank(anna.pk)
    invitation = queries.get_received_invitation(bernd)
    services.decline_invitation_edge(bernd, invitation)
    services.accept_invitation_edge(bernd, invitation)
    assert replayed.edge(anna.pk, bernd.pk) == pytest.approx(rules.INVITATION_EDGE_WEIGHT)
    assert built.edge(anna.pk, bernd.pk) == pytest.approx(rules.INVITATION_EDGE_WEIGHT)
    assert built.edge(bernd.pk, anna.pk) == pytest.approx(rules.INVITATION_EDGE_WEIGHT)


def test_ask_the_inviter_for_a_recommendation_once(client, django_capture_on_commit_callbacks):
    anna = established(display_name="Anna Adler")
    bernd = joined(anna, display_name="Bernd Berger")
    invitation = queries.get_received_invitation(bernd)
    client.force_login(bernd)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("invitations:ask", args=[invitation.pk]), **EN)
    assert [m.to for m in mail.outbox] == [[anna.email]]
    assert f"subject={bernd.pk}" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        services.ask_for_recommendation(bernd, invitation)
    assert len(mail.outbox) == 1


# -- the wrong member -------------------------------------------------------------------------
def test_only_the_inviter_withdraws_and_only_the_invitee_decides(client):
    anna = established()
    invitation, _token = invite(anna)
    other = established()
    client.force_login(other)
    assert client.post(reverse("invitations:withdraw", args=[invitation.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.withdraw_invitation(other, invitation)
    bernd = joined(anna)
    received = queries.get_received_invitation(bernd)
    for name in ("decline_edge", "accept_edge", "ask"):
        assert client.post(reverse(f"invitations:{name}", args=[received.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.decline_invitation_edge(anna, received)
    invitation.refresh_from_db()
    received.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert received.edge_declined_at is None and received.recommendation_asked_at is None


def test_withdrawing_twice_is_400_not_500(client):
    anna = established()
    invitation, _token = invite(anna)
    client.force_login(anna)
    client.post(reverse("invitations:withdraw", args=[invitation.pk]))
    response = client.post(reverse("invitations:withdraw", args=[invitation.pk]), follow=True)
    assert response.status_code == 200
    assert "already" in response.content.decode() or "bereits" in response.content.decode()


# -- pages ------------------------------------------------------------------------------------
def test_invite_page_flow_with_link_and_tree(client, django_assert_max_num_queries):
    anna = established(display_name="Anna Adler")
    client.force_login(anna)
    page = client.get(reverse("invitations:list"), **EN)
    assert "Nobody has joined through your invitations yet." in page.content.decode()
    response = client.post(
        reverse("invitations:new"), {"channel": "link", "note": "Neighbours for years"}, **EN
    )
    assert response.status_code == 302
    page = client.get(reverse("invitations:list"), **EN).content.decode()
    invitation = Invitation.objects.get()
    assert queries.invitation_url(invitation) in page
    bernd = joined(
        anna, display_name="Bernd Berger", date_joined=timezone.now() - timedelta(days=200)
    )
    joined(bernd, display_name="Clara Clasen")
    with django_assert_max_num_queries(20):
        page = client.get(reverse("invitations:list"), **EN).content.decode()
    assert page.index("Bernd Berger") < page.index("Clara Clasen")


def test_the_form_shows_bad_input_with_400(client):
    anna = established()
    client.force_login(anna)
    response = client.post(
        reverse("invitations:new"), {"channel": "email", "email": "", "note": "Hi"}, **EN
    )
    assert response.status_code == 400
    assert "Please enter the e-mail address" in response.content.decode()
    assert not Invitation.objects.exists()


def test_new_account_sees_why_it_cannot_invite(client):
    client.force_login(UserFactory())
    page = client.get(reverse("invitations:list"), **EN).content.decode()
    assert "New accounts cannot invite yet" in page
    response = client.post(reverse("invitations:new"), {"channel": "link", "note": "Hi"}, **EN)
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_profile_says_who_invited_the_member(client):
    anna = established(display_name="Anna Adler")
    bernd = joined(anna, display_name="Bernd Berger")
    client.force_login(established())
    html = client.get(reverse("accounts:profile", args=[bernd.pk]), **EN).content.decode()
    assert "Invited by" in html and "Anna Adler" in html
    html = client.get(reverse("accounts:profile", args=[anna.pk]), **EN).content.decode()
    assert "Invited by" not in html


# -- sign-up requests -------------------------------------------------------------------------
def test_request_and_approve(client, settings, django_capture_on_commit_callbacks):
    settings.SIGNUP_MODE = "request"
    data = {"name": "Jo Neu", "email": "jo@example.org", "note": "I build furniture in Köln."}
    response = client.post(reverse("invitations:join_request"), data, **EN)
    assert response.status_code == 200
    again = client.post(reverse("invitations:join_request"), data, **EN)
    assert again.status_code == 400  # one request per address waits at a time
    newcomer = UserFactory()
    client.force_login(newcomer)
    assert client.get(reverse("invitations:join_requests")).status_code == 404
    approver = recommended()
    client.force_login(approver)
    page = client.get(reverse("invitations:join_requests"), **EN).content.decode()
    assert "Jo Neu" in page
    request = queries.get_pending_join_requests().get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("invitations:approve_request", args=[request.pk]))
    assert [m.to for m in mail.outbox] == [["jo@example.org"]]
    assert "approved" in mail.outbox[0].body or "genehmigt" in mail.outbox[0].body


def test_join_requests_are_404_when_not_in_request_mode(client, settings):
    settings.SIGNUP_MODE = "open"
    assert client.get(reverse("invitations:join_request")).status_code == 404


# -- moderation -------------------------------------------------------------------------------
def test_a_sanction_tells_the_inviter_only(django_capture_on_commit_callbacks):
    root = established(display_name="Rita Root")
    anna = joined(root, display_name="Anna Adler", date_joined=timezone.now() - timedelta(days=200))
    bernd = joined(anna, display_name="Bernd Berger")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        hooks.run(hooks.MEMBER_SANCTIONED, bernd, "warn", "spam")
    assert [m.to for m in mail.outbox] == [[anna.email]]
    assert "Bernd Berger" in mail.outbox[0].subject
    assert "eine Verwarnung" in mail.outbox[0].body  # in words, in the inviter's language
    assert "Spam oder unerwünschte Werbung" in mail.outbox[0].body


def test_the_deletion_page_explains_the_tree(client):
    client.force_login(established())
    html = client.get(reverse("accounts:delete")).content.decode()
    assert "Der Einladungsbaum behält seine Form" in html


def test_a_branch_with_repeated_sanctions_loses_invitation_rights():
    root = established()
    anna = joined(root, date_joined=timezone.now() - timedelta(days=200))
    _waiting, token = invite(anna)
    first = joined(anna)
    second = joined(root)
    hooks.run(hooks.MEMBER_SANCTIONED, first, "warn", "spam")  # a warning does not count
    assert not InvitationRightsLoss.objects.exists()
    hooks.run(hooks.MEMBER_SANCTIONED, first, "suspend", "spam")
    assert not InvitationRightsLoss.objects.exists()  # one sanctioned member so far
    hooks.run(hooks.MEMBER_SANCTIONED, second, "restrict", "harassment")
    # Root's branch (Anna's invitee and Root's own) now has two: Root loses the right to
    # invite; Anna's branch has one, she keeps it.
    assert queries.has_lost_rights(root) and not queries.has_lost_rights(anna)
    assert queries.get_quota(root).total == 0
    with pytest.raises(ValidationError) as exc:
        invite(root)
    assert exc.value.code == "quota"
    assert queries.refusal(queries.find_invitation(token)) is None  # Anna's link still works


def test_losing_rights_withdraws_waiting_invitations():
    root = established()
    waiting, _token = invite(root)
    for member in (joined(root), joined(root)):
        hooks.run(hooks.MEMBER_SANCTIONED, member, "hide", "spam")
    waiting.refresh_from_db()
    assert waiting.status == InvitationStatus.WITHDRAWN


def test_sanctions_outside_the_window_do_not_count():
    from goodword.invitations.models import BranchSanction

    root = established()
    first, second = joined(root), joined(root)
    hooks.run(hooks.MEMBER_SANCTIONED, first, "suspend", "spam")
    BranchSanction.objects.update(
        created_at=timezone.now() - timedelta(days=rules.BRANCH_WINDOW_DAYS + 1)
    )
    hooks.run(hooks.MEMBER_SANCTIONED, second, "suspend", "spam")
    assert not queries.has_lost_rights(root)


# -- export and deletion ----------------------------------------------------------------------
def test_export_has_sent_and_received_invitations():
    anna = established()
    invite(anna, email="someone@example.org")
    bernd = joined(anna)
    data = export_member_data(anna)
    assert {i["email"] for i in data["invitations_sent"]} >= {"someone@example.org"}
    received = export_member_data(bernd)["invitation_received"]
    assert received["inviter"]["id"] == anna.pk


def test_deleting_keeps_the_tree_shape_and_drops_the_edges():
    root = established()
    anna = joined(root, date_joined=timezone.now() - timedelta(days=200), password="pw-anna-123")
    bernd = joined(anna)
    waiting, _token = invite(anna, email="later@example.org")
    delete_account(anna, password="pw-anna-123")
    tree = queries.get_tree(root)
    assert [n.deleted for n in tree] == [True]
    assert [c.user_id for c in tree[0].children] == [bernd.pk]
    waiting.refresh_from_db()
    assert waiting.status == InvitationStatus.WITHDRAWN and waiting.email == ""
    assert not Invitation.objects.filter(inviter=anna).exclude(note="").exists()
    assert trust_queries.get_trust_scores(root, [bernd.pk])[bernd.pk] == 0


# -- API --------------------------------------------------------------------------------------
def test_api_create_list_withdraw_and_quota(client):
    anna = established()
    headers = auth(anna)
    response = client.post(
        "/api/v1/invitations",
        {"channel": "link", "note": "From the choir"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201
    body = response.json()
    assert body["link"] and "/invitations/join/" in body["link"]
    listed = client.get("/api/v1/invitations", **headers).json()
    assert [i["id"] for i in listed] == [body["id"]]
    quota = client.get("/api/v1/invitations/quota", **headers).json()
    assert quota["in_use"] == 1 and quota["left"] == quota["total"] - 1
    withdrawn = client.post(f"/api/v1/invitations/{body['id']}/withdraw", **headers)
    assert withdrawn.json()["status"] == "withdrawn" and withdrawn.json()["link"] is None
    again = client.post(f"/api/v1/invitations/{body['id']}/withdraw", **headers)
    assert again.status_code == 400


def test_api_bad_input_member_address_and_quota_are_400(client):
    newcomer = UserFactory()
    response = client.post(
        "/api/v1/invitations",
        {"channel": "link", "note": "Hi"},
        content_type="application/json",
        **auth(newcomer),
    )
    assert response.status_code == 400
    assert "New accounts cannot invite" in response.json()["detail"]
    anna = established()
    member = UserFactory()
    response = client.post(
        "/api/v1/invitations",
        {"channel": "email", "email": member.email, "note": "Hi"},
        content_type="application/json",
        **auth(anna),
    )
    assert response.status_code == 400
    assert "already belongs to a member" in response.json()["errors"]["email"][0]
    assert not Invitation.objects.exists()


def test_api_edge_decisions_and_wrong_member(client):
    anna = established()
    bernd = joined(anna)
    invitation = queries.get_received_invitation(bernd)
    got = client.get("/api/v1/invitations/received", **auth(bernd)).json()
    assert got["inviter_id"] == anna.pk and got["trust_edge"] is True
    declined = client.post(f"/api/v1/invitations/{invitation.pk}/edge/decline", **auth(bernd))
    assert declined.json()["trust_edge"] is False
    assert (
        client.post(f"/api/v1/invitations/{invitation.pk}/edge/accept", **auth(anna)).status_code
        == 404
    )
    assert (
        client.post(f"/api/v1/invitations/{invitation.pk}/withdraw", **auth(bernd)).status_code
        == 404
    )
    assert client.get("/api/v1/invitations/received", **auth(anna)).status_code == 404
    assert client.get("/api/v1/invitations", **auth(bernd)).json() == []


def test_the_privilege_table_documents_the_quota():
    from pathlib import Path

    from django.conf import settings

    doc = (Path(__file__).resolve().parents[3] / "docs" / "contact-rules.md").read_text()
    row = next(line for line in doc.splitlines() if line.startswith("| invitations "))
    for number in (
        0,
        rules.QUOTA_BASE,
        rules.QUOTA_RECOMMENDERS_MAX,
        rules.QUOTA_QUARTER_DAYS,
        rules.QUOTA_QUARTERS_MAX,
        settings.NEW_ACCOUNT_DAYS,
    ):
        assert f"{number}" in row
    most = rules.QUOTA_BASE + rules.QUOTA_RECOMMENDERS_MAX + rules.QUOTA_QUARTERS_MAX
    assert f"at most {most}" in row


def test_the_demo_has_accepted_and_waiting_invitations(client):
    from django.core.management import call_command

    from goodword.demo.data import DEMO_EMAIL

    call_command("seed_demo", members=40, seed=7, no_progress=True, verbosity=0)
    demo = type(UserFactory()).objects.get(email=DEMO_EMAIL)
    sent = Invitation.objects.filter(inviter=demo)
    assert sent.filter(status=InvitationStatus.ACCEPTED).count() == 2
    waiting = sent.filter(status=InvitationStatus.PENDING)
    assert waiting.count() == 2 and all(queries.refusal(i) is None for i in waiting)
    assert Invitation.objects.exclude(inviter=demo).filter(status="accepted").exists()
    client.force_login(demo)
    page = client.get(reverse("invitations:list"), **EN).content.decode()
    tree = queries.get_tree(demo)
    assert len(tree) == 2 and all(node.name in page for node in tree)


def test_a_moderator_may_approve_sign_up_requests():
    from goodword.moderation.models import Moderator

    moderator = UserFactory()  # a new account, no recommendation: only the role counts
    assert not queries.is_in_good_standing(moderator)
    Moderator.objects.create(user=moderator)
    assert queries.is_in_good_standing(moderator)
