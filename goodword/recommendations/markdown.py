"""The Markdown subset of recommendation texts, rendered once on write and sanitised with nh3."""

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def _build() -> markdown_lib.Markdown:
    md = markdown_lib.Markdown(extensions=["nl2br", "sane_lists"], output_format="html")
    # Raw HTML is shown as text, never interpreted; headings and images are not part of the subset.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    for name in ("hashheader", "setextheader"):
        md.parser.blockprocessors.deregister(name)
    for name in ("image_link", "image_reference", "short_image_ref"):
        md.inlinePatterns.deregister(name)
    return md


def render_markdown(text: str) -> str:
    """Render `text` to safe HTML: p, br, strong, em, lists and links with rel=nofollow."""
    html = _build().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener",
    )
