"""System checks of the instance's own configuration (run by `migrate`, `check --deploy`, …)."""

from django.conf import settings
from django.core.checks import Error

from .legal import legal_problems


def legal_pages_check(app_configs=None, **kwargs) -> list[Error]:
    """In production the Impressum and the privacy notice must be the operator's own texts:
    a German operator may not go live without them, so installing stops here."""
    if not settings.PRODUCTION:
        return []
    return [
        Error(
            f"Legal page not configured: {problem}.",
            hint="Copy deploy/legal/*.html to LEGAL_DIR and fill in every [[…]] (docs/deploy.md).",
            id="goodword.E001",
        )
        for problem in legal_problems()
    ]
