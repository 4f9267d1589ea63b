"""REST endpoint: the school's audit record (director and curator)."""

from __future__ import annotations

from rest_framework import mixins, serializers
from rest_framework.routers import SimpleRouter

from api.base import SchoolViewSet
from audit import selectors
from audit.models import AuditEvent
from audit.presentation import as_api, present
from people.capabilities import Capability


class AuditEventListSerializer(serializers.ListSerializer):  # type: ignore[type-arg]
    """The page's events with the labels people read beside the codes (audit.presentation, bounded queries)."""

    def to_representation(self, data):  # type: ignore[no-untyped-def]
        events = list(data.all() if hasattr(data, "all") else data)
        shown = present(events)
        return [{**self.child.to_representation(event), **as_api(view)}  # type: ignore[union-attr]
                for event, view in zip(events, shown, strict=True)]


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    """The codes as recorded, and beside them `action_label`, `object_kind`, `object_name` and `details_shown`
    (each detail's label and value as the page shows them)."""

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor", "actor_name", "action", "target_type", "target_id", "details"]
        read_only_fields = fields
        list_serializer_class = AuditEventListSerializer


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
