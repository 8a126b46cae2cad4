"""The /api/v1/ throttle. Its rate is read from settings on each request (API_THROTTLE_RATE), so
that an operator's setting and a test's override both take effect; the counts live in the
shared cache, so every worker process sees the same history.

The count is a sliding-window estimate (this window's requests plus the previous window's,
weighted by how much of it still overlaps), kept as three numbers: ninja's own throttle keeps
a timestamp per request and rewrites the whole list on every request, which cost more than
the search it guarded once a member made hundreds of requests a minute."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AuthRateThrottle


class MemberThrottle(AuthRateThrottle):
    """Per member for requests with a token or session; per client address for the (failed or
    public) rest. Authentication runs first, so a request that fails it is answered 401."""

    # Not ninja's key: a process still running the earlier code (during a deployment) must
    # not read these counts as its list of timestamps.
    cache_format = "throttle-window_%(scope)s_%(ident)s"

    def __init__(self):
        super().__init__(settings.API_THROTTLE_RATE)
        self.retry_after: float | None = None

    def get_cache_key(self, request: HttpRequest) -> str:
        # ninja keys a member by `str(request.auth)`: for us their display name, so two
        # members of the same name shared one count (and each request read the profile).
        member_id = getattr(getattr(request, "auth", None), "pk", None)
        ident = f"member-{member_id}" if member_id is not None else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.API_THROTTLE_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request)
        if self.key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        stored = self.cache.get(self.key)
        current = previous = 0
        if stored and stored[0] == window:
            current, previous = stored[1], stored[2]
        elif stored and stored[0] == window - 1:
            previous = stored[1]
        elapsed = now - window * self.duration
        if previous * (1 - elapsed / self.duration) + current >= self.num_requests:
            self.retry_after = self.duration - elapsed
            return False
        self.cache.set(self.key, (window, current + 1, previous), 2 * self.duration)
        return True

    def wait(self) -> float | None:
        return self.retry_after
