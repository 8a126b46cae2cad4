"""The page frame's navigation and footer are kept per language, section and sign-in state; the
member's own parts are put in per request and never kept."""

import html
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory
from goodword.core import frame
from goodword.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_kept():
    frame._KEPT.clear()


def _frame(response) -> str:
    page = response.content.decode()
    nav = page[page.index("<nav") : page.index("</nav>")]
    footer = page[page.index("<footer") : page.index("</footer>")]
    return re.sub(r"\s+", " ", nav + footer)


def _tokens(response) -> set[str]:
    page = response.content.decode()
    return set(re.findall(r'csrfmiddlewaretoken" value="([^"]+)"', page)) | set(
        re.findall(r'"X-CSRFToken": "([^"]+)"', page)
    )


def test_a_kept_frame_is_rendered_once_and_then_only_filled_in(client):
    client.force_login(UserFactory())
    first = client.get(reverse("directory:list"))
    again = client.get(reverse("directory:list"))
    rendered = [t.name for t in first.templates]
    assert "core/_nav.html" in rendered and "core/_footer.html" in rendered
    assert "core/_nav.html" not in [t.name for t in again.templates]
    assert "core/_footer.html" not in [t.name for t in again.templates]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("signed_in", [True, False])
def test_a_kept_frame_is_what_a_fresh_render_writes(client, language, signed_in):
    member = UserFactory()
    notify(member, "recommendation_received")
    if signed_in:
        client.force_login(member)
    url = reverse("directory:list") + '?q="><b>x</b>'
    headers = {"Accept-Language": language}
    with override_settings(DEBUG=True):  # nothing kept: every frame rendered afresh
        fresh = client.get(url, headers=headers)
        assert len(frame._KEPT) == 0
    client.get(url, headers=headers)  # keeps the frame
    kept = client.get(url, headers=headers)
    assert "core/_nav.html" not in [t.name for t in kept.templates]
    token = re.compile(r'(csrfmiddlewaretoken" value=)"[^"]+"')
    assert token.sub("T", _frame(kept)) == token.sub("T", _frame(fresh))
    [next_path] = re.findall(r'name="next" type="hidden" value="([^"]*)"', _frame(kept))
    assert html.unescape(next_path) == kept.wsgi_request.get_full_path()


def test_each_member_gets_their_own_profile_link_count_and_token(client):
    anna, ben = UserFactory(), UserFactory()
    for _ in range(3):
        notify(anna, "recommendation_received")
    client.force_login(anna)
    page = client.get(reverse("directory:list"))
    assert f'href="{reverse("accounts:profile", args=[anna.pk])}"' in _frame(page)
    assert 'class="badge" aria-label="3 ungelesen">3<' in _frame(page)
    [anna_token] = _tokens(page)

    client.force_login(ben)
    page = client.get(reverse("directory:list"))
    frame = _frame(page)
    assert f'href="{reverse("accounts:profile", args=[ben.pk])}"' in frame
    assert f'href="{reverse("accounts:profile", args=[anna.pk])}"' not in frame
    assert 'class="badge"' not in frame
    assert len(_tokens(page)) == 1 and _tokens(page) != {anna_token}


def test_the_current_section_and_language_are_part_of_the_kept_frame(client):
    client.force_login(UserFactory())
    circles = _frame(client.get(reverse("circles:list")))
    asks = _frame(client.get(reverse("asks:list")))
    assert f'href="{reverse("circles:list")}" aria-current="page"' in circles
    assert f'href="{reverse("asks:list")}" aria-current="page"' in asks
    assert 'aria-current="page"' not in asks.replace(
        f'href="{reverse("asks:list")}" aria-current="page"', ""
    )
    english = _frame(client.get(reverse("asks:list"), headers={"Accept-Language": "en"}))
    assert "Your network" in english and "Dein Netzwerk" in asks


def test_a_value_put_in_is_not_searched_for_marks():
    mark = "\ue000csrf_token\ue000"
    footer = frame._kept(
        "core/_footer.html", {"authenticated": False}, {"next_path": mark, "csrf_token": "tok"}
    )
    assert f'name="next" type="hidden" value="{mark}"' in footer
    assert 'name="csrfmiddlewaretoken" value="tok"' in footer
