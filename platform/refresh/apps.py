from django.apps import AppConfig


class RefreshConfig(AppConfig):
    """What follows a school's change: the district's kept figures and the exchange directory (top layer)."""

    name = "refresh"
    verbose_name = "Refresh after a school's change"

    def ready(self) -> None:
        from exchange.directory import directory_sync
        from refresh.services import school_refresh_send
        from tenants.changes import follow_school_changes

        follow_school_changes(after_commit=school_refresh_send, mentor=directory_sync)
