from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_SERVICE = ["servicerecord", "appointment", "fieldvisit"]


def _perms(actions: tuple[str, ...], models: list[str] = _SERVICE) -> list[str]:
    return [f"counselling.{a}_{m}" for m in models for a in actions]


class CounsellingConfig(AppConfig):
    name = "spolu.counselling"
    label = "counselling"
    verbose_name = _("Counselling and services")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        "receptionist": _perms(("view", "add", "change"), ["servicerecord", "appointment"]),
        "social_worker": [*_perms(("view", "add", "change")), "counselling.view_service_notes"],
        "lawyer": [
            *_perms(("view", "add", "change")),
            "counselling.view_service_notes",
            "counselling.view_confidential_notes",
        ],
        "field_worker": [
            *_perms(("view", "add", "change"), ["servicerecord", "fieldvisit"]),
            "counselling.view_service_notes",
        ],
        "coordinator": [
            *_perms(("view", "add", "change")),
            "counselling.view_service_notes",
            *[f"counselling.{a}_topic" for a in ("view", "add", "change")],
        ],
        "auditor": _perms(("view",), ["servicerecord", "fieldvisit"]),
        "administrator": [
            *[f"counselling.{a}_topic" for a in ("view", "add", "change", "delete")],
        ],
    }

    def ready(self) -> None:
        from spolu.clients.panels import ClientPanel, register_client_panel
        from spolu.clients.subject_access import register_withheld
        from spolu.core import audit
        from spolu.core.navigation import DashboardPanel, MenuItem, register_menu, register_panel
        from spolu.counselling import models, panels

        # The right-of-access export hides the notes the pages hide.
        register_withheld(
            models.ServiceRecord,
            lambda row, user: {"note"} if row.note and not row.note_visible_to(user) else set(),
        )

        # Notes never reach the audit log: legal (A05) and other confidential notes are for the
        # legal team only, and administrators browse the log (as for legal case summaries).
        audit.register(
            models.ServiceRecord,
            exclude_fields=["note", "version", "updated_at"],
            m2m_fields={"topics"},
        )
        for model in (models.Topic, models.FieldVisit, models.Appointment, models.WorkDigestSent):
            audit.register(model)

        register_client_panel(
            ClientPanel(
                "services", "counselling/_client_services.html", 10, panels.client_services_panel
            )
        )
        register_panel(
            DashboardPanel(
                "appointments",
                "counselling/_panel_appointments.html",
                10,
                panels.my_appointments_panel,
            )
        )
        register_panel(
            DashboardPanel(
                "follow_ups", "counselling/_panel_follow_ups.html", 20, panels.my_follow_ups_panel
            )
        )
        register_panel(
            DashboardPanel(
                "quick_anonymous",
                "counselling/_panel_anonymous.html",
                5,
                panels.quick_anonymous_panel,
            )
        )
        register_panel(
            DashboardPanel(
                "expiring_permits",
                "counselling/_panel_permits.html",
                30,
                panels.expiring_permits_panel,
            )
        )
        register_menu(
            MenuItem(
                "services",
                _("Services"),
                "counselling:list",
                "chat-square-text",
                order=20,
                permission="counselling.view_servicerecord",
            )
        )
        register_menu(
            MenuItem(
                "appointments",
                _("Appointments"),
                "counselling:appointments",
                "calendar-check",
                order=25,
                permission="counselling.view_appointment",
            )
        )
