from django.urls import path

from placements import views

app_name = "placements"

urlpatterns = [
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_report, name="import_report"),
    path("import/<int:pk>/errors.csv", views.import_errors_csv, name="import_errors_csv"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/done/", views.import_done, name="import_done"),
]
