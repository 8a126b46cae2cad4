"""The /api/v1/ throttle. Its rate is read from settings on each request (API_THROTTLE_RATE), so
that an operator's setting and a test's override both take effect; the counts live in the
database, so every worker process sees the same history.

The count is a sliding-window estimate (this window's requests plus the previous window's,
weighted by how much of it still overlaps), kept as a few numbers per client and counted in
one statement (`services.count_api_request`). ninja's own throttle keeps a timestamp per
request in the cache and rewrites the whole list on every request, which cost more than the
search it guarded once a member made hundreds of requests a minute; and a read followed by a
write of the cache loses the counts of concurrent requests."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AuthRateThrottle

from .services import count_api_request


class MemberThrottle(AuthRateThrottle):
    """Per member for requests with a token or session; per client address for the (failed or
    public) rest. Authentication runs first, so a request that fails it is answered 401."""

    def __init__(self):
        super().__init__(settings.API_THROTTLE_RATE)
        self.retry_after: float | None = None

    def get_cache_key(self, request: HttpRequest) -> str:
        # ninja keys a member by `str(request.auth)`: for us their display name, so two
        # members of the same name shared one count (and each request read the profile).
        member_id = getattr(getattr(request, "auth", None), "pk", None)
        return f"member-{member_id}" if member_id is not None else self.get_ident(request)

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
        elapsed = now - window * self.duration
        # The window's length is the scope: windows of another rate are numbered otherwise.
        scope = f"{self.duration}s"
        overlap = 1 - elapsed / self.duration
        if count_api_request(scope, self.key, window, overlap, self.num_requests):
            return True
        self.retry_after = self.duration - elapsed
        return False

    def wait(self) -> float | None:
        return self.retry_after
