"""The warm-up gunicorn's master runs before forking its workers (conference/warmup.py)."""

from django.db import connection
from django.template import engines

from conference.warmup import warm_up


def test_warm_up_compiles_the_templates_without_touching_the_database():
    # No django_db mark: a query here would fail the test, and a connection opened in
    # the master would be shared by every worker forked from it.
    warm_up()
    assert connection.connection is None
    loader = engines["django"].engine.template_loaders[0]
    assert "conference/agenda.html" in {key.split("-")[0] for key in loader.get_template_cache}
