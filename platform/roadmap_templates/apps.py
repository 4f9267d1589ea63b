from django.apps import AppConfig


class RoadmapTemplatesConfig(AppConfig):
    name = "roadmap_templates"
