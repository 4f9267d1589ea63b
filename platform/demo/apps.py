from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo district (`manage.py seed_demo`): no models of its own."""

    name = "demo"
    verbose_name = _("Demo district")
