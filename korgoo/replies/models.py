"""Reply templates: answers a caseworker picks, fills in and sends to a worker in the worker's
language. The network's templates ship as data (`data/templates.json`); an organisation keeps its own
versions here, which take the place of a shipped template of the same code for its members. The
texts are content, one row per language (HOUSE_STYLE 16)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from korgoo.core.models import TimeStampedModel
from korgoo.organisations.models import Organisation


class ReplyTemplate(TimeStampedModel):
    """One organisation's template (its own, or its version of a shipped one). Only its members see it;
    only its administrators change it (`replies.services.reply_template_save`)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reply_templates")
    code = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["organisation", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="reply_template_unique_code")
        ]

    def __str__(self) -> str:
        return self.code


class ReplyTemplateText(models.Model):
    template = models.ForeignKey(ReplyTemplate, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=8)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=4000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["template", "language"], name="reply_template_text_unique")
        ]
