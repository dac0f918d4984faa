"""gunicorn settings for Korgoo behind nginx (see docs/operations.md).

The access log names no client address, user agent or query string: worker pages must leave no
trace of who visited (SECURITY.md requirement 14).
"""

import multiprocessing
import os

bind = os.environ.get("KORGOO_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("KORGOO_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("KORGOO_WEB_THREADS", "1"))
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# Addresses of the reverse proxies whose X-Forwarded-* headers gunicorn trusts.
forwarded_allow_ips = os.environ.get("KORGOO_FORWARDED_ALLOW_IPS", "127.0.0.1")
