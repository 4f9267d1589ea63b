"""Serializers: input parsing and output shape only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from people.models import Membership, Person
from tenants.models import School, SchoolKind


class PersonSerializer(serializers.ModelSerializer[Person]):
    full_name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "username", "last_name", "first_name", "patronymic", "full_name", "email"]
        read_only_fields = fields


class SchoolSerializer(serializers.ModelSerializer[School]):
    host = serializers.SerializerMethodField()

    class Meta:
        model = School
        fields = [
            "uuid", "slug", "full_name", "short_name", "kind", "locality", "second_language_code",
            "full_name_second_language", "short_name_second_language", "status", "host", "created_at",
        ]
        read_only_fields = fields

    def get_host(self, school: School) -> str:
        domains = list(school.domains.all())
        primary = next((d for d in domains if d.is_primary), domains[0] if domains else None)
        return primary.domain if primary else ""


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    school = SchoolSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["school", "roles"]
        read_only_fields = fields


class SchoolMeSerializer(serializers.Serializer):
    person = PersonSerializer()
    school = SchoolSerializer()
    roles = serializers.ListField(child=serializers.CharField())


class DistrictMeSerializer(serializers.Serializer):
    person = PersonSerializer()
    district_roles = serializers.ListField(child=serializers.CharField())
    memberships = MembershipSerializer(many=True)


class SchoolRegistrationSerializer(serializers.Serializer):
    slug = serializers.CharField(max_length=50, help_text=_("Subdomain and schema name, e.g. meskety"))
    full_name = serializers.CharField(max_length=500)
    short_name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=SchoolKind.choices, default=SchoolKind.SOSH)
    locality = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    second_language_code = serializers.CharField(max_length=8, required=False, allow_blank=True, default="")
    full_name_second_language = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    short_name_second_language = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    admin_username = serializers.CharField(max_length=150)
    admin_last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    admin_first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    admin_patronymic = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    admin_email = serializers.EmailField(required=False, allow_blank=True, default="")
    admin_password = serializers.CharField(
        required=False, allow_blank=True, default="", write_only=True,
        help_text=_("Leave empty to generate a one-time password"),
    )


class RegisteredSchoolSerializer(serializers.Serializer):
    school = SchoolSerializer()
    administrator = PersonSerializer()
    generated_password = serializers.CharField(allow_null=True)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    # Issue 10: a code from the authenticator app (or a recovery code), for accounts with a second factor.
    otp = serializers.CharField(required=False, allow_blank=True, max_length=32)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class ReportJobSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """The fields every background report shares (the school's final report, the district's report):
    the year as 2025/2026, whether it is ready, who asked, and its files' addresses once ready.
    A subclass sets `files_prefix` (the endpoint the files are served under) and its Meta."""

    files_prefix = ""

    year = serializers.SerializerMethodField()
    ready = serializers.BooleanField(source="is_ready", read_only=True)
    requested_by_name = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()

    def get_year(self, report) -> str:  # type: ignore[no-untyped-def]
        return str(report.academic_year)

    def get_requested_by_name(self, report) -> str:  # type: ignore[no-untyped-def]
        return report.requested_by.get_full_name() if report.requested_by else ""

    def _url(self, report, kind: str) -> str | None:  # type: ignore[no-untyped-def]
        return f"{self.files_prefix}{report.pk}/{kind}/" if report.is_ready else None

    def get_pdf_url(self, report) -> str | None:  # type: ignore[no-untyped-def]
        return self._url(report, "pdf")

    def get_xlsx_url(self, report) -> str | None:  # type: ignore[no-untyped-def]
        return self._url(report, "xlsx")
