"""Development and the demo: the embedded defaults, DEBUG on."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, SHARED_APPS, env

# The demo district (manage.py seed_demo) is for development and tests, never installed in production.
SHARED_APPS = [*SHARED_APPS, "demo"]
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

DEBUG = env.bool("DJANGO_DEBUG", default=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
