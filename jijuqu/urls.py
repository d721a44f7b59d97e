from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jijuqu.api import api
from jijuqu.core import views as core_views
from jijuqu.dashboard import views as dashboard_views
from jijuqu.jobs import views as job_views

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", core_views.PasswordChange.as_view(), name="password_change"),
    path("tokens/", core_views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", core_views.token_revoke, name="token_revoke"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("recycle-bin/", core_views.recycle_bin, name="recycle_bin"),
    path("recycle-bin/<int:pk>/restore/", core_views.recycle_restore, name="recycle_restore"),
    path("recycle-bin/<int:pk>/purge/", core_views.recycle_purge, name="recycle_purge"),
    path("api/", api.urls),
    path("healthz", job_views.healthz, name="healthz"),
    path("", include("jijuqu.zones.urls")),
    path("", include("jijuqu.enterprises.urls")),
    path("", include("jijuqu.projects.urls")),
    path("", include("jijuqu.imports.urls")),
    path("", include("jijuqu.reports.urls")),
    path("", include("jijuqu.assessment.urls")),
    path("", include("jijuqu.land.urls")),
    path("", include("jijuqu.jobs.urls")),
    path("", include("jijuqu.service.urls")),
    path("", include("jijuqu.attraction.urls")),
    path("", include("jijuqu.chains.urls")),
]
