import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govhall.settings")
application = get_wsgi_application()

# gunicorn runs no system checks: refuse to serve with missing keys or keys that do not fit the database.
from govhall.core.checks import verify_keys_at_start  # noqa: E402

verify_keys_at_start()
