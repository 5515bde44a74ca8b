"""Information campaigns (A01): campaigns, their materials and distribution actions, and the
report of copies and reach per language and channel."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from spolu.core.access import get_visible_or_404
from spolu.core.errors import SpoluError
from spolu.core.models import Language
from spolu.events import services
from spolu.events.forms import CampaignForm, CampaignReportForm, DistributionForm, MaterialForm
from spolu.events.models import Campaign, DistributionAction, DistributionChannel
from spolu.events.queries import DistributionTotals, distribution_totals
from spolu.network.formtools import add_service_errors


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_visible_or_404(Campaign.objects.select_related("office"), request.user, pk=pk)


@require_GET
@permission_required("events.view_campaign", raise_exception=True)
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = list(
        Campaign.objects.visible_to(request.user).select_related("office").order_by("-starts_on")
    )
    totals = {
        row["campaign_id"]: row
        for row in DistributionAction.objects.filter(campaign__in=[c.pk for c in campaigns])
        .order_by()
        .values("campaign_id")
        .annotate(**_sums())
    }
    for campaign in campaigns:
        row = totals.get(campaign.pk, {})
        campaign.total_copies = row.get("copies") or 0  # type: ignore[attr-defined]
        campaign.total_reach = row.get("reach") or 0  # type: ignore[attr-defined]
    return render(request, "events/campaign_list.html", {"campaigns": campaigns})


def _sums() -> dict[str, Any]:
    return {"copies": Sum("copies"), "reach": Sum("reach")}


@permission_required("events.add_campaign", raise_exception=True)
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            campaign = services.campaign_create(actor=request.user, **data)  # type: ignore[arg-type]
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The campaign was saved. Add its materials."))
            return redirect("events:campaign_detail", pk=campaign.pk)
    return render(request, "events/campaign_form.html", {"form": form, "campaign": None})


@permission_required("events.change_campaign", raise_exception=True)
def campaign_update(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    form = CampaignForm(request.POST or None, instance=campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.campaign_update(
                actor=request.user,  # type: ignore[arg-type]
                campaign=campaign,
                expected_version=form.expected_version(),
                **data,
            )
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The campaign was saved."))
            return redirect("events:campaign_detail", pk=campaign.pk)
    return render(request, "events/campaign_form.html", {"form": form, "campaign": campaign})


def _language_names(totals: DistributionTotals) -> dict[str, str]:
    codes = [code for code, _c, _r in totals.by_language]
    return {lang.code: lang.name for lang in Language.objects.filter(code__in=codes)}


def _report_context(totals: DistributionTotals) -> dict[str, Any]:
    names = _language_names(totals)
    channels = dict(DistributionChannel.choices)
    used_channels = [c for c, _copies, _reach in totals.by_channel]
    matrix = [
        {
            "language": names.get(code, code),
            "copies": copies,
            "reach": reach,
            "cells": [totals.by_language_channel.get((code, c), (0, 0)) for c in used_channels],
        }
        for code, copies, reach in totals.by_language
    ]
    return {
        "totals": totals,
        "matrix": matrix,
        "channel_labels": [channels.get(c, c) for c in used_channels],
        "by_channel": [
            {"label": channels.get(c, c), "copies": copies, "reach": reach}
            for c, copies, reach in totals.by_channel
        ],
    }


def _detail_context(request: HttpRequest, campaign: Campaign, **forms: Any) -> dict[str, Any]:
    user: Any = request.user
    materials = list(campaign.materials.prefetch_related("languages"))
    actions = list(
        campaign.distribution_actions.select_related("material", "district").order_by(
            "-date", "-pk"
        )
    )
    return {
        "campaign": campaign,
        "materials": materials,
        "actions": actions,
        "can_edit": user.has_perm("events.change_campaign"),
        "can_add_material": user.has_perm("events.add_campaignmaterial"),
        "can_add_action": user.has_perm("events.add_distributionaction") and bool(materials),
        "can_remove_action": user.has_perm("events.delete_distributionaction"),
        "material_form": MaterialForm(),
        "distribution_form": DistributionForm(campaign=campaign),
        **_report_context(distribution_totals(campaign.distribution_actions.all())),
        **forms,
    }


@require_GET
@permission_required("events.view_campaign", raise_exception=True)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    return render(request, "events/campaign_detail.html", _detail_context(request, campaign))


def _detail_with(request: HttpRequest, campaign: Campaign, forms: dict[str, Any]) -> HttpResponse:
    context = _detail_context(request, campaign, **forms)
    return render(request, "events/campaign_detail.html", context, status=400)


@require_POST
@permission_required("events.add_campaignmaterial", raise_exception=True)
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    form = MaterialForm(request.POST)
    if form.is_valid():
        try:
            services.material_add(campaign=campaign, **form.cleaned_data)
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The material was added."))
            return redirect("events:campaign_detail", pk=campaign.pk)
    return _detail_with(request, campaign, {"material_form": form, "open_form": "material"})


@require_POST
@permission_required("events.add_distributionaction", raise_exception=True)
def distribution_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    form = DistributionForm(request.POST, campaign=campaign)
    if form.is_valid():
        try:
            services.distribution_add(
                actor=request.user,  # type: ignore[arg-type]
                campaign=campaign,
                **form.cleaned_data,
            )
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The distribution was recorded."))
            return redirect("events:campaign_detail", pk=campaign.pk)
    return _detail_with(request, campaign, {"distribution_form": form, "open_form": "distribution"})


@require_POST
@permission_required("events.delete_distributionaction", raise_exception=True)
def distribution_remove(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    action = get_object_or_404(DistributionAction, pk=action_pk, campaign=campaign)
    services.distribution_remove(action=action)
    messages.success(request, _("The distribution was removed."))
    return redirect("events:campaign_detail", pk=campaign.pk)


@require_GET
@permission_required("events.view_campaign", raise_exception=True)
def campaign_report(request: HttpRequest) -> HttpResponse:
    """Copies and reach of every campaign the user sees, for a period, per language and channel."""
    today = timezone.localdate()
    initial = {"date_from": date(today.year, 1, 1), "date_to": today}
    form = CampaignReportForm(request.GET or initial, user=request.user)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        campaigns = Campaign.objects.visible_to(request.user)
        if data["office"]:
            campaigns = campaigns.filter(office=data["office"])
        actions = DistributionAction.objects.filter(
            campaign__in=campaigns, date__gte=data["date_from"], date__lte=data["date_to"]
        )
        context.update(_report_context(distribution_totals(actions)))
    return render(request, "events/campaign_report.html", context)
