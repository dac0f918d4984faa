"""What the homecoming panels show: on the worker's tracking page (with the receipt) and on the
staff's case page. Shared by the template tags and the views, so an error page shows the same panel."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from korgoo.cases.choices import SharedField, Status
from korgoo.cases.models import Case
from korgoo.core.actor import Actor
from korgoo.organisations.permissions import Perm

from .choices import ClaimStep, Region
from .forms import ClaimStepForm, HandOverConsentForm, HandOverOfferForm, ReturnForm
from .models import HandOver
from .selectors import claim_keeper, handovers_of, home_organisations, keeper_among, return_of

# "What can still be done from home": the articles linked from the case page once the worker is home.
FROM_HOME_ARTICLES = ("acting-from-home", "pensions-eaeu", "returning-home")


def handover_text(handover: HandOver) -> str:
    name = handover.to_organisation.name
    state = handover.state
    if state == "consented":
        return _(
            "You agreed that %(organisation)s continues your report. The organisation that has it now will pass it on."
        ) % {"organisation": name}
    if state == "offered":
        return _("Your report was offered to %(organisation)s. It will answer soon.") % {"organisation": name}
    if state == "accepted":
        return _("%(organisation)s continues your report at home.") % {"organisation": name}
    if state == "declined":
        return _("%(organisation)s could not take your report. You can choose another organisation.") % {
            "organisation": name
        }
    return _("The hand-over to %(organisation)s was taken back.") % {"organisation": name}


def claim_text(handover: HandOver | None) -> str:
    if handover is None or handover.from_organisation is None:
        return ""
    if handover.claim_step:
        return _("%(organisation)s keeps your wage claim. Last step: %(step)s") % {
            "organisation": handover.from_organisation.name,
            "step": ClaimStep(handover.claim_step).label,
        }
    return _("%(organisation)s keeps your wage claim.") % {"organisation": handover.from_organisation.name}


def worker_panel(case: Case, **forms: Any) -> dict[str, Any]:
    """The worker's panel: say you are home, then choose who continues the report at home; the
    claim kept in the host country; what can still be done from home."""
    home = return_of(case=case)
    handovers = handovers_of(case=case)
    organisations = list(home_organisations(region=home.region)) if home else []
    may_choose = (
        home is not None
        and case.is_open
        and not case.is_withdrawn
        and not any(h.is_open or h.state == "accepted" for h in handovers)
    )
    return {
        "case": case,
        "home": home,
        "region_label": Region(home.region).label if home else "",
        "handovers": [handover_text(h) for h in handovers],
        "claim": claim_text(claim_keeper(case=case)),
        "may_return": home is None and case.is_open and not case.is_withdrawn,
        "may_choose": may_choose and bool(organisations),
        "no_organisation": may_choose and not organisations,
        "return_form": forms.get("return_form") or ReturnForm(),
        "consent_form": forms.get("consent_form") or HandOverConsentForm(organisations=organisations),
        "error": forms.get("error", ""),
        "articles": FROM_HOME_ARTICLES if home or case.status == Status.RETURNED else (),
    }


def staff_panel(actor: Actor, view: Any) -> dict[str, Any]:
    """The case page's panel: the return (and a form to record it), the hand-over the worker agreed
    to (and the offer that carries it), the wage claim kept by the organisation that had the case."""
    case = view.case
    home = return_of(case=case)
    handovers = handovers_of(case=case)
    waiting = next((h for h in handovers if h.state == "consented"), None)
    keeper = keeper_among(handovers)
    holder_works = view.is_holder and actor.has(Perm.CASE_WORK) and case.is_open
    return {
        "case": case,
        "home": home,
        "region_label": Region(home.region).label if home else "",
        "handovers": handovers,
        "waiting": waiting if view.is_holder and actor.has(Perm.REFERRAL_MAKE) else None,
        "keeper": keeper,
        "claim": claim_text(keeper),
        "may_record_return": holder_works and home is None,
        "may_record_claim": keeper is not None
        and view.level == "follow"
        and keeper.from_organisation_id == actor.organisation_id
        and actor.has(Perm.CASE_WORK),
        "return_form": ReturnForm(),
        "offer_form": HandOverOfferForm(
            initial={"shared": [SharedField.DESCRIPTION, SharedField.EMPLOYER], "claim_kept": True}
        ),
        "claim_form": ClaimStepForm(),
        "articles": FROM_HOME_ARTICLES if home or case.status == Status.RETURNED else (),
    }
