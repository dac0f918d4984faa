"""Pages of the knowledge base.

Readers: the articles by host country, and one article (in their language or the fallback, with a
note). Editors: the list with each language's state, a new article, and one article's page where
they write drafts and, when allowed, publish. Thin: parse, call a selector or service, render.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from korgoo.core.actor import ActorRequest
from korgoo.core.downloads import attachment_response
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.i18n import HELP_LANGUAGES
from korgoo.core.web import errors_to_form, public_page
from korgoo.organisations.permissions import Perm, staff_view

from . import markdown, selectors, services
from .choices import PRE_DEPARTURE_SLUG, ArticleCountry
from .forms import ArticleMetaForm, NewArticleForm, TranslationForm, format_sources
from .leaflets import leaflet_pdf, poster_pdf

# Articles suggested under an article, by topic.
NEXT_STEPS = {
    "unpaid-wages": ["proving-your-work", "where-to-get-help"],
    "wages": ["unpaid-wages-russia", "unpaid-wages-kazakhstan"],
    "contract": ["proving-your-work", "unpaid-wages-russia"],
    "agencies": ["pre-departure-guide", "where-to-get-help"],
    "pre-departure": ["check-recruitment-agency", "eaeu-rights"],
}


@public_page
@require_GET
def article_list(request: ActorRequest) -> HttpResponse:
    """Know your rights: the articles for the chosen host country (and those for every country)."""
    country = request.GET.get("country", "")
    if country not in (ArticleCountry.RU, ArticleCountry.KZ):
        country = ""
    cards = selectors.article_list(language=request.LANGUAGE_CODE, country=country)
    guide = next((c for c in cards if c.slug == PRE_DEPARTURE_SLUG), None)
    return render(
        request,
        "knowledge/list.html",
        {
            "cards": [c for c in cards if c.slug != PRE_DEPARTURE_SLUG],
            "guide": guide,
            "country": country,
            "countries": [
                (ArticleCountry.RU, ArticleCountry.RU.label),
                (ArticleCountry.KZ, ArticleCountry.KZ.label),
            ],
        },
    )


@public_page
@require_GET
def article_detail(request: ActorRequest, slug: str) -> HttpResponse:
    try:
        page = selectors.article_page(slug=slug, language=request.LANGUAGE_CODE)
    except NotFound:
        raise Http404 from None
    related = selectors.related_articles(
        slugs=[s for s in NEXT_STEPS.get(page.card.topic, []) if s != slug], language=request.LANGUAGE_CODE
    )
    return render(request, "knowledge/article.html", {"page": page, "article": page.card, "related": related})


def _article_url(request: ActorRequest, slug: str, language: str) -> str:
    """The article's public address, for the QR code: the configured public address when there is one."""
    path = f"/{language}/rights/{slug}/"
    public = str(getattr(settings, "KORGOO_PUBLIC_URL", "") or "").strip().rstrip("/")
    return f"{public}{path}" if public else request.build_absolute_uri(path)


@public_page
@require_GET
def article_leaflet(request: ActorRequest, slug: str) -> HttpResponse:
    """The article as an A4 leaflet (PDF) in the page's language, with a QR code to it."""
    try:
        page = selectors.article_page(slug=slug, language=request.LANGUAGE_CODE)
    except NotFound:
        raise Http404 from None
    data = leaflet_pdf(page=page, url=_article_url(request, slug, page.card.language))
    return attachment_response(data, f"korgoo-{slug}-{page.card.language}.pdf")


@public_page
@require_GET
def article_poster(request: ActorRequest, slug: str) -> HttpResponse:
    """An A4 poster of the article in Kyrgyz and Russian with a large QR code to it."""
    pages = {}
    for language in ("ky", "ru"):
        try:
            page = selectors.article_page(slug=slug, language=language)
        except NotFound:
            raise Http404 from None
        if not page.card.is_fallback:
            pages[language] = page
    if not pages:
        raise Http404
    data = poster_pdf(pages=pages, url=_article_url(request, slug, "ky"))
    return attachment_response(data, f"korgoo-{slug}-poster.pdf")


# --- Editors ------------------------------------------------------------------------------------


@staff_view(Perm.CONTENT_EDIT)
@require_GET
def editor(request: ActorRequest) -> HttpResponse:
    rows = selectors.editor_overview(actor=request.actor, language=request.LANGUAGE_CODE)
    return render(request, "knowledge/editor.html", {"rows": rows, "languages": HELP_LANGUAGES})


