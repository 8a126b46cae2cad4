"""The /api/v1/ throttle. Its rate is read from settings on each request (API_THROTTLE_RATE), so
that an operator's setting and a test's override both take effect; the counts live in the
shared cache, so every worker process sees the same history."""

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AuthRateThrottle


class MemberThrottle(AuthRateThrottle):
    """Per member for requests with a token or session; per client address for the (failed or
    public) rest. Authentication runs first, so a request that fails it is answered 401."""

    def __init__(self):
        super().__init__(settings.API_THROTTLE_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.API_THROTTLE_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
