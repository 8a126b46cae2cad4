"""{% load frame %}: the page frame's kept navigation and footer (see `goodword.core.frame`)."""

from django import template

from goodword.core import frame

register = template.Library()


@register.simple_tag(takes_context=True)
def site_nav(context):
    return frame.nav(context)


@register.simple_tag(takes_context=True)
def site_footer(context):
    return frame.footer(context)
