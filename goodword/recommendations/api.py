from ninja import Router

from goodword.api.auth import api_auth

router = Router(tags=["recommendations"], auth=api_auth)
