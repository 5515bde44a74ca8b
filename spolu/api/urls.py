from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from spolu.api import views

app_name = "api"

router = DefaultRouter()
router.register("clients", views.ClientViewSet, basename="client")
router.register("services", views.ServiceViewSet, basename="service")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
