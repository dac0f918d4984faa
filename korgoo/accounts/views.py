"""Staff login (password and one-time code), two-factor set-up, logout."""

from __future__ import annotations

import base64
import time
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from korgoo.core.access import public_view
from korgoo.core.errors import ApplicationError, Throttled
from korgoo.core.throttle import client_fingerprint

from . import selectors, services
from .forms import EnrolForm, LoginForm
from .middleware import LOGIN_AT_KEY
from .models import User

PENDING_USER_KEY = "korgoo_enrol_user"
PENDING_DEVICE_KEY = "korgoo_enrol_device"
PENDING_AT_KEY = "korgoo_enrol_at"
ENROL_SECONDS = 600


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("cases:inbox")


def _finish_login(request: HttpRequest, user: User, device: TOTPDevice | None, username: str) -> HttpResponse:
    target = _next_url(request)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")  # rotates the session key
    if device is not None:
        otp_login(request, device)
    request.session[LOGIN_AT_KEY] = time.time()
    services.login_succeeded(user=user, username=username, client=client_fingerprint(request))
    return HttpResponseRedirect(target)


@public_view
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                result = services.login_check(
                    request=request,
                    username=d["username"],
                    password=d["password"],
                    otp=d.get("otp") or "",
                    client=client_fingerprint(request),
                )
            except Throttled as error:
                form.add_error(None, str(error.message))
                response = render(request, "accounts/login.html", {"form": form}, status=429)
                response["Retry-After"] = str(error.retry_after)
                return response
            except ApplicationError as error:
                form.add_error(None, str(error.message))
            else:
                if result.needs_enrolment:
                    request.session.cycle_key()
                    request.session[PENDING_USER_KEY] = result.user.pk
                    request.session[PENDING_AT_KEY] = time.time()
                    request.session[PENDING_DEVICE_KEY] = services.totp_device_start(user=result.user).pk
                    return HttpResponseRedirect(reverse("accounts:enrol"))
                return _finish_login(
                    request, result.user, services.confirmed_device(result.user), d["username"]
                )
        else:
            form.add_error(None, str(services.GENERIC_FAILURE))
    context = {"form": form, "next": request.GET.get("next", ""), "demo_users": selectors.demo_users()}
    context["demo_password"] = settings.KORGOO_DEMO_PASSWORD
    return render(request, "accounts/login.html", context, status=status)


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()


@public_view
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """First login with two-factor enforced: set up an authenticator app, then log in."""
    user_id = request.session.get(PENDING_USER_KEY)
    started = float(request.session.get(PENDING_AT_KEY, 0))
    device_id = request.session.get(PENDING_DEVICE_KEY)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first() if user else None
    if user is None or device is None or time.time() - started > ENROL_SECONDS:
        return HttpResponseRedirect(reverse("accounts:login"))
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = services.totp_device_confirm(
                user=user, device_id=device.pk, code=form.cleaned_data["code"]
            )
        except ApplicationError as error:
            form.add_error("code", str(error.message))
        else:
            for key in (PENDING_USER_KEY, PENDING_DEVICE_KEY, PENDING_AT_KEY):
                request.session.pop(key, None)
            return _finish_login(request, user, confirmed, user.username)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context: dict[str, Any] = {"form": form, "qr": _qr_svg(device.config_url), "secret": secret}
    return render(request, "accounts/enrol.html", context, status=400 if request.method == "POST" else 200)


@public_view
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)  # flushes the server-side session
    return HttpResponseRedirect(reverse("accounts:login"))
