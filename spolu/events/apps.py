from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_EVENT_MODELS = ["event", "eventparticipant", "eventprofessional", "eventevidence"]
_CAMPAIGN_MODELS = ["campaign", "campaignmaterial", "distributionaction"]
_ALL = ("view", "add", "change", "delete")
_REGISTER = [f"events.{a}_eventparticipant" for a in _ALL]


def _perms(actions: tuple[str, ...], models: list[str]) -> list[str]:
    return [f"events.{a}_{m}" for m in models for a in actions]


class EventsConfig(AppConfig):
    name = "spolu.events"
    label = "events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"

    # Coordinators manage everything; reception and case workers see events and register
    # clients; teachers see events; the auditor sees events, attendance and evidence.
    # Field visits use counselling's permissions (the model lives there); seeing colleagues'
    # visits takes events.view_office_field_visits, so a field worker sees the visits they made.
    role_permissions = {
        "receptionist": ["events.view_event", *_REGISTER, "events.subscribe_calendar"],
        "social_worker": [
            "events.view_event",
            *_REGISTER,
            "events.subscribe_calendar",
            "events.view_office_field_visits",
        ],
        "lawyer": [
            "events.view_event",
            *_REGISTER,
            "events.subscribe_calendar",
            "events.view_office_field_visits",
        ],
        "teacher": ["events.view_event", "events.subscribe_calendar"],
        "field_worker": [],
        "coordinator": [
            *_perms(_ALL, [*_EVENT_MODELS, *_CAMPAIGN_MODELS]),
            "events.subscribe_calendar",
            "events.view_office_field_visits",
            "events.import_events",
        ],
        "auditor": [
            *_perms(("view",), [*_EVENT_MODELS, *_CAMPAIGN_MODELS]),
            "events.view_office_field_visits",
        ],
        # Imports follow the rules of the client import: coordinators and administrators.
        # Administrators also revoke someone's calendar address in the admin.
        "administrator": [
            "events.import_events",
            "events.view_calendarfeed",
            "events.delete_calendarfeed",
        ],
    }

    def ready(self) -> None:
        from spolu.core import audit
        from spolu.events import models

        audit.register(
            models.Event,
            exclude_fields=["version", "updated_at"],
            m2m_fields={"organisers", "partner_organisations", "interpretation_languages"},
        )
        audit.register(models.Campaign, exclude_fields=["version", "updated_at"])
        audit.register(models.CampaignMaterial, m2m_fields={"languages"})
        audit.register(models.CalendarFeed, exclude_fields=["token_hash", "last_used_at"])
        for model in (
            models.EventParticipant,
            models.EventProfessional,
            models.EventEvidence,
            models.DistributionAction,
        ):
            audit.register(model)
        from spolu.events import signals

        signals.connect()
        self._register_hooks()

    @staticmethod
    def _register_hooks() -> None:
        from spolu.clients.merge import register_merge_handler
        from spolu.clients.panels import ClientPanel, register_client_panel
        from spolu.core.navigation import DashboardPanel, MenuItem, register_menu, register_panel
        from spolu.events import calendar, hooks, models
        from spolu.network.panels import OrganisationPanel, register_organisation_panel

        register_menu(
            MenuItem(
                "events",
                _("Events"),
                "events:calendar",
                "calendar-event",
                order=40,
                permission="events.view_event",
            )
        )
        register_menu(
            MenuItem(
                "field_work",
                _("Field work"),
                "events:field_visit_list",
                "geo-alt",
                order=45,
                permission="counselling.view_fieldvisit",
            )
        )
        register_panel(
            DashboardPanel(
                "events_upcoming",
                "events/_dashboard_upcoming.html",
                order=30,
                render=hooks.upcoming_events_panel,
            )
        )
        calendar.register_calendar_source("events", hooks.event_calendar_items)
        from spolu.events.importers import EventImporter, EventParticipantImporter
        from spolu.interchange.registry import register_importer

        register_importer("events", EventImporter)
        register_importer("event_participants", EventParticipantImporter)
        register_merge_handler(models.EventParticipant, hooks.merge_participations)
        register_client_panel(
            ClientPanel(
                "events",
                "events/_client_panel.html",
                order=50,
                context=hooks.client_panel,
            )
        )
        register_organisation_panel(
            OrganisationPanel(
                "events",
                "events/_organisation_panel.html",
                order=30,
                context=hooks.organisation_panel,
            )
        )
