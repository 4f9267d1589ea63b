from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Школы"

    def ready(self) -> None:
        # django-tenants finds an executor among its base class's subclasses: `EXECUTOR=region` (issue 15).
        from tenants import migrate_command  # noqa: F401
