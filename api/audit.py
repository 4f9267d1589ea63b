"""REST endpoint: the school's audit record (director and curator)."""

from __future__ import annotations

from rest_framework import mixins, serializers
from rest_framework.routers import SimpleRouter

from api.base import SchoolViewSet
from audit import selectors
from audit.models import AuditEvent
from people.capabilities import Capability


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor", "actor_name", "action", "target_type", "target_id", "details"]
        read_only_fields = fields


class AuditEventViewSet(mixins.ListModelMixin, SchoolViewSet):
    """Who changed what and when in this school, newest first (`?action=` prefix, `?actor=` name)."""

    serializer_class = AuditEventSerializer
    required_capability = Capability.AUDIT_VIEW
    filterset_fields: list[str] = []

    def select_list(self):  # type: ignore[no-untyped-def]
        return selectors.audit_events(
            action=self.request.query_params.get("action", "").strip(),
            actor_query=self.request.query_params.get("actor", "").strip(),
        )


router = SimpleRouter()
router.register("audit", AuditEventViewSet, basename="audit")
urlpatterns = router.urls
