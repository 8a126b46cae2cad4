"""The authorisation matrix: anonymous, another member, the owner and a moderator against every
HTML view and every API operation, discovered from the URL resolver and the OpenAPI schema, so
that a route added tomorrow is covered without touching this file.

The owner's private things each carry a unique marker text (a pending recommendation, a message,
a request for their network only, an answer, a referral, an introduction note, a report, an API
token's name, the e-mail address). A leak is:

- a response to someone not entitled to a marker that contains it (any method, any status), or
- a write by someone else (GET or POST, then PUT/PATCH/DELETE in the API, with a plausible body)
  that changes one of the owner's things;

and no role ever gets a 5xx. A route whose path parameter this file cannot fill makes the test
fail, naming the parameter: add it to `PARAMS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from goodword.accounts.models import Profile
from goodword.accounts.tests.factories import UserFactory
from goodword.api.models import ApiToken
from goodword.api.services import create_token
from goodword.asks.models import Answer, AnswerKind, Ask, Visibility
from goodword.circles.models import (
    Circle,
    CircleInvitation,
    JoinRequest,
    Membership,
    Post,
)
from goodword.introductions.models import Introduction
from goodword.invitations.models import Invitation as SignupInvitation
from goodword.invitations.models import JoinRequest as SignupRequest
from goodword.meetings.models import (
    CalendarFeed,
    Goal,
    GroupMember,
    Meeting,
    MeetingGroup,
    OneToOne,
    ProposedTime,
    Rsvp,
)
from goodword.meetings.services import create_calendar_feed
from goodword.messaging.models import Conversation, Message, Participant, Report
from goodword.moderation.models import Action, Appeal, Ground, ModerationAction
from goodword.moderation.services import grant_moderator
from goodword.notifications.models import Kind, Notification
from goodword.projects.models import Application, IntroRequest, Project, Seat, Support
from goodword.recommendations.models import Recommendation, Status
from goodword.referrals.models import Referral
from goodword.topics.services import get_or_create_topic
from goodword.trust.models import TrustMark

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "other", "owner", "moderator")
# Who may read which marker (the owner may read all of them).
MARKERS = {
    "MATRIXRECOMMENDATION": set(),
    "MATRIXMESSAGE": set(),
    "MATRIXREQUEST": set(),
    "MATRIXANSWER": set(),
    "MATRIXREFERRAL": set(),
    "MATRIXINTRODUCTION": set(),
    "MATRIXREPORT": {"moderator"},  # moderators read reports (queue and admin)
    "MATRIXAPPEAL": {"moderator"},  # moderators read appeals
    "MATRIXTOKEN": set(),
    "MATRIXPROJECT": set(),  # a project for the owner's network, which "other" is not in
    "MATRIXAPPLICATION": set(),
    "MATRIXSUPPORT": set(),  # waiting for the owner's consent
    "MATRIXINVITATION": set(),
    "matrix.invitee@goodword.test": set(),
    "MATRIXJOINREQUEST": {"moderator"},  # approvers read sign-up requests (request mode only)
    "MATRIXCIRCLE": set(),  # a closed circle's name: only its members see it
    "MATRIXMEETING": set(),  # a meeting of that circle: only its members see it
    "MATRIXGOAL": set(),  # a growth-round goal at that meeting
    "MATRIXTEAMMEETING": set(),  # a meeting of the owner's project team (a meeting group)
    "MATRIXONETOONE": set(),  # a one-to-one's note: only the two members see it
    "MATRIXPOST": set(),  # its board
    "owner.matrix@goodword.test": set(),
}
# Parts of the site outside this matrix, with the reason.
SKIPPED_PREFIXES = (
    "/static/",  # files, no data
    "/api/",  # covered below from the OpenAPI schema
)
ADMIN_MODELS_WITH_OBJECTS = {
    "messaging_report": "report",
    "messaging_conversation": "conversation",
    "messaging_message": "message",
    "recommendations_recommendation": "recommendation",
    "accounts_user": "owner",
}


@dataclass
class World:
    owner: object
    partner: object
    third: object
    other: object
    moderator: object
    objects: dict
    tokens: dict


@pytest.fixture
def world() -> World:
    owner = UserFactory(display_name="Olga Owner", email="owner.matrix@goodword.test")
    partner = UserFactory(display_name="Paul Partner")
    third = UserFactory(display_name="Quirin Dritter")
    other = UserFactory(display_name="Xaver Fremd")
    moderator = UserFactory(display_name="Mona Moderation", is_staff=True)
    moderator.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="messaging", codename__in=["view_report", "change_report"]
        )
    )
    recommendation = Recommendation.objects.create(
        author=owner,
        subject=partner,
        text="Pending and private: MATRIXRECOMMENDATION",
        text_html="<p>Pending and private: MATRIXRECOMMENDATION</p>",
        relationship="colleague",
        known_since=2020,
        status=Status.PENDING,
    )
    conversation = Conversation.objects.create(started_by=owner, origin="direct")
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=u) for u in (owner, partner)]
    )
    message = Message.objects.create(
        conversation=conversation, sender=owner, intent="question", text="Hi MATRIXMESSAGE"
    )
    ask = Ask.objects.create(
        author=owner,
        title="Suche Hilfe",
        text="Only for my network: MATRIXREQUEST",
        city="Köln",
        visibility=Visibility.NETWORK,
    )
    answer = Answer.objects.create(
        ask=ask, author=partner, kind=AnswerKind.OFFER, text="I can help MATRIXANSWER"
    )
    referral = Referral.objects.create(
        giver=owner, receiver=partner, need="MATRIXREFERRAL needs a roof", contact_name="Kunde"
    )
    introduction = Introduction.objects.create(
        introducer=owner, member_a=partner, member_b=third, note="Meet: MATRIXINTRODUCTION"
    )
    report = Report.objects.create(
        reporter=owner,
        reported=partner,
        conversation=conversation,
        reason="spam",
        note="MATRIXREPORT",
    )
    grant_moderator(moderator)
    decision = ModerationAction.objects.create(
        action=Action.WARN, ground=Ground.SPAM, reason="Public reason", member=owner
    )
    appeal = Appeal.objects.create(action=decision, member=owner, text="MATRIXAPPEAL")
    mark = TrustMark.objects.create(marker=owner, member=partner, level="would_not_recommend")
    notification = Notification.objects.create(
        recipient=owner, actor=partner, kind=Kind.MESSAGE_RECEIVED, url="/messages/"
    )
    now = timezone.now()
    signup_invitation = SignupInvitation.objects.create(
        inviter=owner,
        channel="email",
        email="matrix.invitee@goodword.test",
        note="We met at MATRIXINVITATION",
        nonce="matrix",
        token_hash="matrix-hash",
        expires_at=now + timedelta(days=14),
    )
    signup_received = SignupInvitation.objects.create(
        inviter=partner,
        invitee=owner,
        channel="link",
        status="accepted",
        accepted_at=now,
        nonce="matrix2",
        token_hash="matrix-hash-2",
        expires_at=now + timedelta(days=14),
    )
    signup_request = SignupRequest.objects.create(
        email="someone.matrix@goodword.test", name="Jo", note="MATRIXJOINREQUEST about me"
    )
    circle = Circle.objects.create(
        name="Closed MATRIXCIRCLE",
        purpose="Only for us",
        values=["Trust"],
        city="Köln",
        access="closed",
        founder=owner,
    )
    Membership.objects.create(
        circle=circle,
        member=owner,
        role="founder",
        joined_via="founded",
        agreed_at=owner.date_joined,
    )
    post = Post.objects.create(circle=circle, author=owner, intent="goal", text="MATRIXPOST")
    join_request = JoinRequest.objects.create(circle=circle, applicant=partner)
    invitation = CircleInvitation.objects.create(circle=circle, invitee=third, invited_by=owner)
    starts = timezone.now() + timedelta(days=2)
    meeting = Meeting.objects.create(
        circle=circle,
        organiser=owner,
        title="MATRIXMEETING",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Köln",
        capacity=5,
    )
    Rsvp.objects.create(meeting=meeting, member=owner, answer="yes", answered_at=starts)
    Goal.objects.create(meeting=meeting, member=owner, text="MATRIXGOAL")
    one_to_one = OneToOne.objects.create(proposer=owner, invitee=partner, note="MATRIXONETOONE")
    ProposedTime.objects.create(one_to_one=one_to_one, starts_at=starts)
    create_calendar_feed(owner)
    token, _ = create_token(owner, "MATRIXTOKEN")
    team_group = MeetingGroup.objects.create(name="Matrixteam", home_path="/projects/")
    GroupMember.objects.create(group=team_group, member=owner, is_host=True)
    Meeting.objects.create(
        group=team_group,
        organiser=owner,
        title="MATRIXTEAMMEETING",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        online_url="https://meet.example.org/matrix",
    )
    project = Project.objects.create(
        meeting_group=team_group,
        owner=owner,
        title="Matrixprojekt",
        problem="Only for my network: MATRIXPROJECT",
        why_important="x" * 20,
        why_solvable="x" * 20,
        why_me="x" * 20,
        starts_on="2026-01-01",
        ends_on="2099-01-01",
        remote=True,
        pay="unpaid",
        visibility="network",
    )
    seat = Seat.objects.create(project=project, topic=get_or_create_topic("Matrix"))
    application = Application.objects.create(
        seat=seat, member=partner, kind="ask", text="Let me join MATRIXAPPLICATION"
    )
    support = Support.objects.create(project=project, author=partner, text="MATRIXSUPPORT")
    intro_request = IntroRequest.objects.create(
        seat=seat, candidate=third, contact=partner, note="MATRIXPROJECT introduce us"
    )
    tokens = {
        role: create_token(user, "matrix")[1]
        for role, user in (("other", other), ("owner", owner), ("moderator", moderator))
    }
    objects = {
        "recommendation": recommendation,
        "conversation": conversation,
        "message": message,
        "ask": ask,
        "answer": answer,
        "referral": referral,
        "introduction": introduction,
        "report": report,
        "action": decision,
        "appeal": appeal,
        "mark": mark,
        "notification": notification,
        "token": token,
        "owner": owner,
        "project": project,
        "seat": seat,
        "application": application,
        "support": support,
        "intro_request": intro_request,
        "signup_invitation": signup_invitation,
        "signup_received": signup_received,
        "signup_request": signup_request,
        "circle": circle,
        "post": post,
        "join_request": join_request,
        "invitation": invitation,
        "meeting": meeting,
        "one_to_one": one_to_one,
    }
    return World(owner, partner, third, other, moderator, objects, tokens)


# How to fill a path parameter, by name: the owner's thing, so that others are tested on it.
PARAMS = {
    "user_id": lambda w: w.owner.pk,
    "member_id": lambda w: w.owner.pk,
    "recommendation_id": lambda w: w.objects["recommendation"].pk,
    "conversation_id": lambda w: w.objects["conversation"].pk,
    "ask_id": lambda w: w.objects["ask"].pk,
    "answer_id": lambda w: w.objects["answer"].pk,
    "referral_id": lambda w: w.objects["referral"].pk,
    "introduction_id": lambda w: w.objects["introduction"].pk,
    "token_id": lambda w: w.objects["token"].pk,
    "notification_id": lambda w: w.objects["notification"].pk,
    "project_id": lambda w: w.objects["project"].pk,
    "seat_id": lambda w: w.objects["seat"].pk,
    "application_id": lambda w: w.objects["application"].pk,
    "support_id": lambda w: w.objects["support"].pk,
    "intro_request_id": lambda w: w.objects["intro_request"].pk,
    "signup_invitation_id": lambda w: w.objects["signup_invitation"].pk,
    "signup_request_id": lambda w: w.objects["signup_request"].pk,
    "action_id": lambda w: w.objects["action"].pk,
    "appeal_id": lambda w: w.objects["appeal"].pk,
    "circle_id": lambda w: w.objects["circle"].pk,
    "post_id": lambda w: w.objects["post"].pk,
    "request_id": lambda w: w.objects["join_request"].pk,
    "invitation_id": lambda w: w.objects["invitation"].pk,
    "meeting_id": lambda w: w.objects["meeting"].pk,
    "one_to_one_id": lambda w: w.objects["one_to_one"].pk,
    # Secrets in links sent by e-mail: a wrong one must reveal nothing.
    "token": lambda w: "not-a-valid-token",
    "secret": lambda w: "not-a-valid-secret",  # a calendar feed's address
    "key": lambda w: "not-a-valid-key",
    "uidb36": lambda w: "zz",
    # The admin: the report app's pages (moderators' work) and the catch-all.
    "app_label": lambda w: "messaging",
    "id": lambda w: w.owner.pk,  # the admin's password change of a user
    "content_type_id": lambda w: ContentType.objects.get_for_model(Report).pk,
    "url": lambda w: "nothing-here/",
    # Uploaded files (development only; the proxy serves them in production).
    "path": lambda w: "portraits/nothing-here.jpg",
}


def fingerprint(w: World) -> dict:
    """Everything about the owner's things that someone else must not be able to change."""
    o = w.objects
    return {
        "recommendation": Recommendation.objects.filter(pk=o["recommendation"].pk)
        .values("status", "text")
        .first(),
        "messages": list(
            Message.objects.filter(conversation=o["conversation"]).values_list("sender", "text")
        ),
        "participants": sorted(
            Participant.objects.filter(conversation=o["conversation"]).values_list(
                "user", flat=True
            )
        ),
        "ask": Ask.objects.filter(pk=o["ask"].pk).values("status", "text", "title").first(),
        "answer": Answer.objects.filter(pk=o["answer"].pk).values("status", "text").first(),
        "referral": Referral.objects.filter(pk=o["referral"].pk)
        .values("status", "need", "amount")
        .first(),
        "introduction": Introduction.objects.filter(pk=o["introduction"].pk)
        .values("status", "answer_a", "answer_b", "note")
        .first(),
        "report": Report.objects.filter(pk=o["report"].pk).values("status", "note").first(),
        "appeal": Appeal.objects.filter(pk=o["appeal"].pk).values("text", "decided_at").first(),
        "decision": ModerationAction.objects.filter(pk=o["action"].pk).values("lifted_at").first(),
        "mark": TrustMark.objects.filter(marker=w.owner).values_list("member", "level").first(),
        "notification_read": Notification.objects.filter(pk=o["notification"].pk)
        .values_list("read_at", flat=True)
        .first(),
        "tokens": sorted(ApiToken.objects.filter(user=w.owner).values_list("name", flat=True)),
        "project": Project.objects.filter(pk=o["project"].pk)
        .values("status", "title", "problem", "owner_task")
        .first(),
        "seats": sorted(
            Seat.objects.filter(project=o["project"]).values_list("pk", "member", "task")
        ),
        "application": Application.objects.filter(pk=o["application"].pk).values("status").first(),
        "support": Support.objects.filter(pk=o["support"].pk).values("status").first(),
        "intro_request": IntroRequest.objects.filter(pk=o["intro_request"].pk)
        .values("status")
        .first(),
        "signup_invitations": sorted(
            SignupInvitation.objects.filter(
                pk__in=[o["signup_invitation"].pk, o["signup_received"].pk]
            ).values_list("pk", "status", "note", "edge_declined_at", "recommendation_asked_at")
        ),
        "signup_request": SignupRequest.objects.filter(pk=o["signup_request"].pk)
        .values_list("status", flat=True)
        .first(),
        "profile": Profile.objects.filter(user=w.owner)
        .values("display_name", "city", "profession", "looking_for")
        .first(),
        "owner_active": type(w.owner).objects.filter(pk=w.owner.pk, is_active=True).exists(),
        "owner_email": type(w.owner).objects.filter(pk=w.owner.pk).values_list("email").first(),
        "circle": Circle.objects.filter(pk=o["circle"].pk)
        .values("name", "values", "access")
        .first(),
        "circle_members": sorted(
            Membership.objects.filter(circle=o["circle"]).values_list("member", "role")
        ),
        "circle_posts": list(
            Post.objects.filter(circle=o["circle"]).values_list("text", "removed_at")
        ),
        "circle_requests": list(
            JoinRequest.objects.filter(circle=o["circle"]).values_list("applicant", "status")
        ),
        "circle_invitations": list(
            CircleInvitation.objects.filter(circle=o["circle"]).values_list("invitee", "status")
        ),
        "meeting": Meeting.objects.filter(pk=o["meeting"].pk)
        .values("title", "status", "sequence", "starts_at", "capacity")
        .first(),
        "meeting_rsvps": sorted(
            Rsvp.objects.filter(meeting=o["meeting"]).values_list("member", "answer", "waiting")
        ),
        "meeting_goals": sorted(
            Goal.objects.filter(meeting=o["meeting"]).values_list("member", "text")
        ),
        "one_to_one": OneToOne.objects.filter(pk=o["one_to_one"].pk)
        .values("status", "starts_at", "proposer_knows_at", "invitee_knows_at")
        .first(),
        "calendar_feed": CalendarFeed.objects.filter(member=w.owner)
        .values_list("token_hash", flat=True)
        .first(),
    }


