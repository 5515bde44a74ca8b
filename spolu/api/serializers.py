from __future__ import annotations

from typing import Any

from rest_framework import serializers

from spolu.clients.models import Client, ResidenceStatus
from spolu.counselling.models import ServiceRecord


class ResidenceStatusSerializer(serializers.ModelSerializer[ResidenceStatus]):
    category = serializers.CharField(source="category_id")

    class Meta:
        model = ResidenceStatus
        fields = ["category", "valid_from", "valid_to", "permit_number"]


class ClientSerializer(serializers.ModelSerializer[Client]):
    citizenship = serializers.CharField(source="citizenship_id")
    district = serializers.CharField(source="district_id", allow_null=True)
    office = serializers.CharField(source="office.code")
    languages = serializers.SerializerMethodField()
    residence = ResidenceStatusSerializer(source="residence_statuses", many=True)

    class Meta:
        model = Client
        fields = [
            "id",
            "external_id",
            "first_name",
            "last_name",
            "first_name_latin",
            "last_name_latin",
            "sex",
            "birth_date",
            "birth_year",
            "citizenship",
            "languages",
            "district",
            "office",
            "first_contact_date",
            "residence",
        ]

    def get_languages(self, client: Client) -> list[str]:
        return sorted(language.code for language in client.languages.all())


class ServiceSerializer(serializers.ModelSerializer[ServiceRecord]):
    activity = serializers.CharField(source="activity_id")
    office = serializers.CharField(source="office.code")
    client = serializers.IntegerField(source="client_id", allow_null=True)
    organisation = serializers.IntegerField(source="organisation_id", allow_null=True)
    topics = serializers.SerializerMethodField()
    staff = serializers.CharField(source="staff.username")
    note = serializers.SerializerMethodField(help_text="Null when the viewer may not read it.")

    class Meta:
        model = ServiceRecord
        fields = [
            "id",
            "external_id",
            "date",
            "activity",
            "office",
            "minutes",
            "channel",
            "client",
            "organisation",
            "anonymous_count",
            "topics",
            "staff",
            "note",
        ]

    def get_topics(self, service: ServiceRecord) -> list[str]:
        return sorted(topic.code for topic in service.topics.all())

    def get_note(self, service: ServiceRecord) -> str | None:
        user: Any = self.context["request"].user
        return service.note if service.note_visible_to(user) else None
