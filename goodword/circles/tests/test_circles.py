"""Circles through their pages: found, join, admit, invite, the board, moderation, access."""

import pytest
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory
from goodword.circles import queries, services
from goodword.circles.models import (
    ActionKind,
    Circle,
    CircleAction,
    JoinRequest,
    Membership,
    Post,
    RequestStatus,
    Role,
)
from goodword.messaging.services import block_member
from goodword.messaging.tests.helpers import recommend
from goodword.moderation.models import ModerationAction
from goodword.notifications.models import Kind, Notification

from .factories import VALUES, established, found, join

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
FORM = {
    "name": "Frauen in Führung Köln",
    "purpose": "Wir coachen uns gegenseitig auf dem Weg in die erste Führungsrolle.",
    "values": "Vertraulichkeit\nWir helfen, bevor wir fragen",
    "city": "Köln",
    "access": "open",
    "topics": "Führung, Coaching",
}


@pytest.fixture
def circle(anna):
    return found(anna)


def login(client, user):
    client.force_login(user)
    return client


# -- founding -------------------------------------------------------------------------------
def test_found_a_circle_through_the_page(client, anna):
    established(anna)
    login(client, anna)
    response = client.post(reverse("circles:new"), FORM, **EN)
    circle = Circle.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("circles:detail", args=[circle.pk])
    assert circle.values == ["Vertraulichkeit", "Wir helfen, bevor wir fragen"]
    assert sorted(t.name for t in circle.topics.all()) == ["Coaching", "Führung"]
    founder = Membership.objects.get(circle=circle)
    assert (founder.member, founder.role, founder.agreed_values) == (
        anna,
        Role.FOUNDER,
        circle.values,
    )
    page = client.get(response.url, **EN).content.decode()
    headings = [page.index(f"{h}-heading") for h in ("purpose", "members", "board")]
    assert headings == sorted(headings)
    assert "Vertraulichkeit" in page


def test_new_accounts_cannot_found_a_circle(client, anna):
    login(client, anna)
    page = client.get(reverse("circles:new"), **EN)
    assert "New accounts cannot found a circle yet" in page.content.decode()
    assert client.post(reverse("circles:new"), FORM, **EN).status_code == 403
    assert not Circle.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Please give the circle a name"),
        ({"name": "   "}, "Please give the circle a name"),
        ({"purpose": "kurz"}, "Please describe what members want to achieve together"),
        ({"values": ""}, "Please state 1 to 7 values"),
        ({"values": "\n".join(f"Wert {i}" for i in range(8))}, "Please state 1 to 7 values"),
        ({"values": "Offenheit\noffenheit"}, "Please state each value only once."),
        ({"city": ""}, "Please name the city where the circle meets, or choose online."),
        ({"access": "secret"}, "Please choose whether the circle is open or closed."),
    ],
)
def test_bad_circles_are_400_and_write_nothing(client, anna, change, message):
    established(anna)
    login(client, anna)
    response = client.post(reverse("circles:new"), {**FORM, **change}, **EN)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Circle.objects.exists() and not Membership.objects.exists()


def test_an_online_circle_needs_no_city(anna):
    circle = found(anna, city="", is_online=True)
    assert circle.is_online and circle.city == ""


def test_peers_of_one_profession_are_welcome(anna, maria, sven):
    """No one-per-trade rule: two members of the same profession both join."""
    circle = found(anna)
    for member in (maria, sven):
        member.profile.profession = "Steuerberaterin"
        member.profile.save()
        join(circle, member)
    assert Membership.objects.filter(circle=circle).count() == 3


