from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("spolu.core.urls")),
    path("clients/", include("spolu.clients.urls")),
    path("services/", include("spolu.counselling.urls")),
    path("legal/", include("spolu.legal.urls")),
    path("data/", include("spolu.interchange.urls")),
    path("courses/", include("spolu.courses.urls")),
    path("events/", include("spolu.events.urls")),
    path("network/", include("spolu.network.urls")),
    path("monitoring/", include("spolu.monitoring.urls")),
    path("reports/", include("spolu.reporting.urls")),
    path("timesheets/", include("spolu.timesheets.urls")),
    path("api/", include("spolu.api.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "spolu.core.views.bad_request"
handler403 = "spolu.core.views.permission_denied"
handler404 = "spolu.core.views.page_not_found"
handler500 = "spolu.core.views.server_error"
