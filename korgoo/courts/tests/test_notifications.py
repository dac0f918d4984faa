"""A court alert reaches the mission it is addressed to by e-mail, through the outbox: every active
member who monitors court decisions, in their language, once, naming nobody; nobody else."""

from __future__ import annotations

import pytest
from django.core import mail

from korgoo.conftest import make_member
from korgoo.core.models import OutboxMessage
from korgoo.core.outbox import outbox_drain
from korgoo.courts import services
from korgoo.courts.models import Alert
from korgoo.organisations.models import Role

from .conftest import Missions, page

pytestmark = pytest.mark.django_db


def test_the_mission_of_the_courts_district_is_told_once_and_only_it(missions: Missions) -> None:
    consul = make_member(missions.consulate, "consulate.admin", Role.ORG_ADMIN)
    consul.user.preferred_language = "ky"
    consul.user.save(update_fields=["preferred_language"])
    viewer = make_member(missions.consulate, "consulate.viewer", Role.VIEWER)
    for member in (missions.consulate_worker, consul, viewer, missions.embassy_worker, missions.ngo_worker):
        member.user.email = f"{member.user.username}@example.org"
        member.user.save(update_fields=["email"])

    # A Yekaterinburg court orders a citizen detained: the consulate in Yekaterinburg gets the task.
    decision = services.decision_ingest(
        actor=missions.actor(missions.embassy_worker), data=page("001-")
    ).decision
    alert = Alert.objects.get(decision=decision)
    assert OutboxMessage.objects.filter(topic="court.alert").count() == 1
    assert mail.outbox == []  # not before the commit's outbox is drained

    outbox_drain()
    # The consulate's caseworker and administrator (who monitor decisions), not its viewer, not the
    # embassy that brought the decision in, not the NGO.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "consulate.admin@example.org",
        "consulate.worker@example.org",
    ]
    by_address = {m.to[0]: m for m in mail.outbox}
    # Each in their own language: Russian, the staff's default, and Kyrgyz for the administrator.
    assert by_address["consulate.worker@example.org"].subject == (
        "Korgoo: судебное решение в отношении гражданина ждёт представительство"
    )
    assert by_address["consulate.admin@example.org"].subject == (
        "Korgoo: жаранга карата соттун чечими өкүлчүлүктү күтүп турат"
    )
    assert "/staff/courts/alerts/" in by_address["consulate.worker@example.org"].body
    for message in mail.outbox:
        assert decision.case_number not in message.body and decision.court not in message.body
        assert message.extra_headers["Message-ID"].startswith(f"<court.alert.{alert.pk}.")

    # The same decision corrected again raises no second alert and no second e-mail.
    services.alert_raise_for(decision=decision)
    outbox_drain()
    assert len(mail.outbox) == 2


def test_an_alert_done_before_the_message_leaves_tells_nobody(missions: Missions) -> None:
    missions.consulate_worker.user.email = "consulate.worker@example.org"
    missions.consulate_worker.user.save(update_fields=["email"])
    decision = services.decision_ingest(
        actor=missions.actor(missions.embassy_worker), data=page("001-")
    ).decision
    services.alert_close(
        actor=missions.actor(missions.consulate_worker), alert=Alert.objects.get(decision=decision)
    )
    outbox_drain()
    assert mail.outbox == []
