import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory
from goodword.trust.adapter import get_network
from goodword.trust.models import MarkLevel, TrustMark
from goodword.trust.services import set_trust_mark

from .conftest import recommend

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_anonymous_visitors_are_sent_to_login(client, people):
    for url in [reverse("trust:network"), reverse("trust:connection", args=[people["anna"].pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    response = client.post(reverse("trust:set_mark", args=[people["anna"].pk]), {"level": "vouch"})
    assert response.status_code == 302
    assert not TrustMark.objects.exists()


def test_connection_fragment_for_anonymous_htmx_is_a_login_hint(client, people):
    response = client.get(reverse("trust:connection", args=[people["anna"].pk]), headers=HTMX)
    assert response.status_code == 200
    assert reverse("account_login") in response.content.decode()


def test_history_restore_of_the_connection_sends_an_anonymous_visitor_to_login(client, people):
    url = reverse("trust:connection", args=[people["anna"].pk])
    response = client.get(url, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_network_page_lists_members_in_trust_order_with_a_path_line(client, people):
    client.force_login(people["vera"])
    response = client.get(reverse("trust:network"), headers={"Accept-Language": "en"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Anna Schmidt") < html.index("Carl Tax")
    assert "through Anna Schmidt" in html
    assert "Eva Alone" not in html
    assert "%" not in re.sub(r"<style.*?</style>|%2[0-9A-F]|%3[0-9A-F]", "", html)


def test_network_page_in_german(client, people):
    client.force_login(people["vera"])
    html = client.get(reverse("trust:network")).content.decode()
    assert "Dein Netzwerk" in html
    assert "über Anna Schmidt" in html


def test_network_filters_by_topic_city_and_profession(client, people):
    people["carl"].profile.profession = "Steuerberater"
    people["carl"].profile.city = "Bonn"
    people["carl"].profile.save()
    client.force_login(people["vera"])
    html = client.get(reverse("trust:network"), {"city": "Bonn"}).content.decode()
    assert "Carl Tax" in html
    assert "<strong>Anna Schmidt</strong>" not in html  # only on Carl's path line
    html = client.get(reverse("trust:network"), {"profession": "steuer"}).content.decode()
    assert "Carl Tax" in html
    assert "Dora Far" not in html
    html = client.get(reverse("trust:network"), {"topic": "yoga"}).content.decode()
    assert "Dora Far" in html
    assert "Carl Tax" not in html


def test_network_htmx_returns_the_results_partial(client, people):
    client.force_login(people["vera"])
    response = client.get(reverse("trust:network"), {"city": "Köln"}, headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert "Anna Schmidt" in html


def test_empty_network_explains_how_to_start(client, db):
    client.force_login(UserFactory())
    html = client.get(reverse("trust:network"), headers={"Accept-Language": "en"}).content.decode()
    assert "Your network starts with the people you know" in html
    assert reverse("directory:list") in html


def test_network_page_query_count_does_not_grow_with_members(client, people):
    client.force_login(people["vera"])

    def count_queries() -> tuple[int, str]:
        client.get(reverse("trust:network"))  # builds or replays the graph
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("trust:network"))
        return len(captured.captured_queries), response.content.decode()

    small, _html = count_queries()
    assert small <= 12
    for i in range(12):
        recommend(people["anna"], UserFactory(display_name=f"Extra Member {i}"))
    get_network().reset()
    big, html = count_queries()
    assert html.count("<strong>Extra Member") == 12
    assert big == small


def test_connection_page_shows_paths_picture_and_text(client, people):
    client.force_login(people["vera"])
    url = reverse("trust:connection", args=[people["carl"].pk])
    html = client.get(url, headers={"Accept-Language": "en"}).content.decode()
    assert 'role="img"' in html
    assert "<title" in html and "<desc" in html
    assert "Anna Schmidt recommends Carl Tax" in html
    assert "through one person you trust" in html.lower()
    fragment = client.get(url, headers={**HTMX, "Accept-Language": "en"}).content.decode()
    assert "<html" not in fragment
    assert 'id="trust-connection"' in fragment


def test_unknown_or_inactive_member_is_404(client, people):
    client.force_login(people["vera"])
    assert client.get(reverse("trust:connection", args=[99999])).status_code == 404
    people["eva"].is_active = False
    people["eva"].save()
    assert client.get(reverse("trust:connection", args=[people["eva"].pk])).status_code == 404
    response = client.post(reverse("trust:set_mark", args=[99999]), {"level": "vouch"})
    assert response.status_code == 404
    assert not TrustMark.objects.exists()


def test_set_change_and_clear_a_mark_through_the_page(
    client, people, django_capture_on_commit_callbacks
):
    vera, eva = people["vera"], people["eva"]
    client.force_login(vera)
    url = reverse("trust:set_mark", args=[eva.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"level": MarkLevel.WORKED_WITH})
    assert response.status_code == 302
    assert TrustMark.objects.get(marker=vera, member=eva).level == MarkLevel.WORKED_WITH
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"level": MarkLevel.VOUCH}, headers=HTMX)
    assert response.status_code == 200
    assert 'id="trust-connection"' in response.content.decode()
    assert TrustMark.objects.get(marker=vera, member=eva).level == MarkLevel.VOUCH
    html = client.get(reverse("trust:network")).content.decode()
    assert "Eva Alone" in html  # the mark shapes Vera's own view
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("trust:clear_mark", args=[eva.pk]))
    assert response.status_code == 302
    assert not TrustMark.objects.exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "Please choose one of the offered trust marks."), ("de", "Bitte wähle")],
)
def test_bad_mark_input_is_400_with_a_translated_message(client, people, lang, message):
    client.force_login(people["vera"])
    url = reverse("trust:set_mark", args=[people["eva"].pk])
    response = client.post(url, {"level": "best_friend"}, headers={"Accept-Language": lang})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TrustMark.objects.exists()


