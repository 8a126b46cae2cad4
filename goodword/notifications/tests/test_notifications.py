import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from goodword.accounts.tests.factories import UserFactory
from goodword.notifications.models import Kind, Notification
from goodword.notifications.services import mark_read, notify
from goodword.notifications.tasks import send_notification_email_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(db):
    return UserFactory(display_name="Anna Autorin")


@pytest.fixture
def bernd(db):
    return UserFactory(display_name="Bernd Beispiel")


def test_notify_creates_a_notification_and_mails_after_commit(
    anna, bernd, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        note = notify(bernd, Kind.RECOMMENDATION_RECEIVED, anna, "/recommendations/#r-1")
        assert mail.outbox == []  # nothing is sent before the commit
    assert len(callbacks) == 1
    assert note.read_at is None
    [message] = mail.outbox
    assert message.to == [bernd.email]
    assert "Anna Autorin hat eine Empfehlung für dich geschrieben" in message.subject
    assert "http://127.0.0.1:8000/recommendations/#r-1" in message.body
    assert "annimmst" in message.body
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_the_mail_uses_the_language_of_the_request(anna, bernd, django_capture_on_commit_callbacks):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notify(bernd, Kind.RECOMMENDATION_EDITED, anna, "/recommendations/")
    [message] = mail.outbox
    assert "Anna Autorin has edited their recommendation for you" in message.subject
    assert "accept it again" in message.body


def test_accepted_notices_send_no_mail(anna, bernd, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(anna, Kind.RECOMMENDATION_ACCEPTED, bernd, "/members/1/")
    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=anna).count() == 1


def test_the_task_sends_at_most_once(anna, bernd):
    note = Notification.objects.create(
        recipient=bernd, actor=anna, kind=Kind.RECOMMENDATION_RECEIVED, url="/x/"
    )
    assert send_notification_email_task.call(note.pk, "de") is True
    assert send_notification_email_task.call(note.pk, "de") is False
    assert send_notification_email_task.call(999999, "de") is False
    assert len(mail.outbox) == 1


def test_no_mail_to_deactivated_members(anna, bernd):
    bernd.is_active = False
    bernd.save()
    note = Notification.objects.create(
        recipient=bernd, actor=anna, kind=Kind.RECOMMENDATION_RECEIVED, url="/x/"
    )
    assert send_notification_email_task.call(note.pk, "de") is False
    assert mail.outbox == []


def test_mark_read_all_or_some(anna, bernd):
    first = notify(bernd, Kind.RECOMMENDATION_ACCEPTED, anna)
    second = notify(bernd, Kind.RECOMMENDATION_ACCEPTED, anna)
    other = notify(anna, Kind.RECOMMENDATION_ACCEPTED, bernd)
    assert mark_read(bernd, [first.pk, other.pk]) == 1  # never someone else's
    assert mark_read(bernd) == 1
    second.refresh_from_db()
    other.refresh_from_db()
    assert second.read_at is not None
    assert other.read_at is None


def test_list_page_and_mark_all_read(client, anna, bernd, django_assert_max_num_queries):
    for _ in range(5):
        notify(bernd, Kind.RECOMMENDATION_ACCEPTED, anna, "/members/1/")
    notify(anna, Kind.RECOMMENDATION_ACCEPTED, bernd, "/members/2/")
    client.force_login(bernd)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("notifications:list"))
    html = response.content.decode()
    assert html.count('class="notification unread"') == 5
    assert "Deine Empfehlung wurde angenommen" in html
    assert "Anna Autorin" in html
    assert "Alle als gelesen markieren" in html
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=bernd, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=anna, read_at__isnull=True).count() == 1
    html = client.get(reverse("notifications:list")).content.decode()
    assert 'class="notification unread"' not in html


def test_list_requires_login(client):
    assert client.get(reverse("notifications:list")).status_code == 302
    assert client.post(reverse("notifications:mark_all_read")).status_code == 302


def test_list_in_english(client, anna, bernd):
    notify(bernd, Kind.RECOMMENDATION_RECEIVED, anna, "/recommendations/")
    client.force_login(bernd)
    html = client.get(reverse("notifications:list"), headers={"accept-language": "en"}).content
    assert b"New recommendation to review" in html


def test_recommendation_mail_respects_the_opt_out_and_offers_one_click_unsubscribe(anna, bernd):
    from goodword.subscriptions.models import MailKind
    from goodword.subscriptions.services import opt_out

    note = Notification.objects.create(
        recipient=bernd, actor=anna, kind=Kind.RECOMMENDATION_RECEIVED, url="/x/"
    )
    assert send_notification_email_task.call(note.pk, "de") is True
    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].strip("<>") in message.body

    opt_out(bernd, MailKind.RECOMMENDATIONS)
    later = Notification.objects.create(
        recipient=bernd, actor=anna, kind=Kind.RECOMMENDATION_EDITED, url="/y/"
    )
    assert send_notification_email_task.call(later.pk, "de") is False
    assert len(mail.outbox) == 1
