"""Writes of reply templates: an organisation's administrator keeps the organisation's templates."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.organisations.permissions import Perm, ensure_permission

from .models import ReplyTemplate, ReplyTemplateText
from .selectors import LANGUAGES


@transaction.atomic
def reply_template_save(
    *,
    actor: Actor,
    code: str,
    texts: dict[str, tuple[str, str]],
    position: int = 100,
    is_active: bool = True,
) -> ReplyTemplate:
    """Create or change one of the organisation's templates (REPLIES_MANAGE, administrators). Saving a
    shipped template's code makes the organisation's own version of it; a language left empty has no
    text (the case page then offers the template in the languages it has)."""
    ensure_permission(actor, Perm.REPLIES_MANAGE)
    if actor.organisation is None:
        raise NotFound()
    code = slugify(code.strip())[:60]
    if not code:
        raise ApplicationError(
            "invalid_code",
            _("The code may contain only Latin lower-case letters, digits and hyphens."),
            {"code": [str(_("The code may contain only Latin lower-case letters, digits and hyphens."))]},
        )
    clean = {
        lang: (title.strip()[:120], body.strip()[:4000])
        for lang, (title, body) in texts.items()
        if lang in LANGUAGES and title.strip() and body.strip()
    }
    if not clean:
        raise ApplicationError(
            "text_required",
            _("Write the title and the text in at least one language."),
            {"title_ky": [str(_("Write the title and the text in at least one language."))]},
        )
    template, created = ReplyTemplate.objects.get_or_create(
        organisation=actor.organisation, code=code, defaults={"position": position, "is_active": is_active}
    )
    if not created:
        template.position, template.is_active = position, is_active
        template.save(update_fields=["position", "is_active", "updated_at"])
    ReplyTemplateText.objects.filter(template=template).exclude(language__in=list(clean)).delete()
    for lang, (title, body) in clean.items():
        ReplyTemplateText.objects.update_or_create(
            template=template, language=lang, defaults={"title": title, "body": body}
        )
    audit_record(
        actor=actor,
        action="replies.template_created" if created else "replies.template_changed",
        object_type="reply_template",
        object_id=code,
    )
    return template
