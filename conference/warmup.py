"""What a worker would otherwise do on its first requests, done once before it starts.

gunicorn loads the app in its master (``preload_app``) and forks the workers from it,
so a worker started later (``max_requests`` recycling, or one that died) begins with
the code imported, the URL patterns resolved, the templates compiled and both
languages' catalogues loaded, instead of spending its first half second of CPU on
them while a busy site queues behind it.

Nothing here opens a database or cache connection: a socket opened in the master
would be shared by every worker forked from it.
"""

from pathlib import Path

from django.conf import settings
from django.db import connections


def warm_up() -> None:
    from django.template import engines
    from django.template.exceptions import TemplateDoesNotExist, TemplateSyntaxError
    from django.urls import get_resolver
    from django.utils import translation
    from django_countries import countries

    from conference.cache import fragment_release

    get_resolver().url_patterns  # noqa: B018 (imports every view)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            get_resolver()._populate()
            list(countries)  # django-countries sorts its list once per language
    fragment_release()
    # The cache backend (it imports the Redis client: 0.4 s), without a round trip:
    # redis-py opens its connections on first use, in each worker (and its pool
    # starts afresh in a process other than the one that made it).
    from django.core.cache import caches

    caches["default"]
    engine = engines["django"]
    for folder in engine.template_dirs:
        for path in sorted(Path(folder).rglob("*.html")) + sorted(Path(folder).rglob("*.txt")):
            try:
                engine.get_template(str(path.relative_to(folder)))
            except (TemplateDoesNotExist, TemplateSyntaxError, UnicodeDecodeError):
                continue  # not a template of ours (vendored text, an admin override)
    # Should anything above have touched the database, no worker inherits the socket.
    connections.close_all()