@staff_view(Perm.CONTENT_EDIT)
@require_http_methods(["GET", "POST"])
def editor_new(request: ActorRequest) -> HttpResponse:
    form = NewArticleForm(request.POST or None, initial={"order": 1000, "country": ArticleCountry.ALL})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.article_create(
                actor=request.actor,
                slug=data["slug"],
                meta=services.ArticleMeta(
                    country=data["country"],
                    topic=data["topic"],
                    order=data["order"],
                    checked_on=data["checked_on"],
                    sources=data["sources"],
                ),
            )
        except ApplicationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The article was created. Write its text in each language."))
            return HttpResponseRedirect(reverse("knowledge:editor_article", args=[article.slug]), status=303)
    status = 400 if request.method == "POST" else 200
    return render(request, "knowledge/editor_new.html", {"form": form}, status=status)


@staff_view(Perm.CONTENT_EDIT)
@require_http_methods(["GET", "POST"])
def editor_article(request: ActorRequest, slug: str) -> HttpResponse:
    """One article: its facts and sources, and the text of the chosen language (`?lang=`)."""
    actor = request.actor
    try:
        article = selectors.article_for_editor(actor=actor, slug=slug)
    except NotFound:
        raise Http404 from None
    language = request.GET.get("lang") or request.POST.get("language") or "ky"
    if language not in HELP_LANGUAGES:
        language = "ky"
    translation = next((t for t in article.translations.all() if t.language == language), None)
    meta_initial = {
        "country": article.country,
        "topic": article.topic,
        "order": article.order,
        "checked_on": article.checked_on,
        "sources": format_sources(article.sources.all()),
    }
    text_initial: dict[str, Any] = {}
    if translation is not None:
        draft = translation.has_draft or not translation.is_published
        text_initial = {
            "title": translation.draft_title if draft else translation.title,
            "summary": translation.draft_summary if draft else translation.summary,
            "body": translation.draft_body if draft else translation.body,
        }
    meta_form = ArticleMetaForm(initial=meta_initial)
    text_form = TranslationForm(initial=text_initial)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        here = reverse("knowledge:editor_article", args=[article.slug]) + f"?lang={language}"
        try:
            if action == "meta":
                meta_form = ArticleMetaForm(request.POST)
                if meta_form.is_valid():
                    data = meta_form.cleaned_data
                    services.article_update(
                        actor=actor,
                        article=article,
                        meta=services.ArticleMeta(
                            country=data["country"],
                            topic=data["topic"],
                            order=data["order"],
                            checked_on=data["checked_on"],
                            sources=data["sources"],
                        ),
                    )
                    messages.success(request, _("The article's facts were saved."))
                    return HttpResponseRedirect(here, status=303)
            elif action in ("draft", "draft_publish"):
                text_form = TranslationForm(request.POST)
                if text_form.is_valid():
                    data = text_form.cleaned_data
                    services.translation_save_draft(
                        actor=actor,
                        article=article,
                        language=language,
                        title=data["title"],
                        summary=data["summary"],
                        body=data["body"] or "",
                        others_need_update=bool(data.get("others_need_update")),
                    )
                    if action == "draft_publish":
                        services.translation_publish(actor=actor, article=article, language=language)
                        messages.success(request, _("The text was published."))
                    else:
                        messages.success(request, _("The draft was saved. Readers do not see it yet."))
                    return HttpResponseRedirect(here, status=303)
            elif action == "publish":
                services.translation_publish(actor=actor, article=article, language=language)
                messages.success(request, _("The text was published."))
                return HttpResponseRedirect(here, status=303)
            elif action == "unpublish":
                services.translation_unpublish(actor=actor, article=article, language=language)
                messages.success(request, _("Readers no longer see this language; they get another one."))
                return HttpResponseRedirect(here, status=303)
        except ApplicationError as error:
            if error.status == 403:
                raise DjangoPermissionDenied from None
            errors_to_form(meta_form if action == "meta" else text_form, error)
        status = 400
    preview = None
    if translation is not None:
        body = translation.draft_body if translation.has_draft else translation.body
        preview = markdown.render(body, for_editors=True)
    return render(
        request,
        "knowledge/editor_article.html",
        {
            "article": article,
            "language": language,
            "languages": HELP_LANGUAGES,
            "tabs": [selectors.translation_state(article, code) for code in HELP_LANGUAGES],
            "state": selectors.translation_state(article, language),
            "translation": translation,
            "meta_form": meta_form,
            "text_form": text_form,
            "preview": preview,
            "can_publish": actor.has(Perm.CONTENT_PUBLISH),
        },
        status=status,
    )
