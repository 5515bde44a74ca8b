from django.urls import path

from spolu.interchange import views

app_name = "interchange"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_upload, name="upload"),
    path("import/preview/", views.import_preview, name="preview"),
    path("import/confirm/", views.import_confirm, name="confirm"),
    path("import/cancel/", views.import_cancel, name="cancel"),
    path(
        "templates/<slug:kind>.<str:file_format>",
        views.template_download,
        name="template",
    ),
    path("export/<slug:kind>/", views.export, name="export"),
]
