"""gunicorn settings for `make serve` and the systemd unit (deploy/conference.service).

Everything can be changed from the environment: PORT, BIND, WEB_CONCURRENCY,
GUNICORN_TIMEOUT.
"""

import multiprocessing
import os
import sys

# `gunicorn` run as a script puts its own directory first on the path, not this one.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from conference.logging import gunicorn_log_config

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# The usual 2 × cores + 1 sync workers: a request mostly waits on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow for ever.
max_requests = 20000  # rare enough not to show in the latency of a busy hour
max_requests_jitter = 2000
# The app is loaded (and warmed: conference/warmup.py) once, in the master, and the
# workers are forked from it: a recycled worker starts serving at once instead of
# spending half a second of CPU importing and warming up while requests queue. New
# code therefore needs a restart of the service, not a HUP.
preload_app = True
# The app logs one line per request itself (conference.middleware), with its
# request id; gunicorn's own access log would repeat it, query strings and all.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# gunicorn's own lines (worker starts, timeouts, a request the app failed on) in the
# app's format, with manage-link tokens and email addresses masked.
logconfig_dict = gunicorn_log_config(loglevel.upper())
# nginx on the same host sets X-Forwarded-Proto; only it is believed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "conference"
# No control socket: systemd manages the process, and a fixed socket path would clash
# between two instances on one host.
control_socket_disable = True
