from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_LAWYER = [
    *[f"legal.{a}_legalcase" for a in ("view", "add", "change")],
    *[f"legal.{a}_deadline" for a in ("view", "add", "change", "delete")],
    *[f"legal.{a}_legalnote" for a in ("view", "add")],
]


class LegalConfig(AppConfig):
    name = "spolu.legal"
    label = "legal"
    verbose_name = _("Legal counselling")
    default_auto_field = "django.db.models.BigAutoField"

    # Lawyers manage cases; the coordinator may see that cases exist (matter, status,
    # deadlines) but not the confidential summary or notes (no view_confidential_notes);
    # every other role sees nothing of legal cases.
    role_permissions = {
        "lawyer": _LAWYER,
        "coordinator": ["legal.view_legalcase", "legal.view_deadline"],
    }

    def ready(self) -> None:
        from spolu.clients.panels import ClientPanel, register_client_panel
        from spolu.clients.subject_access import ALL_FIELDS, register_withheld
        from spolu.core import audit
        from spolu.core.navigation import DashboardPanel, MenuItem, register_menu, register_panel
        from spolu.legal import models, panels

        # The right-of-access export hides what the pages hide from non-lawyers.
        register_withheld(
            models.LegalCase,
            lambda case, user: (
                {"summary"} if case.summary and not case.summary_visible_to(user) else set()
            ),
        )
        register_withheld(
            models.LegalNote,
            lambda note, user: (
                set() if models.is_legal_team(user) or note.author_id == user.pk else {ALL_FIELDS}
            ),
        )

        # Confidential texts never reach the audit log (administrators browse it).
        audit.register(
            models.LegalCase,
            exclude_fields=["summary", "version", "updated_at"],
            m2m_fields={"services"},
        )
        audit.register(models.LegalNote, exclude_fields=["text"])
        audit.register(models.Deadline)
        audit.register(models.ReminderSent)
        register_menu(
            MenuItem(
                "legal",
                _("Legal cases"),
                "legal:list",
                "briefcase",
                order=30,
                permission="legal.view_legalcase",
            )
        )
        register_panel(
            DashboardPanel(
                "legal_deadlines", "legal/_dashboard_panel.html", 15, panels.deadlines_panel
            )
        )
        register_client_panel(
            ClientPanel("legal_cases", "legal/_client_panel.html", 40, panels.client_cases_panel)
        )
