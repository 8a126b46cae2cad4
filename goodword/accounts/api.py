from ninja import Router

from goodword.api.auth import api_auth

router = Router(tags=["members"], auth=api_auth)
