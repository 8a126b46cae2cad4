"""The page frame every app shares: head and scripts in their blocks, one stylesheet, htmx
history restores answered with the whole page."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    ("directory:list", []),
    ("search:search", []),
    ("trust:network", []),
    ("accounts:profile_edit", []),
    ("asks:list", []),
]


@pytest.fixture
def member_client(client):
    member = UserFactory(display_name="Mia Muster")
    client.force_login(member)
    client.member = member
    return client


def _pages(member_client):
    other = UserFactory(display_name="Otto Other")
    urls = [reverse(name, args=args) for name, args in PAGES]
    urls += [
        reverse("accounts:profile", args=[other.pk]),
        reverse("trust:connection", args=[other.pk]),
        reverse("recommendations:create") + f"?subject={other.pk}",
    ]
    return urls


def test_title_holds_text_only_and_main_holds_no_stylesheets_or_scripts(member_client):
    for url in _pages(member_client):
        response = member_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        [title] = re.findall(r"<title>(.*?)</title>", html, re.S)
        assert "<" not in title, (url, title)
        main = html[html.index("<main") : html.index("</main>")]
        assert "<link" not in main and "<script" not in main, url


def test_templates_load_scripts_and_stylesheets_only_in_the_head_and_scripts_blocks():
    """Every app's templates, partials included: a `<script>` or `<link>` belongs in
    `{% block head %}` or `{% block scripts %}` of `base.html`, never inside the title or main."""
    blocks = re.compile(r"{% block (?:head|scripts) %}.*?{% endblock %}", re.S)
    frames = {"base.html", "500.html"}  # the page frames themselves
    root = Path(__file__).resolve().parents[2]
    for template in root.glob("*/templates/**/*.html"):
        if template.name in frames:
            continue
        text = blocks.sub("", template.read_text())
        assert "<script" not in text and "<link" not in text, template.relative_to(root)


def test_the_topic_script_loads_after_the_page(member_client):
    html = member_client.get(reverse("directory:list")).content.decode()
    assert html.count("topics/combobox.js") == 1
    assert html.index("topics/combobox.js") > html.index("</footer>")


@pytest.mark.parametrize(
    ("url_name", "fragment_marker"),
    [("directory:list", "<main"), ("trust:network", "<main"), ("search:search", "<main")],
)
def test_history_restore_gets_the_whole_page_and_a_swap_gets_the_fragment(
    member_client, url_name, fragment_marker
):
    url = reverse(url_name)
    swap = member_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment_marker not in swap
    restore = member_client.get(
        url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    ).content.decode()
    assert fragment_marker in restore and "<title>" in restore


def test_the_stylesheet_has_colours_only_in_its_tokens():
    css = Path(__file__).resolve().parents[1] / "static" / "core" / "goodword.css"
    for number, line in enumerate(css.read_text().splitlines(), 1):
        if re.search(r"#[0-9a-fA-F]{3,6}\b|rgba?\(", line):
            assert line.strip().startswith("--"), f"goodword.css:{number}: {line.strip()}"


def test_the_stylesheet_defines_each_rule_once():
    """Apps add their rules to the one stylesheet; a second `.visually-hidden` or `.narrow`
    further down silently overrides the first."""
    css = (Path(__file__).resolve().parents[1] / "static" / "core" / "goodword.css").read_text()
    selectors = [s.strip() for s in re.findall(r"^([^\s@/}][^{]*?)\s*\{", css, re.M)]
    assert [s for s in set(selectors) if selectors.count(s) > 1] == []


def test_plain_select_writes_what_djangos_select_writes(db):
    from django import forms
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from goodword.core.forms import PlainSelect
    from goodword.search.forms import SearchForm
    from goodword.trust.forms import NetworkFilterForm

    choices = [
        ("", gettext_lazy("All topics")),
        ("a", "A & <b>"),
        ("c", "C'\""),
        ("s", mark_safe("<i>S</i> &amp; T")),
        (7, "Sieben"),
    ]
    for data in ({"topic": "a"}, None, {"topic": "unknown"}, {"topic": "c'\""}, {"topic": "7"}):

        class Django(forms.Form):
            topic = forms.ChoiceField(choices=choices, required=False)

        class Plain(forms.Form):
            topic = forms.ChoiceField(choices=choices, required=False, widget=PlainSelect)

        assert str(Plain(data)["topic"]) == str(Django(data)["topic"])
    assert isinstance(NetworkFilterForm.base_fields["topic"].widget, PlainSelect)
    assert isinstance(SearchForm.base_fields["topic"].widget, PlainSelect)


def test_flat_choices_are_the_choices_django_normalises(db):
    from goodword.core.forms import FlatChoices
    from goodword.search.forms import SearchForm
    from goodword.topics.models import Topic
    from goodword.trust.forms import NetworkFilterForm

    Topic.objects.create(name="Holz & <Bau>", slug="holz")
    Topic.objects.create(name="Yoga", slug="yoga")
    for form_class in (SearchForm, NetworkFilterForm):
        for data in ({"topic": "yoga"}, None, {"topic": "unknown"}):
            flat = form_class(data)
            assert isinstance(flat.fields["topic"].widget.choices, FlatChoices)
            normalised = form_class(data)
            normalised.fields["topic"].widget.choices = list(flat.fields["topic"].widget.choices)
            assert not isinstance(normalised.fields["topic"].widget.choices, FlatChoices)
            assert str(flat["topic"]) == str(normalised["topic"])
            assert "Holz &amp; &lt;Bau&gt;" in str(flat["topic"])


def test_plain_radio_select_writes_what_djangos_radio_select_writes(db):
    from django import forms

    from goodword.core.forms import PlainRadioSelect
    from goodword.trust.forms import TrustMarkForm

    choices = [("a", "A & <b>"), ("c'\"", "C'\""), ("3", "Drei")]
    for data in ({"level": "a"}, None, {"level": "unknown"}, {"level": "c'\""}, {"level": ""}):
        for initial in (None, "3"):

            class Django(forms.Form):
                level = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)

            class Plain(forms.Form):
                level = forms.ChoiceField(choices=choices, widget=PlainRadioSelect)

            django_form = Django(data, initial={"level": initial})
            plain_form = Plain(data, initial={"level": initial})
            assert str(plain_form["level"]) == str(django_form["level"])  # the whole widget
            # Each input as a template loop writes it, with and without a wrapping label.
            for mine, theirs in zip(plain_form["level"], django_form["level"], strict=True):
                assert mine.tag() == theirs.tag()
                assert mine.tag(wrap_label=True) == theirs.tag(wrap_label=True)
                assert 'type="radio"' in mine.tag()

    class NoTemplates:
        def render(self, *args, **kwargs):
            raise AssertionError("an input was rendered through a template")

    form = Plain({"level": "a"})
    form.renderer = NoTemplates()
    tags = [radio.tag() for radio in form["level"]]
    assert len(tags) == 3 and tags[0].endswith("checked>")
    assert isinstance(TrustMarkForm.base_fields["level"].widget, PlainRadioSelect)


def test_plain_text_input_writes_what_djangos_text_input_writes(db):
    from django import forms
    from django.utils.safestring import mark_safe

    from goodword.core.forms import PlainTextInput
    from goodword.search.forms import SearchForm

    attrs = {"type": "search", "placeholder": "z. B. „Tischler“ & <Co>", "autocomplete": "off"}
    for data in (None, {"q": "Köln & <b>"}, {"q": "a\"b'c"}, {"q": ""}, {"q": mark_safe("<i>")}):
        for widget_attrs in (None, attrs, {"required": True, "disabled": False}):

            class Django(forms.Form):
                q = forms.CharField(
                    max_length=9, required=False, widget=forms.TextInput(attrs=widget_attrs)
                )

            class Plain(forms.Form):
                q = forms.CharField(
                    max_length=9, required=False, widget=PlainTextInput(attrs=widget_attrs)
                )

            for initial in (None, "Berlin", 7):
                mine = Plain(data, initial={"q": initial}, auto_id="id_%s")["q"]
                theirs = Django(data, initial={"q": initial}, auto_id="id_%s")["q"]
                assert str(mine) == str(theirs)
    assert isinstance(SearchForm.base_fields["q"].widget, PlainTextInput)
    assert isinstance(SearchForm.base_fields["city"].widget, PlainTextInput)
    assert 'type="search"' in str(SearchForm()["q"])
