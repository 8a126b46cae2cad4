"""Reads of the trust app: rankings, connection paths and words for closeness.

Other apps (search, profile) call `get_ranked_members`, `get_trust_scores`,
`get_connection_paths` and `describe_closeness`; keep these names stable.

Privacy of private marks (see docs/trust-in-product.md): a path step that rests only on
another member's private mark never shows that member's mark. The member *reached* through
such a step is shown as "someone you trust" without a name (or, when that member is the one
the viewer is looking at, the marker is hidden instead). Steps resting on the viewer's own
marks may name the member, because the viewer set the mark. Scores never leave this module
in anything rendered: pages and the API show order, paths and words only.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from goodword.accounts.models import Profile
from goodword.core.links import id_url
from goodword.core.statements import KeptStatement, prefetch_kept
from goodword.recommendations.models import Recommendation
from goodword.topics.models import Topic

from .adapter import get_network, once_per_reading_request
from .bulk import extra_edges
from .models import MarkLevel, TrustMark

User = get_user_model()

# How many ranked members the network page filters by profession and city.
NETWORK_CANDIDATES = 500

SOMEONE_YOU_TRUST = gettext_lazy("someone you trust")

# Kinds of the public edges contributed through `core.hooks.TRUST_EDGES` that paths put into
# words: an accepted invitation is an edge inviter→invitee (`invited`) and invitee→inviter
# (`invited_by`, the newcomer's way into the network).
INVITED = "invited"
INVITED_BY = "invited_by"


@dataclass(frozen=True)
class PathMember:
    """One member on a path as the viewer may see them: named, or anonymised."""

    user_id: int | None
    name: str
    is_viewer: bool = False
    anonymous: bool = False

    @cached_property  # templates ask twice per member ("if", then "href")
    def url(self) -> str:
        if self.user_id is None or self.anonymous:
            return ""
        return id_url("accounts:profile", self.user_id)

    @property
    def initials(self) -> str:
        if self.anonymous:
            return "?"
        parts = [p for p in self.name.split() if p[:1].isalpha()]
        return ("".join(p[0] for p in parts[:2]) or self.name[:1] or "?").upper()


@dataclass(frozen=True)
class PathStep:
    """One hop of a path and what it rests on.

    `recommendation`: the public recommendation source→target (None for a private step);
    `own_mark`: the viewer's own mark label when the step is the viewer's private mark and the
    member it reaches is named (the viewer set it, so they may see it).
    """

    source: PathMember
    target: PathMember
    recommendation: Recommendation | None = None
    own_mark: str = ""
    kind: str = ""  # a public edge other than a recommendation (`EDGE_KINDS`)

    @property
    def is_public(self) -> bool:
        return self.recommendation is not None or bool(self.kind)

    @property
    def kind_label(self) -> str:
        """Words for a public edge other than a recommendation, from where the viewer stands."""
        if self.kind == INVITED:
            if self.source.is_viewer:
                return _("You invited %(name)s") % {"name": self.target.name}
            return _("%(inviter)s invited %(name)s") % {
                "inviter": self.source.name,
                "name": self.target.name,
            }
        if self.kind == INVITED_BY:
            if self.source.is_viewer:
                return _("%(name)s invited you") % {"name": self.target.name}
            return _("%(inviter)s invited %(name)s") % {
                "inviter": self.target.name,
                "name": self.source.name,
            }
        return _("a public connection") if self.kind else ""


@dataclass(frozen=True)
class ConnectionPath:
    """A path from the viewer (first member) to a member (last), strongest first."""

    members: list[PathMember]
    steps: list[PathStep] = field(default_factory=list)

    @property
    def hops(self) -> int:
        return len(self.members) - 1

    @property
    def via(self) -> list[PathMember]:
        """The members between the viewer and the target."""
        return self.members[1:-1]


def resolve_topic(topic) -> Topic | None:
    """A `Topic`, an id or a slug → the Topic (None for empty; 404 for unknown)."""
    if topic in (None, ""):
        return None
    if isinstance(topic, Topic):
        return topic
    lookup = {"pk": int(topic)} if str(topic).isdigit() else {"slug": str(topic)}
    found = Topic.objects.filter(**lookup).first()
    if found is None:
        raise Http404(_("There is no such topic."))
    return found


def _topic_id(topic) -> int | None:
    if topic in (None, ""):
        return None
    if isinstance(topic, Topic):
        return topic.pk
    if isinstance(topic, int):
        return topic
    return resolve_topic(topic).pk


def get_own_mark(viewer, member) -> TrustMark | None:
    """The viewer's own private mark about `member` (only ever shown to the viewer)."""
    if not getattr(viewer, "is_authenticated", False):
        return None
    found = _OWN_MARK(viewer=viewer.pk, member=member.pk)
    return found[0] if found else None


