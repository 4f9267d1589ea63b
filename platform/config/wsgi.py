"""WSGI entry point (the platform is served by WSGI only: design note 8).

Run with `platform/` on the import path (gunicorn's `pythonpath`, see
deploy/gunicorn.conf.py); `platform` itself is never a package (design note 1).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
application = get_wsgi_application()
