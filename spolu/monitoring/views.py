"""The regional dashboard (A19), the list of imported figures, and field observations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from spolu.core.access import get_visible_or_404
from spolu.core.errors import SpoluError
from spolu.core.models import User
from spolu.monitoring import charts, queries, services
from spolu.monitoring.forms import (
    ObservationFilterForm,
    ObservationForm,
    ReferenceDateForm,
    StatisticFilterForm,
)
from spolu.monitoring.models import DIMENSIONS, Observation, OfficialStatistic
from spolu.network.formtools import add_service_errors


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _with_edit_flags(observations: Any, user: User) -> Any:
    for observation in observations:
        observation.editable = observation.editable_by(user)
    return observations


@require_GET
@permission_required("monitoring.view_officialstatistic", raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    dates = queries.available_dates(queries.home_region())
    form = ReferenceDateForm(request.GET or None, dates=dates)
    data = queries.dashboard(user, reference_date=form.chosen())
    if not form.is_bound and data.reference_date:
        form = ReferenceDateForm(dates=dates, initial={"date": data.reference_date.isoformat()})
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "data": data,
            "form": form,
            "charts": charts.all_charts(data),
            "observations": _with_edit_flags(queries.recent_observations(user), user),
            "can_import": user.has_perm("monitoring.add_officialstatistic"),
            "can_observe": user.has_perm("monitoring.add_observation"),
        },
    )


@require_GET
@permission_required("monitoring.view_officialstatistic", raise_exception=True)
def statistic_list(request: HttpRequest) -> HttpResponse:
    form = StatisticFilterForm(request.GET or None)
    stats = OfficialStatistic.objects.order_by("-date", "territory", *DIMENSIONS)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["territory"]:
            stats = stats.filter(territory=data["territory"])
        if data["date"]:
            stats = stats.filter(date=data["date"])
        if data["kind"]:
            stats = stats.filter(synthetic=data["kind"] == "synthetic")
        if data["breakdown"] == "totals":
            stats = stats.totals()
        elif data["breakdown"] == "details":
            stats = stats.exclude(citizenship="", residence_category="", sex="", age_band="")
    elif form.is_bound:
        stats = stats.none()
    page = Paginator(stats, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/statistic_list.html",
        {
            "form": form,
            "page": page,
            "query": _query(request),
            "can_import": _user(request).has_perm("monitoring.add_officialstatistic"),
        },
    )


@require_GET
@permission_required("monitoring.view_observation", raise_exception=True)
def observation_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ObservationFilterForm(request.GET or None)
    observations = Observation.objects.visible_to(user).select_related(
        "district", "author", "office"
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["district"]:
            observations = observations.filter(district=data["district"])
        if data["topic"]:
            observations = observations.filter(topic=data["topic"])
        if data["date_from"]:
            observations = observations.filter(date__gte=data["date_from"])
        if data["date_to"]:
            observations = observations.filter(date__lte=data["date_to"])
    elif form.is_bound:
        observations = observations.none()
    page = Paginator(observations, 30).get_page(request.GET.get("page"))
    page.object_list = _with_edit_flags(list(page.object_list), user)
    return render(
        request,
        "monitoring/observation_list.html",
        {
            "form": form,
            "page": page,
            "query": _query(request),
            "can_observe": user.has_perm("monitoring.add_observation"),
        },
    )


def _form_data(form: ObservationForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


@permission_required("monitoring.add_observation", raise_exception=True)
def observation_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ObservationForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.observation_create(actor=user, **_form_data(form))
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The observation was saved."))
            return redirect("monitoring:observations")
    return render(request, "monitoring/observation_form.html", {"form": form, "observation": None})


@permission_required("monitoring.change_observation", raise_exception=True)
def observation_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    observation = get_visible_or_404(Observation.objects.all(), user, pk=pk)
    if not observation.editable_by(user):
        raise PermissionDenied
    form = ObservationForm(request.POST or None, instance=observation, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.observation_update(
                actor=user,
                observation=observation,
                expected_version=form.expected_version(),
                **_form_data(form),
            )
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The observation was saved."))
            return redirect("monitoring:observations")
    return render(
        request, "monitoring/observation_form.html", {"form": form, "observation": observation}
    )
