from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/<int:member_id>/", views.referral_new, name="new"),
    path("<int:referral_id>/", views.referral_detail, name="detail"),
    path("<int:referral_id>/status/", views.referral_status, name="status"),
]