_OWN_MARK = KeptStatement(
    lambda viewer, member: TrustMark.objects.filter(marker_id=viewer, member_id=member).order_by(
        "pk"
    )[:1]
)


# -- public read functions ------------------------------------------------------------------
def get_ranked_members(viewer, *, topic=None, limit: int = 100) -> list[tuple[int, float]]:
    """Members the viewer can trust (for `topic`: Topic, id or slug), best first.

    Returns `[(user_id, score)]`; scores are for ordering and combining only and must never
    be shown. Empty for anonymous viewers and members without any trust edge yet.
    """
    if not getattr(viewer, "is_authenticated", False):
        return []
    return get_network().rank(viewer.pk, topic_id=_topic_id(topic), limit=int(limit))


def get_trust_scores(viewer, member_ids, *, topic=None, public: bool = False) -> dict[int, float]:
    """The viewer's trust in each of `member_ids` (0.0 when not connected). Never display.

    By default the viewer's own view (their private marks and won referrals count). With
    `public=True` from public recommendations alone: use that wherever the answer decides
    something another member can observe (who may write, offer or pass a lead)."""
    member_ids = [int(m) for m in member_ids]
    if not getattr(viewer, "is_authenticated", False):
        return dict.fromkeys(member_ids, 0.0)
    return get_network().scores(viewer.pk, member_ids, topic_id=_topic_id(topic), public=public)


def get_connection_paths(viewer, member_id: int, max_paths: int = 3) -> list[ConnectionPath]:
    """Up to `max_paths` paths from the viewer to `member_id`, strongest first, each step
    with the public recommendation it rests on, private steps anonymised."""
    if not getattr(viewer, "is_authenticated", False) or viewer.pk == member_id:
        return []
    raw = get_network().explain(viewer.pk, int(member_id), max_paths=max_paths)
    return annotate_paths(viewer, raw)


def describe_closeness(viewer, member_id: int) -> str:
    """Words for how close a member is to the viewer: never a number."""
    if not getattr(viewer, "is_authenticated", False):
        return ""
    if viewer.pk == member_id:
        return pgettext("closeness", "this is you")
    member_id = int(member_id)
    with get_network().consistent():
        recommenders = _recommended_the_viewer(viewer.pk, [member_id])
        return closeness_words(_closeness_hops(viewer.pk, member_id, recommenders=recommenders))


def describe_connection(viewer, member_id: int) -> tuple[str, bool]:
    """`describe_closeness` and `recommended_the_viewer` together, with one query."""
    if not getattr(viewer, "is_authenticated", False):
        return "", False
    member_id = int(member_id)
    if viewer.pk == member_id:
        return pgettext("closeness", "this is you"), bool(
            _recommended_the_viewer(viewer.pk, [member_id])
        )
    with get_network().consistent():
        recommenders = _recommended_the_viewer(viewer.pk, [member_id])
        hops = _closeness_hops(viewer.pk, member_id, recommenders=recommenders)
        return closeness_words(hops), member_id in recommenders


def closeness_words(hops: int | None) -> str:
    if not hops:
        return pgettext("closeness", "not connected")
    if hops == 1:
        return pgettext("closeness", "close")
    if hops == 2:
        return pgettext("closeness", "through one person you trust")
    return pgettext("closeness", "further away")


# Trust (0 to 1, in the viewer's own view) above which a member counts as one of the viewer's
# trusted contacts even without a direct edge; the same value as the contact rules' threshold.
TRUSTED_CONTACT_THRESHOLD = 0.1


def recommended_the_viewer(viewer, member_id: int) -> bool:
    """Whether `member_id` publicly recommended the viewer (a fact both of them can see)."""
    if not getattr(viewer, "is_authenticated", False):
        return False
    return bool(_recommended_the_viewer(viewer.pk, [int(member_id)]))


def recommenders_among(viewer, member_ids) -> set[int]:
    """Those of `member_ids` who publicly recommended the viewer: one query."""
    if not getattr(viewer, "is_authenticated", False):
        return set()
    return _recommended_the_viewer(viewer.pk, member_ids)


def _recommended_the_viewer(viewer_id: int, member_ids) -> set[int]:
    """Those of `member_ids` who publicly recommended the viewer (accepted): one query. It
    reads all of the viewer's recommenders (a few rows by the subject's index) instead of
    sending the members along: search asks about a few hundred at a time."""
    wanted = {int(m) for m in member_ids}
    if not wanted:
        return set()
    recommenders = once_per_reading_request(  # search asks twice per page
        "recommenders",
        viewer_id,
        lambda: frozenset(_RECOMMENDERS(viewer=viewer_id)),
    )
    return wanted & recommenders


