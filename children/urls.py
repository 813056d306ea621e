from django.urls import path

from children import views

app_name = "children"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("add/", views.child_add, name="child_add"),
    path("<int:pk>/", views.child_detail, name="child_detail"),
    path("<int:pk>/details/", views.child_change, name="child_change"),
    path("<int:pk>/allocation/<slug:kind>/", views.allocation_change, name="allocation_change"),
    path("<int:pk>/care-leaver/", views.care_leaver_status, name="care_leaver_status"),
    path("<int:pk>/<slug:kind>/add/", views.record_add, name="record_add"),
    path("<int:pk>/<slug:kind>/<int:record_pk>/", views.record_change, name="record_change"),
    path("<int:pk>/<slug:kind>/<int:record_pk>/end/", views.record_end, name="record_end"),
]
