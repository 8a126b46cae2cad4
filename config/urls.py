from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from config.api import api

# Staff log in like every member: password, lockout, and the second factor if they turned it on.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("goodword.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("goodword.accounts.urls")),
    path("topics/", include("goodword.topics.urls")),
    path("recommendations/", include("goodword.recommendations.urls")),
    path("notifications/", include("goodword.notifications.urls")),
    path("members/", include("goodword.directory.urls")),
    path("search/", include("goodword.search.urls")),
    path("trust/", include("goodword.trust.urls")),
    path("settings/api-tokens/", include("goodword.api.urls")),
    path("messages/", include("goodword.messaging.urls")),
    path("introductions/", include("goodword.introductions.urls")),
    path("requests/", include("goodword.asks.urls")),
    path("referrals/", include("goodword.referrals.urls")),
    path("projects/", include("goodword.projects.urls")),
    path("invitations/", include("goodword.invitations.urls")),
    path("circles/", include("goodword.circles.urls")),
    path("meetings/", include("goodword.meetings.urls")),
    path("settings/email/", include("goodword.subscriptions.urls")),
    path("moderation/", include("goodword.moderation.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Uploaded portraits: in development from MEDIA_ROOT; in production the reverse proxy serves
# /media/ from disk (deploy/Caddyfile.example, docs/deploy.md).
if not settings.PRODUCTION:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
