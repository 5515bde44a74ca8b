from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_CRUD = ("view", "add", "change")
_CLIENT_MODELS = ["client", "clientalias", "clientrelation", "residencestatus", "consent"]
# A household link recorded by mistake can be removed by whoever may record one.
_UNLINK = "clients.delete_clientrelation"


def _perms(actions: tuple[str, ...], models: list[str] = _CLIENT_MODELS) -> list[str]:
    return [f"clients.{a}_{m}" for m in models for a in actions]


class ClientsConfig(AppConfig):
    name = "spolu.clients"
    label = "clients"
    verbose_name = _("Clients")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        "receptionist": [*_perms(_CRUD), _UNLINK],
        "social_worker": [*_perms(_CRUD), _UNLINK, "clients.merge_client", "clients.export_client"],
        "lawyer": [*_perms(_CRUD), _UNLINK, "clients.merge_client", "clients.export_client"],
        "field_worker": _perms(("view", "add")),
        "coordinator": [
            *_perms(_CRUD),
            _UNLINK,
            "clients.merge_client",
            "clients.export_client",
            "clients.import_data",
            "clients.anonymise_client",
            "clients.export_subject_data",
        ],
        "auditor": _perms(("view",), ["client", "residencestatus"]),
        # Administrators configure (DESIGN.md §1): they import files but open no client file;
        # erasure and access requests go to a coordinator.
        "administrator": ["clients.import_data"],
    }

    def ready(self) -> None:
        from spolu.clients import models
        from spolu.core import audit
        from spolu.core.navigation import MenuItem, register_menu

        audit.register(
            models.Client,
            exclude_fields=["search_text", "version", "updated_at"],
            m2m_fields={"languages"},
        )
        for model in (
            models.ClientAlias,
            models.ClientRelation,
            models.ResidenceStatus,
            models.Consent,
        ):
            audit.register(model)
        register_menu(
            MenuItem(
                "clients",
                _("Clients"),
                "clients:list",
                "people",
                order=10,
                permission="clients.view_client",
            )
        )
