"""Optional portraits: shrunk, squared and stripped of metadata; bad files refused with a clear
message and nothing stored; part of the export; gone with the account."""

import base64
import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from goodword.accounts.models import Profile
from goodword.accounts.services import delete_account, export_member_data, set_portrait
from goodword.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("accounts:portrait")


@pytest.fixture(autouse=True)
def media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield tmp_path / "media"


def photo(width=1200, height=800, fmt="JPEG", exif=True) -> bytes:
    image = Image.new("RGB", (width, height), (200, 120, 40))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "GeheimKamera"  # Make
        data[0x0132] = "2024:05:01 12:00:00"  # DateTime
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def upload(data: bytes, name="foto.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims huge dimensions: the header of a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))


def test_a_photo_is_squared_shrunk_and_stripped_of_metadata(client, media):
    member = UserFactory()
    client.force_login(member)
    assert b"GeheimKamera" in photo()
    response = client.post(URL, {"portrait": upload(photo())})
    assert response.status_code == 302
    profile = Profile.objects.get(pk=member.pk)
    stored = (media / profile.portrait.name).read_bytes()
    assert b"GeheimKamera" not in stored and b"2024:05:01" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (400, 400)
        assert not image.getexif()
    html = client.get(reverse("accounts:profile", args=[member.pk])).content.decode()
    assert profile.portrait.url in html


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted(fmt):
    member = UserFactory()
    set_portrait(member, upload(photo(300, 500, fmt, exif=False), name=f"x.{fmt.lower()}"))
    assert Profile.objects.get(pk=member.pk).portrait.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not a picture", "kein Bild, das wir lesen können"),
        (photo()[:200], "kein Bild, das wir lesen können"),  # cut off
        (photo(fmt="GIF", exif=False), "kein Bild, das wir lesen können"),  # not offered
        (png_header_only(30000, 30000), "zu viele Pixel"),
        (b"\xff" * (5 * 1024 * 1024 + 1), "größer als 5 MB"),
    ],
    ids=["not-an-image", "truncated", "gif", "decompression-bomb", "too-large"],
)
def test_bad_files_are_refused_clearly_and_nothing_is_stored(client, media, data, message):
    member = UserFactory()
    client.force_login(member)
    response = client.post(URL, {"portrait": upload(data)}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Profile.objects.get(pk=member.pk).portrait
    assert not (media / "portraits").exists() or not any((media / "portraits").iterdir())


def test_sending_no_file_is_refused(client):
    client.force_login(UserFactory())
    response = client.post(URL, {}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400


def test_visitors_cannot_upload_or_remove(client):
    for url in (URL, reverse("accounts:portrait_remove")):
        response = client.post(url, {"portrait": upload(photo())})
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not Profile.objects.exclude(portrait="").exists()


def test_replacing_and_removing_delete_the_old_files(
    client, media, django_capture_on_commit_callbacks
):
    member = UserFactory()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"portrait": upload(photo())})
    first = Profile.objects.get(pk=member.pk).portrait.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"portrait": upload(photo(500, 900))})
    second = Profile.objects.get(pk=member.pk).portrait.name
    assert first != second and not (media / first).exists() and (media / second).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:portrait_remove"))
    assert response.status_code == 302
    assert not Profile.objects.get(pk=member.pk).portrait and not (media / second).exists()


def test_initials_stand_in_everywhere_a_member_is_shown(client):
    member = UserFactory(display_name="Anna Berg", visibility="public")
    html = client.get(reverse("accounts:profile", args=[member.pk])).content.decode()
    assert 'class="avatar avatar-large" aria-hidden="true">AB</span>' in html
    html = client.get(reverse("directory:list")).content.decode()
    assert ">AB</span>" in html


def test_the_portrait_is_exported_and_erased_with_the_account(
    media, django_capture_on_commit_callbacks
):
    member = UserFactory()
    set_portrait(member, upload(photo()))
    name = Profile.objects.get(pk=member.pk).portrait.name
    exported = export_member_data(member)["profile"]["portrait"]
    assert exported["content_type"] == "image/jpeg"
    assert base64.b64decode(exported["base64"]) == (media / name).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(member, password=DEFAULT_PASSWORD)
    assert not Profile.objects.get(pk=member.pk).portrait
    assert not (media / name).exists()
