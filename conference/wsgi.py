import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

application = get_wsgi_application()

# Before gunicorn forks its workers (preload_app in gunicorn.conf.py): see warmup.py.
from conference.warmup import warm_up  # noqa: E402

warm_up()