# -- joining --------------------------------------------------------------------------------
def test_ask_to_join_admit_and_post(client, circle, anna, maria):
    login(client, maria)
    url = reverse("circles:join", args=[circle.pk])
    assert client.post(url, {"note": "Ich möchte mit"}, **EN).status_code == 400  # no agreement
    assert not JoinRequest.objects.exists()
    response = client.post(url, {"agree": "on", "note": "Ich möchte mit"}, **EN)
    assert response.status_code == 302
    request = JoinRequest.objects.get()
    assert request.agreed_values == VALUES
    notice = Notification.objects.get(recipient=anna)
    assert notice.kind == Kind.CIRCLE_JOIN_REQUESTED
    # Joining twice: a clear message, nothing new.
    again = client.post(url, {"agree": "on"}, **EN)
    assert again.status_code == 400
    assert "You already asked to join" in again.content.decode()
    assert JoinRequest.objects.count() == 1
    # Maria may not admit herself (she is not a moderator).
    assert client.post(reverse("circles:admit", args=[request.pk])).status_code == 403

    moderator = login(client.__class__(), anna)
    page = moderator.get(reverse("circles:moderation", args=[circle.pk]), **EN)
    assert "Maria Mittler" in page.content.decode() and "Ich möchte mit" in page.content.decode()
    assert moderator.post(reverse("circles:admit", args=[request.pk])).status_code == 302
    membership = Membership.objects.get(circle=circle, member=maria)
    assert (membership.role, membership.agreed_values, membership.admitted_by) == (
        Role.MEMBER,
        VALUES,
        anna,
    )
    assert Notification.objects.filter(recipient=maria, kind=Kind.CIRCLE_ADMITTED).exists()
    assert CircleAction.objects.filter(kind=ActionKind.ADMIT, member=maria).exists()
    # Admitting again is refused, and joining as a member too.
    assert moderator.post(reverse("circles:admit", args=[request.pk])).status_code == 302
    assert Membership.objects.filter(circle=circle).count() == 2
    assert "already a member" in client.post(url, {"agree": "on"}, **EN).content.decode()

    post = client.post(
        reverse("circles:post", args=[circle.pk]),
        {"intent": "help", "text": "Wer kennt eine gute Steuerberaterin für Coaches?"},
        **EN,
    )
    assert post.status_code == 302
    board = client.get(reverse("circles:detail", args=[circle.pk]), **EN).content.decode()
    assert "Wer kennt eine gute Steuerberaterin" in board and "Asking for help" in board


def test_decline_with_a_reason_the_applicant_sees(client, circle, anna, maria):
    request = services.ask_to_join(circle, maria, agree=True)
    login(client, anna)
    client.post(reverse("circles:decline", args=[request.pk]), {"reason": "Nur für Coaches"})
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    (notice,) = Notification.objects.filter(recipient=maria, kind=Kind.CIRCLE_DECLINED)
    assert notice.url == reverse("circles:detail", args=[circle.pk])
    assert notice.actor is None  # the circle decided; no moderator is named
    login(client, maria)
    page = client.get(reverse("circles:detail", args=[circle.pk]), **EN).content.decode()
    assert "Nur für Coaches" in page
    inbox = client.get(reverse("notifications:list")).content.decode()
    assert "Deine Anfrage, einem Kreis beizutreten, wurde abgelehnt" in inbox


def test_join_request_shows_the_applicants_ties_to_members(circle, anna, maria, sven):
    join(circle, maria)
    recommend(maria, sven)  # a member of the circle recommended the applicant
    services.ask_to_join(circle, sven, agree=True)
    (entry,) = queries.get_pending_requests(circle, anna)
    assert [(p.display_name, kind) for p, kind in entry.ties] == [("Maria Mittler", "recommended")]


