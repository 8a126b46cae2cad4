"""The JSON API under /api/v1/: the composition root that mounts each app's router."""

from ninja import Swagger

from goodword.accounts.api import router as members_router
from goodword.api.errors import DocumentedNinjaAPI, install_error_handlers
from goodword.api.throttles import MemberThrottle
from goodword.asks.api import router as asks_router
from goodword.circles.api import router as circles_router
from goodword.introductions.api import router as introductions_router
from goodword.invitations.api import router as invitations_router
from goodword.meetings.api import one_to_ones_router
from goodword.meetings.api import router as meetings_router
from goodword.messaging.api import router as messaging_router
from goodword.moderation.api import router as moderation_router
from goodword.notifications.api import router as notifications_router
from goodword.projects.api import router as projects_router
from goodword.recommendations.api import member_recommendations_router
from goodword.recommendations.api import router as recommendations_router
from goodword.referrals.api import router as referrals_router
from goodword.search.api import router as search_router
from goodword.trust.api import router as trust_router

api = DocumentedNinjaAPI(
    title="Goodword API",
    version="1",
    urls_namespace="api-v1",
    docs_url="/docs",
    # Served from the instance's static files ("ninja" app); no validator badge from
    # validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    throttle=[MemberThrottle()],
)
install_error_handlers(api)

api.add_router("/members", members_router)
api.add_router("/recommendations", recommendations_router)
api.add_router("/search", search_router)
api.add_router("/members", member_recommendations_router)
api.add_router("/messaging", messaging_router)
api.add_router("/trust", trust_router)
api.add_router("/introductions", introductions_router)
api.add_router("/requests", asks_router)
api.add_router("/referrals", referrals_router)
api.add_router("/notifications", notifications_router)
api.add_router("/projects", projects_router)
api.add_router("/invitations", invitations_router)
api.add_router("/moderation", moderation_router)
api.add_router("/circles", circles_router)
api.add_router("/meetings", meetings_router)
api.add_router("/one-to-ones", one_to_ones_router)
