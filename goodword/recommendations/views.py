from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def how_we_check(request: HttpRequest) -> HttpResponse:
    return render(request, "recommendations/how_we_check.html")
