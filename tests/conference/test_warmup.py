"""The warm-up gunicorn's master runs before forking its workers (conference/warmup.py)."""

from django.template import engines

from conference.warmup import warm_up


def test_warm_up_compiles_the_templates_without_a_query():
    # No django_db mark: a query here fails the test (pytest-django blocks it), as one
    # in the master would leave a connection that every forked worker shares.
    warm_up()
    loader = engines["django"].engine.template_loaders[0]
    compiled = {key.split("-")[0] for key in loader.get_template_cache}
    assert {"conference/agenda.html", "registrations/register.html"} <= compiled