class Clients:
    """One client per role, logged in (pages) or carrying the role's token (API). A page that
    logs its visitor out (a POST to log-out) gets them logged in again before the next request."""

    def __init__(self, w: World, api_call: bool):
        self.w, self.api_call = w, api_call
        self.clients = {role: Client(raise_request_exception=False) for role in ROLES}
        for role in ROLES[1:]:
            if api_call:
                self.clients[role].defaults["HTTP_AUTHORIZATION"] = f"Bearer {w.tokens[role]}"

    def __getitem__(self, role: str) -> Client:
        client = self.clients[role]
        if role != "anonymous" and not self.api_call and "_auth_user_id" not in client.session:
            client.force_login(
                {"other": self.w.other, "owner": self.w.owner, "moderator": self.w.moderator}[role]
            )
        return client


def check(w: World, role: str, response, where: str, baseline: dict) -> list[str]:
    problems = []
    if response.status_code >= 500:
        problems.append(f"{where} server error")
    if found := leaks(role, response.content):
        problems.append(f"{where} shows {found}")
    if role != "owner" and fingerprint(w) != baseline:
        problems.append(f"{where} changed the owner's things")
    return problems


def leaks(role: str, body: bytes) -> list[str]:
    text = body.decode("utf-8", "replace")
    return [
        m for m, allowed in MARKERS.items() if role != "owner" and role not in allowed and m in text
    ]


