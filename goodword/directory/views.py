from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def member_list(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/list.html")
