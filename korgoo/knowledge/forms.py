"""Forms of the knowledge base: the reader's country choice and the editors' forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .choices import ArticleCountry, Topic


def parse_sources(text: str) -> list[tuple[str, str, bool]]:
    """Sources written one a line: «+» (confirmed) or «?» (to be confirmed), the title and the web
    address if any, separated by «|»."""
    sources = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("|")]
        if parts[0] not in ("+", "?") or len(parts) not in (2, 3) or not parts[1]:
            raise ValidationError(
                _("Line %(line)d: write «+ | title | address» or «? | title | address».") % {"line": number}
            )
        url = parts[2] if len(parts) == 3 else ""
        if url:
            try:
                URLValidator(schemes=["https", "http"])(url)
            except ValidationError:
                raise ValidationError(
                    _("Line %(line)d: the address is not a web address.") % {"line": number}
                ) from None
        sources.append((parts[1], url, parts[0] == "+"))
    return sources


def format_sources(sources: Any) -> str:
    return "\n".join(" | ".join(filter(None, ["+" if s.confirmed else "?", s.title, s.url])) for s in sources)


class ArticleMetaForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=ArticleCountry.choices)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=100_000)
    checked_on = forms.DateField(
        label=_("Facts checked on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sources = forms.CharField(
        label=_("Sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One a line: «+» (confirmed) or «?» (to be confirmed), the title, the web address; separated by «|»."
        ),
    )

    def clean_sources(self) -> list[tuple[str, str, bool]]:
        return parse_sources(self.cleaned_data.get("sources") or "")


class NewArticleForm(ArticleMetaForm):
    slug = forms.SlugField(
        label=_("Address"),
        max_length=100,
        help_text=_("Latin lower-case letters, digits and hyphens, e.g. unpaid-wages-russia."),
    )
    field_order = ["slug", "country", "topic", "order", "checked_on", "sources"]


class TranslationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary: one short paragraph"), widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_(
            "Headings «## », lists «- » and «1. », checklist items «- [ ] », **bold**. A fact that is not confirmed goes on its own line starting with «> ⚠️» and the words for «To be confirmed»."
        ),
    )
    others_need_update = forms.BooleanField(
        label=_("The other languages must be updated too"), required=False
    )