# -- closed circles and access -------------------------------------------------------------
def test_closed_circle_is_invisible_outside_and_open_by_invitation(client, anna, maria, sven):
    circle = found(anna, access="closed")
    login(client, sven)
    for name in ("detail", "moderation", "edit"):
        assert client.get(reverse(f"circles:{name}", args=[circle.pk])).status_code == 404
    assert (
        client.post(reverse("circles:join", args=[circle.pk]), {"agree": "on"}).status_code == 404
    )
    assert circle not in [e.circle for e in queries.get_discover_circles(sven, city="Köln")]

    invitation = services.invite(circle, anna, maria, note="Komm dazu")
    login(client, maria)
    page = client.get(reverse("circles:detail", args=[circle.pk]), **EN).content.decode()
    assert "Komm dazu" in page and "Board" not in page
    accept = reverse("circles:accept_invitation", args=[invitation.pk])
    assert client.post(accept, {}, **EN).status_code == 400  # must agree to the values
    assert not Membership.objects.filter(member=maria).exists()
    assert client.post(accept, {"agree": "on"}, **EN).status_code == 302
    assert Membership.objects.get(member=maria).agreed_values == VALUES
    # Sven still sees nothing; nor may he accept Maria's invitation.
    login(client, sven)
    assert client.post(accept, {"agree": "on"}).status_code == 404


def test_posting_needs_membership(client, circle, maria):
    login(client, maria)
    response = client.post(
        reverse("circles:post", args=[circle.pk]), {"intent": "question", "text": "Hallo?"}
    )
    assert response.status_code == 404
    assert not Post.objects.exists()
    with pytest.raises(services.PermissionDenied):
        services.post_to_board(circle, maria, intent="question", text="Hallo?")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"intent": "question", "text": ""}, "Please write 2 to 4000 characters."),
        (
            {"intent": "offer", "text": "Kaufen Sie jetzt!"},
            "Please choose what your post is about.",
        ),
        ({"text": "Ohne Absicht"}, "Please choose what your post is about."),
    ],
)
def test_bad_posts_are_400(client, circle, anna, data, message):
    login(client, anna)
    response = client.post(reverse("circles:post", args=[circle.pk]), data, **EN)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.exists()


