"""What of the mentor exchange stays inside the requesting school: who the request is for.

The district's MentorRequest (public) carries only the needs; the mentee it is for is known
here alone, so no personal data of the mentee leaves the school (issue 6).
"""

from __future__ import annotations

from django.db import models


class RequestMentee(models.Model):
    request_uuid = models.UUIDField(unique=True)
    mentee = models.ForeignKey("staff.StaffMember", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.request_uuid)