def test_self_mark_is_refused(client, people):
    client.force_login(people["vera"])
    url = reverse("trust:set_mark", args=[people["vera"].pk])
    response = client.post(url, {"level": "vouch"}, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert not TrustMark.objects.exists()
    with pytest.raises(Exception, match="yourself"):
        set_trust_mark(people["vera"], people["vera"], "vouch")


def test_connection_fragment_query_count_is_small(client, people):
    client.force_login(people["vera"])
    url = reverse("trust:connection", args=[people["dora"].pk])
    client.get(url, headers=HTMX)  # builds the graph
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=HTMX)
    assert "Bodo Weak" in response.content.decode()
    assert len(captured.captured_queries) <= 12


def test_profile_page_loads_the_connection_fragment(client, people):
    url = reverse("trust:connection", args=[people["carl"].pk])
    profile = reverse("accounts:profile", args=[people["carl"].pk])
    client.force_login(people["vera"])
    html = client.get(profile).content.decode()
    assert f'hx-get="{url}"' in html
    assert f'href="{url}"' in html  # works without JavaScript too
    client.force_login(people["carl"])
    assert url not in client.get(profile).content.decode()  # not on one's own profile


def test_recommendation_steps_are_kept_for_every_viewer_and_follow_every_change(client, people):
    from django.utils import timezone

    from goodword.recommendations.models import Recommendation
    from goodword.trust.services import request_trust_refresh
    from goodword.trust.templatetags import path_steps

    path_steps._steps.clear()
    url = reverse("trust:connection", args=[people["carl"].pk])

    def fragment(viewer):
        client.force_login(viewer)
        html = client.get(url, headers={**HTMX, "Accept-Language": "en"}).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    seen_by_vera = fragment(people["vera"])
    assert "You recommend Anna Schmidt" in seen_by_vera
    assert "Anna Schmidt recommends Carl Tax" in seen_by_vera
    assert len(path_steps._steps) == 2
    xaver = UserFactory(display_name="Xaver Xander")
    recommend(xaver, people["anna"])
    request_trust_refresh(xaver.pk, people["anna"].pk)
    seen_by_xaver = fragment(xaver)
    assert "You recommend Anna Schmidt" in seen_by_xaver
    assert "Anna Schmidt recommends Carl Tax" in seen_by_xaver
    assert len(path_steps._steps) == 3  # Anna's step is shared; Xaver's own is new
    assert fragment(people["vera"]) == seen_by_vera
    path_steps._steps.clear()
    assert fragment(people["vera"]) == seen_by_vera  # kept steps are what a fresh render gives
    step = Recommendation.objects.get(author=people["anna"], subject=people["carl"])
    Recommendation.objects.filter(pk=step.pk).update(text_html="<p>Ganz neu geschrieben</p>")
    assert "Ganz neu geschrieben" in fragment(people["vera"])
    step.topics.clear()
    assert "Steuerberatung" not in fragment(people["vera"]).split("Anna Schmidt recommends")[1]
    Recommendation.objects.filter(pk=step.pk).update(hidden_by_moderators_at=timezone.now())
    html = fragment(people["vera"])
    assert "Ganz neu" not in html and "hidden by the moderators" in html
