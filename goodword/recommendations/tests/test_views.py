import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from goodword.recommendations.models import Recommendation, Status

from .factories import RecommendationFactory

pytestmark = pytest.mark.django_db

ACTIONS = ["accept", "decline", "hide", "unhide", "withdraw"]


def form_data(subject, **overrides):
    data = {
        "subject": subject.pk,
        "text": "Bernd hat unsere Werkstatt mit viel Geduld neu organisiert.",
        "topics": "Organisation, Werkstatt",
        "relationship": "worked_together",
        "known_since": "2018",
    }
    data.update(overrides)
    return data


# --- create ---------------------------------------------------------------------------------


def test_create_form_is_shown_with_labels(client, author, subject):
    client.force_login(author)
    response = client.get(reverse("recommendations:create"), {"subject": subject.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ein gutes Wort für Bernd Beispiel einlegen" in html
    for field in ("text", "topics", "relationship", "known_since"):
        assert f'<label for="id_{field}">' in html
    assert 'aria-describedby="id_text_helptext"' in html


def test_create_requires_login(client, subject):
    url = reverse("recommendations:create") + f"?subject={subject.pk}"
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("subject_param", ["", "abc", "999999"])
def test_create_without_a_valid_subject_is_404(client, author, subject_param):
    client.force_login(author)
    response = client.get(reverse("recommendations:create"), {"subject": subject_param})
    assert response.status_code == 404


def test_create_for_yourself_explains_why_not(client, author):
    client.force_login(author)
    response = client.get(reverse("recommendations:create"), {"subject": author.pk})
    assert "Du kannst dich nicht selbst empfehlen." in response.content.decode()
    assert 'name="text"' not in response.content.decode()
    response = client.post(reverse("recommendations:create"), form_data(author))
    assert response.status_code == 400
    assert not Recommendation.objects.exists()


def test_create_posts_through_the_service(
    client, author, subject, django_capture_on_commit_callbacks
):
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("recommendations:create"), form_data(subject))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile", args=[subject.pk])
    rec = Recommendation.objects.get()
    assert (rec.author, rec.subject, rec.status) == (author, subject, Status.PENDING)
    assert len(mail.outbox) == 1


def test_create_errors_are_shown_on_the_fields_in_german(client, author, subject):
    client.force_login(author)
    response = client.post(
        reverse("recommendations:create"),
        form_data(subject, text="kurz", topics="", known_since="1800"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte schreib mindestens 20 Zeichen" in html
    assert "Bitte nenne mindestens ein Thema." in html
    assert "Bitte gib ein Jahr zwischen 1950 und" in html
    assert 'id="id_text_error"' in html
    assert 'aria-invalid="true"' in html
    assert not Recommendation.objects.exists()


def test_create_errors_in_english(client, author, subject):
    client.force_login(author)
    response = client.post(
        reverse("recommendations:create"),
        form_data(subject, text="kurz"),
        headers={"accept-language": "en"},
    )
    assert response.status_code == 400
    assert "Please write at least 20 characters" in response.content.decode()


def test_create_not_a_number_year_is_a_form_error(client, author, subject):
    client.force_login(author)
    response = client.post(reverse("recommendations:create"), form_data(subject, known_since="x"))
    assert response.status_code == 400
    assert not Recommendation.objects.exists()


def test_create_duplicate_pair_is_explained(client, author, subject):
    RecommendationFactory(author=author, subject=subject)
    client.force_login(author)
    response = client.post(reverse("recommendations:create"), form_data(subject))
    assert "bereits eine Empfehlung" in response.content.decode()
    assert Recommendation.objects.count() == 1


@override_settings(RECOMMENDATION_NEW_ACCOUNT_PER_DAY=1)
def test_create_rate_limit_is_a_form_error_with_429(client, author, subject, stranger):
    RecommendationFactory(author=author, subject=stranger)
    client.force_login(author)
    response = client.post(reverse("recommendations:create"), form_data(subject))
    assert response.status_code == 429
    assert "höchstens 1 Empfehlung pro Tag" in response.content.decode()


# --- edit -----------------------------------------------------------------------------------


def test_author_edits_through_the_form(client, author, subject):
    rec = RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED)
    client.force_login(author)
    url = reverse("recommendations:edit", args=[rec.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert rec.text in response.content.decode()
    response = client.post(url, form_data(subject, text="Ein neuer, ehrlicher Text über Bernd."))
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.status == Status.PENDING
    assert rec.text == "Ein neuer, ehrlicher Text über Bernd."


def test_invalid_edit_shows_errors_and_keeps_the_old_text(client, author, subject):
    rec = RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED)
    client.force_login(author)
    response = client.post(
        reverse("recommendations:edit", args=[rec.pk]), form_data(subject, text="x")
    )
    assert response.status_code == 400
    rec.refresh_from_db()
    assert rec.status == Status.ACCEPTED


@pytest.mark.parametrize("who", ["subject", "stranger"])
def test_nobody_else_can_edit(client, author, subject, stranger, who):
    rec = RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED)
    client.force_login({"subject": subject, "stranger": stranger}[who])
    url = reverse("recommendations:edit", args=[rec.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(url, form_data(subject, text="Übernommen von jemand anderem!")).status_code
        == 404
    )
    rec.refresh_from_db()
    assert rec.status == Status.ACCEPTED


# --- actions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "role", "from_status", "to_status"),
    [
        ("accept", "subject", Status.PENDING, Status.ACCEPTED),
        ("decline", "subject", Status.PENDING, Status.DECLINED),
        ("hide", "subject", Status.ACCEPTED, Status.HIDDEN),
        ("unhide", "subject", Status.HIDDEN, Status.ACCEPTED),
        ("withdraw", "author", Status.ACCEPTED, Status.WITHDRAWN),
    ],
)
def test_action_permission_matrix(
    client, author, subject, stranger, action, role, from_status, to_status
):
    rec = RecommendationFactory(author=author, subject=subject, status=from_status)
    url = reverse(f"recommendations:{action}", args=[rec.pk])
    # Anonymous: to the login page; wrong people: 404; GET: not allowed.
    response = client.post(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    wrong_party = author if role == "subject" else subject
    for person in (stranger, wrong_party):
        client.force_login(person)
        assert client.post(url).status_code == 404
        rec.refresh_from_db()
        assert rec.status == from_status
    client.force_login(subject if role == "subject" else author)
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": reverse("accounts:profile", args=[subject.pk])})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile", args=[subject.pk])
    rec.refresh_from_db()
    assert rec.status == to_status


def test_action_for_htmx_returns_the_updated_partial(client, author, subject):
    rec = RecommendationFactory(author=author, subject=subject)
    client.force_login(subject)
    response = client.post(
        reverse("recommendations:accept", args=[rec.pk]), headers={"hx-request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith('<article class="recommendation"')
    assert f'id="recommendation-{rec.pk}"' in html
    assert "In meinem Profil ausblenden" in html  # the next possible action


def test_action_in_the_wrong_state_explains(client, author, subject):
    rec = RecommendationFactory(author=author, subject=subject, status=Status.ACCEPTED)
    client.force_login(subject)
    url = reverse("recommendations:accept", args=[rec.pk])
    response = client.post(url, follow=True)
    assert "inzwischen geändert" in response.content.decode()
    response = client.post(url, headers={"hx-request": "true"})
    assert "inzwischen geändert" in response.content.decode()


def test_next_must_be_a_local_url(client, author, subject):
    rec = RecommendationFactory(author=author, subject=subject)
    client.force_login(subject)
    response = client.post(
        reverse("recommendations:accept", args=[rec.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("recommendations:inbox")


# --- pages ----------------------------------------------------------------------------------


def test_partial_shows_the_allowed_buttons_only(client, author, subject, stranger):
    rec = RecommendationFactory(author=author, subject=subject, topics=["Holzbau"])
    client.force_login(subject)
    html = client.get(reverse("recommendations:inbox")).content.decode()
    assert "Annehmen und veröffentlichen" in html
    assert "Holzbau" in html
    assert reverse("recommendations:edit", args=[rec.pk]) not in html
    client.force_login(author)
    html = client.get(reverse("recommendations:inbox")).content.decode()
    assert "Annehmen und veröffentlichen" not in html
    assert reverse("recommendations:edit", args=[rec.pk]) in html
    assert "Wartet auf Zustimmung" in html


def test_inbox_lists_pending_received_and_written(client, author, subject):
    RecommendationFactory(author=author, subject=subject, text="Ausstehend und wartet noch.")
    RecommendationFactory(subject=subject, status=Status.ACCEPTED, text="Schon angenommen, super.")
    RecommendationFactory(author=subject, status=Status.WITHDRAWN, text="Zurückgezogen, leider.")
    client.force_login(subject)
    html = client.get(reverse("recommendations:inbox")).content.decode()
    for text in (
        "Ausstehend und wartet noch.",
        "Schon angenommen, super.",
        "Zurückgezogen, leider.",
    ):
        assert text in html


def test_inbox_requires_login(client):
    assert client.get(reverse("recommendations:inbox")).status_code == 302


def test_how_we_check_page_in_both_languages(client):
    url = reverse("recommendations:how_we_check")
    html = client.get(url).content.decode()
    assert "Wie wir Empfehlungen prüfen" in html
    assert "§ 5b Abs. 3 UWG" in html
    assert "Nichts ist käuflich" in html
    html = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "How we check recommendations" in html
    assert "Nothing can be bought" in html


def test_topic_field_offers_suggestions_while_typing(client, author, subject):
    client.force_login(author)
    html = client.get(reverse("recommendations:create"), {"subject": subject.pk}).content.decode()
    assert f'hx-get="{reverse("topics:suggest")}"' in html
    assert 'role="combobox"' in html


def test_admin_is_read_only(admin_client, author, subject):
    rec = RecommendationFactory(author=author, subject=subject)
    assert admin_client.get("/admin/recommendations/recommendation/").status_code == 200
    assert (
        admin_client.get(f"/admin/recommendations/recommendation/{rec.pk}/change/").status_code
        == 200
    )
    response = admin_client.post(
        f"/admin/recommendations/recommendation/{rec.pk}/change/", {"status": "accepted"}
    )
    assert response.status_code == 403
    rec.refresh_from_db()
    assert rec.status == Status.PENDING
