import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_reports_database_ok(client):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_home_page_renders_in_german_by_default(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