def test_the_board_is_strictly_chronological_and_htmx_swaps_it(client, circle, anna, maria):
    join(circle, maria)
    first = services.post_to_board(circle, maria, intent="goal", text="Erstes Ziel")
    second = services.post_to_board(circle, anna, intent="advice", text="Zweiter Rat")
    assert list(queries.get_board(circle, anna)) == [first, second]
    login(client, maria)
    response = client.post(
        reverse("circles:post", args=[circle.pk]),
        {"intent": "report", "text": "Bericht vom Treffen"},
        HTTP_HX_REQUEST="true",
        **EN,
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert body.index("Erstes Ziel") < body.index("Zweiter Rat") < body.index("Bericht vom Treffen")


def test_a_bad_post_through_htmx_shows_the_error_in_the_board(client, circle, anna):
    login(client, anna)
    response = client.post(
        reverse("circles:post", args=[circle.pk]),
        {"intent": "question", "text": ""},
        HTTP_HX_REQUEST="true",
        **EN,
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body  # htmx swaps only 2xx
    assert "Please write 2 to 4000 characters." in body
    assert not Post.objects.exists()


def test_blocks_hold_on_the_board_and_for_invitations(circle, anna, maria, sven):
    join(circle, maria)
    join(circle, sven)
    services.post_to_board(circle, sven, intent="question", text="Von Sven")
    block_member(maria, sven)
    assert [p.text for p in queries.get_board(circle, maria)] == []
    assert [p.text for p in queries.get_board(circle, sven)] == ["Von Sven"]
    other = found(anna, name="Zweiter Kreis")
    block_member(sven, anna)
    with pytest.raises(services.PermissionDenied):
        services.invite(other, anna, sven)


@pytest.mark.parametrize("who_blocks", ["maria", "sven"])
def test_the_member_list_leaves_out_members_blocked_either_way(
    client, circle, anna, maria, sven, who_blocks
):
    join(circle, maria)
    join(circle, sven)
    sven.profile.display_name = "Sven Gesperrt"
    sven.profile.save()
    if who_blocks == "maria":
        block_member(maria, sven)
    else:
        block_member(sven, maria)
    names = [e.profile.user_id for e in queries.get_members(circle, maria)]
    assert sven.pk not in names and anna.pk in names
    login(client, maria)
    page = client.get(reverse("circles:detail", args=[circle.pk])).content.decode()
    assert "Sven Gesperrt" not in page
    # A moderator sees every member on the moderation page, to be able to remove anyone.
    block_member(anna, sven)
    login(client, anna)
    page = client.get(reverse("circles:moderation", args=[circle.pk])).content.decode()
    assert "Sven Gesperrt" in page
    assert sven.pk not in [e.profile.user_id for e in queries.get_members(circle, anna)]


# -- moderation -----------------------------------------------------------------------------
def test_remove_a_post_with_a_reason(client, circle, anna, maria):
    join(circle, maria)
    post = services.post_to_board(circle, anna, intent="advice", text="Werbung für mein Buch")
    login(client, maria)
    url = reverse("circles:remove_post", args=[post.pk])
    assert client.post(url, {"ground": "spam", "reason": "Das ist Werbung"}).status_code == 403
    login(client, anna)
    assert client.post(url, {"ground": "spam", "reason": ""}, **EN).status_code == 400
    no_ground = client.post(url, {"reason": "Das ist Werbung"}, **EN)
    assert no_ground.status_code == 400
    assert "Please choose one of the grounds" in no_ground.content.decode()
    post.refresh_from_db()
    assert post.removed_at is None and not ModerationAction.objects.exists()
    assert client.post(url, {"ground": "spam", "reason": "Das ist Werbung"}).status_code == 302
    post.refresh_from_db()
    assert post.removed_at and post.removal_reason == "Das ist Werbung"
    assert CircleAction.objects.get(kind=ActionKind.REMOVE_POST).reason == "Das ist Werbung"
    logged = ModerationAction.objects.get()
    assert (logged.action, logged.ground, logged.member, logged.source, logged.content_kind) == (
        "remove",
        "spam",
        anna,
        "circles",
        "circle_post",
    )
    page = client.get(reverse("circles:detail", args=[circle.pk]), **EN).content.decode()
    assert "Werbung für mein Buch" not in page and "Das ist Werbung" in page


def test_remove_a_member_and_they_cannot_ask_again(client, circle, anna, maria, sven):
    join(circle, maria)
    join(circle, sven)
    url = reverse("circles:remove_member", args=[circle.pk, sven.pk])
    login(client, maria)
    data = {"ground": "harassment", "reason": "Hat andere beleidigt"}
    assert client.post(url, data).status_code == 403
    login(client, anna)
    assert client.post(url, data).status_code == 302
    assert ModerationAction.objects.get().content_kind == "circle_membership"
    assert not Membership.objects.filter(circle=circle, member=sven).exists()
    with pytest.raises(services.PermissionDenied):
        services.ask_to_join(circle, sven, agree=True)
    # The founder cannot be removed.
    services.set_moderator(circle, anna, maria, moderator=True)
    with pytest.raises(services.PermissionDenied):
        services.remove_member(circle, maria, anna, ground="rules", reason="Putsch im Kreis")


def test_founder_appoints_moderators_who_then_admit(client, circle, anna, maria, sven):
    join(circle, maria)
    login(client, maria)
    role = reverse("circles:member_role", args=[circle.pk, maria.pk])
    assert client.post(role, {"role": "moderator"}).status_code == 403
    login(client, anna)
    client.post(role, {"role": "moderator"})
    assert Membership.objects.get(member=maria).role == Role.MODERATOR
    request = services.ask_to_join(circle, sven, agree=True)
    services.admit(request, maria)
    assert Membership.objects.filter(circle=circle, member=sven).exists()


def test_edit_the_circle(client, circle, anna, maria):
    join(circle, maria)
    url = reverse("circles:edit", args=[circle.pk])
    login(client, maria)
    assert client.get(url).status_code == 403
    login(client, anna)
    response = client.post(url, {**FORM, "name": "Neuer Name", "values": "Nur ein Wert"})
    assert response.status_code == 302
    circle.refresh_from_db()
    assert circle.name == "Neuer Name" and circle.values == ["Nur ein Wert"]
    # Members keep the values they agreed to.
    assert Membership.objects.get(member=maria).agreed_values == VALUES


# -- lists ----------------------------------------------------------------------------------
def test_discovery_orders_by_trust_never_by_size(anna, maria, sven, outsider):
    big = found(UserFactory(display_name="Bea Big"), name="Großer Kreis")
    for _ in range(4):
        join(big, UserFactory())
    small = found(maria, name="Kleiner Kreis")
    recommend(anna, maria)  # Anna trusts Maria, the founder of the small circle
    anna.profile.city = "Köln"
    anna.profile.save()
    entries = queries.get_discover_circles(anna)
    assert [e.circle for e in entries] == [small, big]
    assert [p.display_name for p in entries[0].known_members] == ["Maria Mittler"]
    join(small, anna)
    assert [e.circle for e in queries.get_discover_circles(anna)] == [big]
    assert queries.get_my_circles(anna) == [small]


def test_my_circles_page(client, circle, anna):
    login(client, anna)
    page = client.get(reverse("circles:list"), **EN).content.decode()
    assert circle.name in page


# -- export and deletion --------------------------------------------------------------------
def test_export_and_erase(circle, anna, maria):
    from goodword.circles.hooks import export_circles, leave_all_circles

    join(circle, maria)
    services.post_to_board(circle, maria, intent="goal", text="Mein Ziel")
    exported = export_circles(maria)
    assert exported["circles"][0]["agreed_values"] == VALUES
    assert exported["circle_posts"][0]["text"] == "Mein Ziel"
    leave_all_circles(anna)  # the founder goes: the circle passes to Maria
    circle.refresh_from_db()
    assert circle.founder == maria
    assert Membership.objects.get(circle=circle).role == Role.FOUNDER
    leave_all_circles(maria)
    assert not Circle.objects.filter(pk=circle.pk).exists()


def test_circle_page_queries_do_not_grow_with_members_and_posts(client, circle, anna):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, anna)
    url = reverse("circles:detail", args=[circle.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries_run:
            assert client.get(url).status_code == 200
        return len(queries_run)

    join(circle, UserFactory())
    services.post_to_board(circle, anna, intent="goal", text="Ein Ziel")
    count()  # the first request also loads the session and syncs the trust graph
    few = count()
    for _ in range(4):
        member = UserFactory()
        join(circle, member)
        services.post_to_board(circle, member, intent="question", text="Eine Frage")
    count()
    assert count() == few


def test_withdraw_leave_and_decline_an_invitation(client, circle, anna, maria, sven):
    services.ask_to_join(circle, maria, agree=True)
    login(client, maria)
    client.post(reverse("circles:withdraw", args=[circle.pk]))
    assert JoinRequest.objects.get().status == RequestStatus.WITHDRAWN
    join(circle, maria)
    assert client.post(reverse("circles:leave", args=[circle.pk])).status_code == 302
    assert not Membership.objects.filter(member=maria).exists()
    login(client, anna)  # the founder cannot leave: the circle would have nobody holding it
    client.post(reverse("circles:leave", args=[circle.pk]))
    assert Membership.objects.filter(member=anna, role=Role.FOUNDER).exists()
    invitation = services.invite(circle, anna, sven)
    login(client, sven)
    client.post(reverse("circles:decline_invitation", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert not Membership.objects.filter(member=sven).exists()


def test_the_circle_page_speaks_german(client, circle, anna):
    login(client, anna)
    page = client.get(reverse("circles:detail", args=[circle.pk]), HTTP_ACCEPT_LANGUAGE="de")
    body = page.content.decode()
    assert "Pinnwand" in body and "Unsere Werte" in body and "Gründer*in" in body
