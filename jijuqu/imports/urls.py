from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("imports/projects/", views.upload, name="upload"),
    path("imports/<int:pk>/", views.job, name="job"),
    path("imports/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("imports/<int:pk>/progress/", views.progress, name="progress"),
    path("imports/<int:pk>/errors.xlsx", views.errors, name="errors"),
    path("imports/<slug:kind>/", views.upload, name="upload_kind"),
]