_RECOMMENDERS = KeptStatement(
    lambda viewer: (
        Recommendation.objects.public()
        .filter(subject_id=viewer)
        .values_list("author_id", flat=True)
    )
)


def _closeness_hops(
    viewer_id: int,
    member_id: int,
    paths: list[list[int]] | None = None,
    *,
    recommenders: set[int] = frozenset(),
):
    """Hops from the viewer to the member in the viewer's own view: the one definition of
    closeness behind every page, list and check (search, network, connection page, answers,
    trusted contacts). 1 for a direct positive edge of the viewer or a member who publicly
    recommended the viewer; None when the viewer marked the member "would not recommend" or
    no path leads there."""
    network = get_network()
    edge = network.own_edge(viewer_id, member_id)
    if edge is not None and edge < 0:
        return None
    if (edge is not None and edge > 0) or member_id in recommenders:
        return 1
    if paths is None:
        paths = network.explain(viewer_id, member_id, max_paths=3)
    return min((len(p) - 1 for p in paths), default=None)


def is_trusted_contact(viewer, member) -> bool:
    """`member` is one of the viewer's trusted contacts (whom the viewer may introduce or
    suggest): close to the viewer (a recommendation either way, the viewer's own positive mark)
    or trusted above `TRUSTED_CONTACT_THRESHOLD` in the viewer's own view; never a member the
    viewer marked "would not recommend". The viewer's own marks count here because only the
    viewer acts on the answer."""
    if not getattr(viewer, "is_authenticated", False) or viewer.pk == member.pk:
        return False
    with get_network().consistent() as network:
        recommenders = _recommended_the_viewer(viewer.pk, [member.pk])
        edge = network.own_edge(viewer.pk, member.pk)
        if edge is not None and edge < 0:
            return False
        if (edge is not None and edge > 0) or member.pk in recommenders:
            return True
        if Recommendation.objects.public().filter(author=viewer, subject=member).exists():
            return True
        score = network.scores(viewer.pk, [member.pk]).get(member.pk, 0.0)
        return score > TRUSTED_CONTACT_THRESHOLD


# -- paths ----------------------------------------------------------------------------------
def annotate_paths(viewer, raw_paths: list[list[int]], *, details: bool = True):
    """Turn engine paths (user ids) into `ConnectionPath`s the viewer may see.

    A constant number of queries for any number of paths: names, public recommendations on
    the path's pairs (with topics when `details`), and the viewer's own marks.
    """
    if not raw_paths:
        return []
    viewer_id = viewer.pk
    pairs = {(p[i], p[i + 1]) for p in raw_paths for i in range(len(p) - 1)}
    ids = {m for p in raw_paths for m in p}
    names = dict(_PATH_NAMES(members=sorted(ids)))
    authors, subjects = sorted({a for a, _b in pairs}), sorted({b for _a, b in pairs})
    public: dict[tuple[int, int], Recommendation | None] = {}
    if details:
        recs = _PATH_RECOMMENDATIONS(authors=authors, subjects=subjects)
        prefetch_kept(recs, "topics", ("id", "name", "slug"))
        for rec in recs:
            if (rec.author_id, rec.subject_id) in pairs:
                public[(rec.author_id, rec.subject_id)] = rec
    else:
        for a, b in _PATH_PAIRS(authors=authors, subjects=subjects):
            if (a, b) in pairs:
                public[(a, b)] = None
    # Only a step without a public recommendation can rest on an invitation.
    kinds = {pair: kind for pair, (_weight, kind) in extra_edges(pairs - public.keys()).items()}
    own_targets = {
        b for a, b in pairs if a == viewer_id and (a, b) not in public and (a, b) not in kinds
    }
    own_marks = {}
    if own_targets:
        own_marks = dict(_OWN_MARKS(viewer=viewer_id, members=sorted(own_targets)))

    result = []
    for path in raw_paths:
        target = path[-1]
        hidden: set[int] = set()
        for a, b in itertools.pairwise(path):
            if (a, b) in public or (a, b) in kinds or a == viewer_id:
                continue
            # Rests on another member's private mark: never name both ends.
            hidden.add(b if b != target else a)
        members = [_path_member(m, names, viewer_id, anonymous=m in hidden) for m in path]
        steps = []
        for i, (a, b) in enumerate(itertools.pairwise(path)):
            # A recommendation names its author: show it only between named members.
            named = a not in hidden and b not in hidden
            rec = public.get((a, b)) if details and named else None
            own = ""
            if (a, b) not in public and a == viewer_id and b not in hidden:
                level = own_marks.get(b)
                own = str(MarkLevel(level).label) if level else ""
            kind = kinds.get((a, b), "") if named and not own else ""
            steps.append(PathStep(members[i], members[i + 1], rec, own, kind))
        result.append(ConnectionPath(members, steps))
    return result


