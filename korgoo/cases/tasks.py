"""Background work for cases: telling organisations that something waits in their inbox.

Notifications name no worker and quote nothing from the case: only "a case needs attention" and a
link that requires login (SECURITY.md requirement 7). They go only to members of the organisation
holding the case, or to coordinators while the case waits in the queue.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from korgoo.organisations.models import Membership, Role


@task()
def notify_case_holders(case_id: str, organisation_id: str | None = None) -> int:
    """Tell the organisation holding the case (or `organisation_id`, an organisation a case was
    offered to) that it needs attention; coordinators while the case waits in the queue."""
    from .models import Case

    case = Case.objects.filter(pk=case_id).only("id", "organisation_id").first()
    if case is None:
        return 0
    target = organisation_id or case.organisation_id
    if target is not None:
        members = Membership.objects.filter(
            organisation_id=target,
            is_active=True,
            role__in=[Role.CASEWORKER, Role.COORDINATOR, Role.ORG_ADMIN],
        )
    else:
        members = Membership.objects.filter(role=Role.COORDINATOR, is_active=True)
    sent = 0
    for member in members.select_related("user").exclude(user__email=""):
        user = member.user
        with translation.override(user.preferred_language):
            url = str(settings.KORGOO_BASE_URL).rstrip("/") + reverse("cases:detail", args=[case.pk])
            send_mail(
                subject=_("Korgoo: a case needs attention"),
                message=_("A case in your organisation's inbox needs attention. Log in to see it: %(url)s")
                % {"url": url},
                from_email=None,
                recipient_list=[user.email],
                fail_silently=True,
            )
        sent += 1
    return sent