def html_routes(w: World) -> tuple[list[tuple[str, str]], list[str]]:
    """(route name or pattern, concrete path) for every URL pattern; and the unfillable ones."""
    routes, unfilled = [], []

    def walk(patterns, prefix_regex: str, namespace: str):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace + (p.namespace + ":" if p.namespace else "")
                walk(p.url_patterns, prefix_regex + p.pattern.regex.pattern.lstrip("^"), ns)
            elif isinstance(p, URLPattern):
                full = prefix_regex + p.pattern.regex.pattern.lstrip("^")
                routes_for(p, full, namespace)

    def routes_for(p: URLPattern, full_regex: str, namespace: str):
        names = re.findall(r"\(\?P<(\w+)>", full_regex)
        label = f"{namespace}{p.name}" if p.name else full_regex
        kwargs = {}
        for name in names:
            if name == "object_id" and label == "admin:view_on_site":
                kwargs[name] = w.objects["report"].pk
            elif name == "object_id":
                model = re.match(r"admin:(\w+)_(change|delete|history)$", label)
                key = ADMIN_MODELS_WITH_OBJECTS.get(model.group(1)) if model else None
                if key is None:
                    return  # an admin object page of a model the scenario has no object of
                kwargs[name] = w.objects[key].pk
            elif name in PARAMS:
                kwargs[name] = PARAMS[name](w)
            else:
                unfilled.append(f"{label} ({name})")
                return
        path = reverse(label, kwargs=kwargs) if p.name else "/" + _fill(full_regex, kwargs)
        if not path.startswith(SKIPPED_PREFIXES):
            routes.append((label, path))

    walk(get_resolver().url_patterns, "", "")
    return routes, unfilled


