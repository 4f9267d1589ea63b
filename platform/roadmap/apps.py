from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "roadmap"

    def ready(self) -> None:
        from roadmap.services import roadmap_ensure_current
        from tenants.setup import school_setup_step

        # A new school starts its year from the district's roadmap template (tenants.services.school_register).
        school_setup_step(roadmap_ensure_current)
