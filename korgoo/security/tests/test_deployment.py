"""The production deployment as far as one machine allows: gunicorn with the shipped settings behind
nginx with the shipped server block, over TLS, on PostgreSQL (issue 6, part 4)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_gunicorn_behind_nginx_serves_over_tls_and_logs_no_address() -> None:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    work = Path(tempfile.mkdtemp(prefix="korgoo-deploy."))
    app_port, tls_port = _port(), _port()
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=korgoo.example",
            "-keyout",
            str(work / "key.pem"),
            "-out",
            str(work / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    config = (ROOT / "deploy" / "nginx" / "korgoo.conf").read_text()
    config = (
        config.replace("/etc/ssl/korgoo/fullchain.pem", str(work / "cert.pem"))
        .replace("/etc/ssl/korgoo/privkey.pem", str(work / "key.pem"))
        .replace("/var/log/nginx/", str(work) + "/")
        .replace("127.0.0.1:8000", f"127.0.0.1:{app_port}")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{tls_port} ssl http2;")
        .replace("listen [::]:443 ssl http2;", "")
        .replace("listen 80;", f"listen 127.0.0.1:{_port()};")
        .replace("listen [::]:80;", "")
    )
    (work / "nginx.conf").write_text(
        f"pid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\nhttp {{\n"
        f"client_body_temp_path {work}/body; proxy_temp_path {work}/proxy; fastcgi_temp_path {work}/fcgi;"
        f" uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;\n{config}\n}}\n"
    )
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "korgoo.config.settings.production",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "KORGOO_SECRET_KEY": "kq3V9-xV2mE7rT1pZ8bN4cW6yH0aJ5dL_uG2sQ9fK7oR3iM1eP6tB8nC4vX0zY5w",
        "KORGOO_RECEIPT_PEPPER": "deploy-test-pepper-0123456789",
        "KORGOO_ROOT_KEYS": "k1:" + "a" * 43 + "=",
        "KORGOO_ALLOWED_HOSTS": "korgoo.example",
        "KORGOO_TRUSTED_PROXIES": "1",
        "KORGOO_BIND": f"127.0.0.1:{app_port}",
        "KORGOO_WEB_WORKERS": "2",
        "KORGOO_DATA_DIR": str(work / "data"),
        # Hashed names and manifest as in production, without the (slow) pre-compression.
        "KORGOO_STATIC_STORAGE": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    }
    # As a deployment does: collect the static files (hashed names, manifest) before serving.
    subprocess.run([sys.executable, "-m", "korgoo", "collectstatic", "--noinput", "-v0"], env=env, check=True)
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "korgoo.config.wsgi:application",
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    proxy = subprocess.Popen(
        [nginx, "-c", str(work / "nginx.conf"), "-g", "daemon off;"], stderr=subprocess.PIPE
    )
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        answer = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                request = urllib.request.Request(
                    f"https://127.0.0.1:{tls_port}/readyz", headers={"Host": "korgoo.example"}
                )
                answer = urllib.request.urlopen(request, context=context, timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        if answer is None:
            proxy.terminate()
            os.killpg(app.pid, 15)
            raise AssertionError(
                f"no answer through nginx: {proxy.communicate(timeout=10)[1].decode()[-800:]}\n"
                f"{app.communicate(timeout=30)[0].decode()[-1500:]}"
            )
        assert answer.status == 200
        page = urllib.request.urlopen(
            urllib.request.Request(
                f"https://127.0.0.1:{tls_port}/ky/report/?q=secret-query", headers={"Host": "korgoo.example"}
            ),
            context=context,
            timeout=5,
        )
        assert page.status == 200
        assert "max-age=31536000" in page.headers["Strict-Transport-Security"]
        assert page.headers["Referrer-Policy"] == "no-referrer"
        assert "no-store" in page.headers["Cache-Control"]
        assert page.headers.get("Server") == "nginx"  # no version
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        if app.poll() is None:
            os.killpg(app.pid, 15)
        app_log = app.communicate(timeout=30)[0].decode()
    access = (work / "korgoo-access.log").read_text()
    assert "/ky/report/" in access and "secret-query" not in access
    for log in (access, app_log):
        assert not re.search(r"\b127\.0\.0\.1\b(?!:)", log.replace(f"127.0.0.1:{app_port}", "")), log[-500:]
    shutil.rmtree(work, ignore_errors=True)
