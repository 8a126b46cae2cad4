"""Portraits: decoded, checked, cropped to a square, shrunk and re-encoded as JPEG with Pillow.

Re-encoding keeps nothing of the upload but its pixels: no EXIF (camera, GPS position, time),
no ICC or XMP data, no second image or script hidden in the file. The pixel count is checked
from the header before anything is decoded, so a small file that unpacks to gigapixels
(a decompression bomb) is refused without using memory."""

from __future__ import annotations

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 8000 × 5000; more than any phone camera
SIZE = 400  # the stored square, in pixels
FORMATS = {"JPEG", "PNG", "WEBP"}


def process_portrait(upload) -> ContentFile:
    """The uploaded file as a SIZE×SIZE JPEG without metadata; `ValidationError` (in the
    member's language) for anything that is not a readable, reasonably sized picture."""
    if upload is None:
        raise ValidationError({"portrait": [_("Please choose a picture.")]})
    if upload.size > MAX_BYTES:
        raise ValidationError(
            {"portrait": [_("The picture is larger than %(max)d MB.") % {"max": MAX_BYTES >> 20}]}
        )
    data = upload.read()
    refused = ValidationError(
        {"portrait": [_("This file is not a picture we can read. Please use JPEG, PNG or WebP.")]}
    )
    too_many_pixels = ValidationError(
        {
            "portrait": [
                _("The picture has too many pixels (at most %(max)d megapixels).")
                % {"max": MAX_PIXELS // 1_000_000}
            ]
        }
    )
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb guard as errors too: nothing huge is ever decoded.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in FORMATS:
                    raise refused
                width, height = image.size  # from the header; nothing decoded yet
                if width * height > MAX_PIXELS:
                    raise too_many_pixels
                image.load()
                picture = ImageOps.exif_transpose(image).convert("RGB")
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_many_pixels from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise refused from exc
    square = ImageOps.fit(picture, (SIZE, SIZE), method=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    square.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
