"""The JSON API under /api/v1/. Each app contributes a router from its own `api.py`."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Goodword API",
    version="1",
    urls_namespace="api-v1",
    docs_url="/docs",
)
