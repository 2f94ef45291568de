"""A WSGI application that fails on every request, for gunicorn to log the failure."""


def application(environ, start_response):
    raise RuntimeError(f"could not handle {environ.get('PATH_INFO')}")
