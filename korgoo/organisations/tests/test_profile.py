"""Staff state their gender (optional): only they and coordinators (in the staff balance) see it, and a
worker's wish for a woman caseworker is honoured when the case is assigned."""

from __future__ import annotations

from typing import Any

import pytest

from korgoo.cases.services import case_assign
from korgoo.conftest import TwoOrgs, report
from korgoo.core.errors import ApplicationError
from korgoo.intake.services import report_submit
from korgoo.organisations.models import Membership

pytestmark = pytest.mark.django_db


def test_a_member_states_gender_and_a_woman_is_assigned_when_one_was_asked_for(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    caseworker = client_for(two_orgs.a.caseworker)
    assert caseworker.get("/ru/staff/me/").status_code == 200
    assert caseworker.post("/ru/staff/me/", {"gender": "woman", "is_lawyer": "on"}).status_code == 303
    member = Membership.objects.get(pk=two_orgs.a.caseworker.pk)
    assert member.gender == "woman" and member.is_lawyer
    assert caseworker.post("/ru/staff/me/", {"gender": "other"}).status_code == 400
    case = report_submit(new=report(prefers_woman_caseworker=True)).report.case
    assert case.organisation == two_orgs.a.org
    admin = two_orgs.a.actor("admin")
    page = client_for(two_orgs.a.admin).get(f"/ru/staff/cases/{case.pk}/").content.decode()
    assert 'data-testid="woman-asked"' in page
    form = client_for(two_orgs.a.admin).get(f"/ru/staff/cases/{case.pk}/assign/").content.decode()
    assert 'data-testid="woman-asked"' in form
    options = form.split('name="assignee"', 1)[1].split("</select>", 1)[0]
    assert (
        f'value="{two_orgs.a.caseworker.pk}"' in options and f'value="{two_orgs.a.viewer.pk}"' not in options
    )
    with pytest.raises(ApplicationError):  # the administrator did not say she is a woman
        case_assign(actor=admin, case=case, assignee=two_orgs.a.admin)
    assert case_assign(actor=admin, case=case, assignee=member).assignee == member


def test_coordinators_see_the_staff_balance_and_nobody_else(two_orgs: TwoOrgs, client_for: Any) -> None:
    Membership.objects.filter(pk=two_orgs.a.caseworker.pk).update(gender="woman", is_lawyer=True)
    page = client_for(two_orgs.coordinator).get("/ru/staff/monitoring/staff/")
    assert page.status_code == 200
    row = page.content.decode().split("Org A", 1)[1].split("</tr>", 1)[0]
    assert "<td>2</td>" in row and "1 (50 %)" in row and "1 (100 %)" in row  # the viewer works no case
    for member in (two_orgs.a.admin, two_orgs.a.caseworker):
        assert client_for(member).get("/ru/staff/monitoring/staff/").status_code == 403
