from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_DIRECTORY = ["organisation", "contactperson"]
_VOLUNTEERS = ["volunteer", "volunteeragreement", "volunteerassignment", "volunteerhours"]
_PLATFORMS = [
    "platform",
    "platformmembership",
    "platformmeeting",
    "meetingattendance",
    "actionitem",
]
_ALL = ("view", "add", "change", "delete")


def _perms(actions: tuple[str, ...], models: list[str]) -> list[str]:
    return [f"network.{a}_{m}" for m in models for a in actions]


class NetworkConfig(AppConfig):
    name = "spolu.network"
    label = "network"
    verbose_name = _("Partner network")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        "receptionist": _perms(("view",), _DIRECTORY),
        "social_worker": [
            *_perms(("view", "add", "change"), _DIRECTORY),
            *_perms(("view",), ["platform", "platformmembership", "platformmeeting"]),
        ],
        "lawyer": [
            *_perms(("view", "add", "change"), _DIRECTORY),
            *_perms(("view",), ["platform", "platformmembership", "platformmeeting"]),
        ],
        "teacher": _perms(("view",), _DIRECTORY),
        "field_worker": _perms(("view", "add", "change"), _DIRECTORY),
        "coordinator": _perms(_ALL, [*_DIRECTORY, *_VOLUNTEERS, *_PLATFORMS]),
        "auditor": _perms(("view",), [*_DIRECTORY, *_VOLUNTEERS, *_PLATFORMS]),
        "administrator": _perms(_ALL, _DIRECTORY),
    }

    def ready(self) -> None:
        from spolu.core import audit
        from spolu.network import models

        audit.register(models.Organisation, exclude_fields=["version", "updated_at"])
        audit.register(
            models.Volunteer, exclude_fields=["version", "updated_at"], m2m_fields={"languages"}
        )
        audit.register(models.Platform, exclude_fields=["version", "updated_at"])
        audit.register(
            models.PlatformMeeting, exclude_fields=["version", "updated_at"], m2m_fields={"staff"}
        )
        for model in (
            models.ContactPerson,
            models.VolunteerAgreement,
            models.VolunteerAssignment,
            models.VolunteerHours,
            models.PlatformMembership,
            models.MeetingAttendance,
            models.ActionItem,
        ):
            audit.register(model)
        self._register_navigation()
        self._register_panels()
        from spolu.events.calendar import register_calendar_source
        from spolu.network import hooks

        register_calendar_source("platform_meetings", hooks.meeting_calendar_items)

    @staticmethod
    def _register_navigation() -> None:
        from spolu.core.navigation import DashboardPanel, MenuItem, register_menu, register_panel
        from spolu.network import dashboard

        register_menu(
            MenuItem(
                "network",
                _("Network"),
                "network:organisation_list",
                "diagram-3",
                order=60,
                permission="network.view_organisation",
            )
        )
        register_panel(
            DashboardPanel(
                "network_action_items",
                "network/_dashboard_action_items.html",
                order=40,
                render=dashboard.action_items_panel,
            )
        )

    @staticmethod
    def _register_panels() -> None:
        from spolu.network import organisation_panels
        from spolu.network.panels import OrganisationPanel, register_organisation_panel

        register_organisation_panel(
            OrganisationPanel(
                "services",
                "network/_panel_services.html",
                order=20,
                context=organisation_panels.services_panel,
            )
        )
        register_organisation_panel(
            OrganisationPanel(
                "platforms_and_students",
                "network/_panel_network.html",
                order=40,
                context=organisation_panels.network_panel,
            )
        )
