"""`{% path_step step %}`: a step of a path that rests on a public recommendation, rendered once
per process for everything that looks the same (`core.fragments`). What it shows is public
and the same for every viewer whose path takes the step, except "You recommend" for the
viewer's own step: both names, the recommendation's relationship, year, topics and text."""

from django import template

from goodword.core.fragments import KeptFragments

register = template.Library()

STEPS_KEPT = 2_000

_steps = KeptFragments("trust/_path_step.html", STEPS_KEPT)


def _key(step) -> tuple:
    rec = step.recommendation
    return (
        step.source.is_viewer,
        step.source.name,
        step.target.name,
        rec.pk,
        rec.relationship,
        rec.known_since,
        bool(rec.hidden_by_moderators_at),
        tuple(topic.name for topic in rec.topics.all()),
        rec.text_html,
    )


@register.simple_tag
def path_step(step):
    return _steps.render(_key(step), {"step": step, "rec": step.recommendation})