_PATH_NAMES = KeptStatement(
    lambda members: Profile.objects.filter(user_id__in=members).values_list(
        "user_id", "display_name"
    )
)
_PATH_PAIRS = KeptStatement(
    lambda authors, subjects: (
        Recommendation.objects.public()
        .filter(author_id__in=authors, subject_id__in=subjects)
        .values_list("author_id", "subject_id")
    )
)
_PATH_RECOMMENDATIONS = KeptStatement(
    lambda authors, subjects: (
        Recommendation.objects.public()
        .filter(author_id__in=authors, subject_id__in=subjects)
        .only(
            "id",
            "author_id",
            "subject_id",
            "text_html",
            "relationship",
            "known_since",
            "accepted_at",
            "hidden_by_moderators_at",
        )
    )
)
_OWN_MARKS = KeptStatement(
    lambda viewer, members: TrustMark.objects.filter(
        marker_id=viewer, member_id__in=members
    ).values_list("member_id", "level")
)


def _path_member(user_id: int, names: dict, viewer_id: int, *, anonymous: bool) -> PathMember:
    if user_id == viewer_id:
        return PathMember(user_id, pgettext("path", "You"), is_viewer=True)
    if anonymous:
        return PathMember(None, str(SOMEONE_YOU_TRUST), anonymous=True)
    return PathMember(user_id, names.get(user_id) or _("a member"))


# -- the network page -----------------------------------------------------------------------
@dataclass(frozen=True)
class NetworkEntry:
    """One row of "Your network": the member, the strongest path and words for closeness."""

    profile: Profile
    path: ConnectionPath | None
    closeness: str


def get_network_candidates(viewer, *, topic=None, profession: str = "", city: str = ""):
    """Listed profiles the viewer trusts (for a topic), filtered, in trust order.

    Returns a list of `Profile`s (two queries: the ranking is in memory).
    """
    ranked = get_ranked_members(viewer, topic=topic, limit=NETWORK_CANDIDATES)
    if not ranked:
        return []
    order = {user_id: i for i, (user_id, _score) in enumerate(ranked)}
    return sorted(
        _CANDIDATES((profession, city), members=list(order)), key=lambda p: order[p.user_id]
    )


def _candidates(profession: str, city: str, members):
    profiles = Profile.objects.filter(user_id__in=members, user__is_active=True).exclude(
        display_name=""
    )
    if profession:
        profiles = profiles.filter(profession__icontains=profession.strip())
    if city:
        profiles = profiles.filter(city__iexact=city.strip())
    return profiles


# The shape holds the filters' words: a statement is kept for each, the most recent first.
_CANDIDATES = KeptStatement(_candidates)


def get_network_entries(viewer, profiles: list[Profile]) -> list[NetworkEntry]:
    """The strongest path and closeness words for each profile (constant query count)."""
    if not profiles:
        return []
    recommenders = _recommended_the_viewer(viewer.pk, [p.user_id for p in profiles])
    with get_network().consistent() as network:
        raw = {p.user_id: network.explain(viewer.pk, p.user_id, max_paths=1) for p in profiles}
        hops = {
            p.user_id: _closeness_hops(
                viewer.pk, p.user_id, raw[p.user_id], recommenders=recommenders
            )
            for p in profiles
        }
    annotated = annotate_paths(viewer, [r[0] for r in raw.values() if r], details=False)
    by_target = {path.members[-1].user_id: path for path in annotated}
    return [
        NetworkEntry(p, by_target.get(p.user_id), closeness_words(hops[p.user_id]))
        for p in profiles
    ]


def path_line(path: ConnectionPath | None) -> str:
    """ "through Anna Schmidt → Bernd Ott" in words, for one line of a list."""
    if path is None:
        return ""
    first = path.steps[0] if path.steps else None
    if first is not None and first.kind == INVITED_BY:
        if path.hops == 1:
            return first.kind_label
        via = [
            _("%(name)s (invited you)") % {"name": m.name} if i == 0 else m.name
            for i, m in enumerate(path.via)
        ]
    else:
        via = [m.name for m in path.via]
    if not via:
        return ""  # "close" already says it
    return _("through %(names)s") % {"names": " → ".join(via)}


def get_marks_for_export(user) -> list[dict]:
    """The member's *own* private marks, for their personal data export (never anyone else's:
    marks about the member are not theirs to see)."""
    marks = (
        TrustMark.objects.filter(marker=user)
        .select_related("member__profile")
        .order_by("created_at")
    )
    return [
        {
            "member_id": mark.member_id,
            "member": str(mark.member),
            "level": mark.level,
            "label": str(MarkLevel(mark.level).label),
            "created_at": mark.created_at,
            "updated_at": mark.updated_at,
        }
        for mark in marks
    ]
