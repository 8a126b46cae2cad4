from django.http import HttpResponse
from django.urls import include, path, register_converter


class Padded:
    regex = "[0-9]{4,}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{value:04d}"


register_converter(Padded, "padded")


def view(request, **kwargs):
    return HttpResponse()


accounts = ([path("p/<int:user_id>/x", view, name="profile")], "accounts")
urlpatterns = [
    path("", include(accounts)),
    path("padded/<padded:n>/", view, name="padded"),
]
