"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py govhall.wsgi:application` (read automatically when
gunicorn starts in this directory). Every value can be changed by the environment variable named beside it.

gunicorn 27 announces itself as `Server: gunicorn`, without its version; the version only reaches the application (in
SERVER_SOFTWARE), never a client. A proxy in front (nginx: `server_tokens off; proxy_hide_header Server;`) can drop the
header entirely."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# sync workers serve the site; the hall calling screens' event streams (docs/queue.md) are served by a second instance
# with threads (govhall-events.service: GUNICORN_WORKER_CLASS=gthread, GUNICORN_THREADS=200), so an open screen never
# holds one of these workers.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# The TLS-terminating proxy's address: only it may say a request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Bounds on what a client may send before Django sees it (bodies are bounded by DATA_UPLOAD_MAX_MEMORY_SIZE and
# CASE_UPLOAD_MAX_MB in Django).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"
errorlog = "-"