def _fill(regex: str, kwargs: dict) -> str:
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), regex)
    return path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")


def test_every_html_view_keeps_the_owners_things_to_the_owner(world):
    routes, unfilled = html_routes(world)
    assert not unfilled, f"add these path parameters to PARAMS: {unfilled}"
    assert len(routes) > 40
    clients = Clients(world, api_call=False)
    problems = []
    baseline = fingerprint(world)
    for label, path in routes:
        for role in ROLES:
            methods = ("get",) if role == "owner" else ("get", "post")
            for method in methods:
                response = getattr(clients[role], method)(path)
                where = f"{method.upper()} {path} [{label}] as {role}: {response.status_code}"
                problems += check(world, role, response, where, baseline)
                baseline = fingerprint(world)  # the owner's own visits may change things
    assert not problems, "\n".join(problems)


def example(schema: dict, components: dict, w: World):
    """A plausible value for a JSON schema: ids name the owner's things, texts are long enough
    to pass validation, so that a missing permission check would show as a change."""
    if "$ref" in schema:
        return example(components[schema["$ref"].rsplit("/", 1)[1]], components, w)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return example(options[0], components, w)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {
            name: example_for(name, sub, components, w)
            for name, sub in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [example(schema.get("items", {}), components, w)]
    if kind == "integer":
        return 2020
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return True
    return "Matrix probe: a plausible text that is long enough for every form."


def example_for(name: str, schema: dict, components: dict, w: World):
    base = name.removesuffix("s") if name.endswith("_ids") else name
    if base.endswith("_id"):
        key = base.removesuffix("_id")
        value = w.objects[key].pk if key in w.objects else w.owner.pk
        return [value] if name.endswith("_ids") else value
    return example(schema, components, w)


def api_operations(w: World) -> list[tuple[str, str, str, dict | None]]:
    schema = Client().get("/api/v1/openapi.json").json()
    components = schema.get("components", {}).get("schemas", {})
    operations = []
    for template, item in schema["paths"].items():
        for method, operation in item.items():
            path = template
            for name in re.findall(r"{(\w+)}", template):
                assert name in PARAMS, f"add the API path parameter {name!r} to PARAMS"
                path = path.replace("{" + name + "}", str(PARAMS[name](w)))
            body = None
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = example(content["application/json"]["schema"], components, w)
            operations.append((operation.get("operationId", template), method, path, body))
    return operations


def test_every_api_operation_keeps_the_owners_things_to_the_owner(world):
    operations = api_operations(world)
    assert len(operations) > 40
    clients = Clients(world, api_call=True)
    problems = []
    baseline = fingerprint(world)
    for operation_id, method, path, body in operations:
        for role in ROLES:
            if role == "owner" and method != "get":
                continue
            call = getattr(clients[role], method)
            if body is None:
                response = call(path)
            else:
                response = call(path, body, content_type="application/json")
            where = f"{method.upper()} {path} [{operation_id}] as {role}: {response.status_code}"
            problems += check(world, role, response, where, baseline)
            if role == "anonymous" and response.status_code != 401:
                problems.append(f"{where} answered without authentication")
            baseline = fingerprint(world)
    assert not problems, "\n".join(problems)


def test_the_matrix_notices_a_leak(world):
    """The check itself can fail: a view that printed the owner's message to anyone is caught."""
    assert leaks("other", b"... Hi MATRIXMESSAGE ...") == ["MATRIXMESSAGE"]
    assert leaks("moderator", b"MATRIXREPORT") == []
    assert leaks("owner", b"MATRIXTOKEN") == []
    before = fingerprint(world)
    Message.objects.filter(pk=world.objects["message"].pk).update(text="changed")
    assert fingerprint(world) != before
