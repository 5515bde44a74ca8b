"""Read-only REST API over the same scoping as the web pages (OpenAPI at /api/schema/).

Sessions that passed both factors authenticate it; every endpoint checks the same permission
as the matching page and filters through the model's `visible_to(user)`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from spolu.api.permissions import HasPermission
from spolu.api.serializers import ClientSerializer, ServiceSerializer
from spolu.clients.models import Client, ResidenceStatus
from spolu.core import audit
from spolu.core.dates import EARLIEST, LATEST, parse_date_param
from spolu.counselling.models import ServiceRecord


def _date_param(request: Any, name: str) -> Any:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    value = parse_date_param(raw)
    if value is None:
        # Malformed, impossible (2024-02-30) or outside the plausible range: one reason for all.
        raise ValidationError(
            {
                name: _(
                    "Use an existing date in the form YYYY-MM-DD between %(earliest)s and "
                    "%(latest)s."
                )
                % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()}
            }
        )
    return value


class ClientViewSet(viewsets.ReadOnlyModelViewSet[Client]):
    serializer_class = ClientSerializer
    permission_classes = [HasPermission]
    required_permission = "clients.view_client"

    def get_queryset(self) -> QuerySet[Client]:
        return (
            Client.objects.visible_to(self.request.user)
            .active()
            .select_related("office")
            .prefetch_related(
                "languages",
                Prefetch("residence_statuses", ResidenceStatus.objects.order_by("valid_from")),
            )
            .order_by("pk")
        )

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        # Opening one client's file is logged, as on the web page. The list shows only the
        # basics of many people and, like the web list, is not logged per client.
        client = self.get_object()
        audit.log_view(client)
        return Response(self.get_serializer(client).data)


class ServiceViewSet(viewsets.ReadOnlyModelViewSet[ServiceRecord]):
    serializer_class = ServiceSerializer
    permission_classes = [HasPermission]
    required_permission = "counselling.view_servicerecord"

    def get_queryset(self) -> QuerySet[ServiceRecord]:
        services = (
            ServiceRecord.objects.visible_to(self.request.user)
            .select_related("office", "staff")
            .prefetch_related("topics")
            .order_by("-date", "-pk")
        )
        date_from = _date_param(self.request, "from")
        date_to = _date_param(self.request, "to")
        if date_from and date_to and date_to < date_from:
            raise ValidationError({"to": _("The end date is before the start date.")})
        if date_from:
            services = services.filter(date__gte=date_from)
        if date_to:
            services = services.filter(date__lte=date_to)
        if activity := self.request.query_params.get("activity"):
            services = services.filter(activity_id=activity)
        return services
