"""gunicorn's settings for ropdesk (`make serve-prod`, docs/operations.md).

gunicorn reads this file from the folder it starts in. Every value can be overridden from the
environment (GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_TIMEOUT) so that a
service unit needs no copy of it.
"""

import multiprocessing
import os

wsgi_app = "ropdesk.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Two workers per core is gunicorn's own advice for I/O-bound Django; on the 2-core machines
# the project is measured on that is 4. One thread each (gunicorn's sync worker): under
# bench/load.py, 2 workers of 1 thread served 56-65 requests a second with a p95 of 390-440 ms
# where 2 threads each served 53-60 with a p95 of 640-750 ms (the threads of a worker wait on
# each other for Python's lock, and a kept-alive connection stays with one worker however
# long its queue). The sync worker wants a buffering proxy in front (nginx buffers by
# default), as docs/operations.md has it.
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Load ropdesk once, in the master, and fork the workers from it: a worker that restarts is
# serving again at once instead of after a second of start-up (during which its requests
# waited: the long tail of bench/load.py). ropdesk opens no database connection at import.
preload_app = True
# Restart each worker now and then so that a slow leak cannot grow without end.
max_requests = 10000
max_requests_jitter = 1000
# Logs go to the service manager (journald under systemd).
accesslog = "-"
errorlog = "-"
# Behind a reverse proxy on the same machine: trust its X-Forwarded-* headers only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
