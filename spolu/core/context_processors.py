from typing import Any

from django.conf import settings
from django.http import HttpRequest

from spolu.core.navigation import grouped_menu, menu_for
from spolu.core.roles import ROLE_LABELS


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"staff_languages": settings.STAFF_LANGUAGES}
    menu = menu_for(user, request.path)
    return {
        "main_menu": grouped_menu(menu),
        "user_role_labels": [ROLE_LABELS.get(code, code) for code in user.role_codes],
        "staff_languages": settings.STAFF_LANGUAGES,
    }
