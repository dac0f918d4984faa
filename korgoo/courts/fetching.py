"""Fetching decisions from court sites: politely, resumably, and never on a request's path.

A court site is read through an adapter that knows where its decisions are listed and how its list
pages link to the next one (`SudrfListing`: the GAS «Правосудие» case search of a `*.sudrf.ru` court,
whose result pages link each decision as `modules.php?name=sud_delo&…&name_op=doc…`). The fetcher:

- reads the site's robots.txt first and fetches nothing it disallows for our user agent;
- waits `delay` seconds between two requests to the same site (courts' servers are small);
- tries again after a timeout, a 429 or a 5xx answer (`Retry-After` respected, capped), then gives
  up on that page and goes on;
- remembers every decision page it stored (`FetchState`), so a run stopped half-way resumes where
  it stopped and a second run fetches only what is new.

The scheduled job (`tasks.fetch_court_site`) and `korgoo fetch_court_decisions` call `fetch_site`.
Pages go through `services.decision_ingest` like an upload.
"""

from __future__ import annotations

import http.client
import logging
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from django.db import transaction

from korgoo.core.actor import Actor
from korgoo.core.errors import ApplicationError

from . import services
from .extraction.documents import decode
from .models import FetchState

log = logging.getLogger(__name__)

USER_AGENT = "KorgooCourtMonitor/1.0 (consular monitoring of court decisions)"
MAX_RETRY_AFTER = 60.0


@dataclass
class FetchReport:
    listed: int = 0
    stored: int = 0
    already: int = 0
    skipped_robots: int = 0
    failed: list[str] = field(default_factory=list)


class SudrfListing:
    """The case search of a GAS «Правосудие» court site: decision links and the next result page."""

    decision_link = re.compile(r"""href=["']([^"']*name_op=doc[^"']*)["']""", re.I)
    next_link = re.compile(
        r"""<a[^>]+href=["']([^"']+)["'][^>]*>\s*(?:След(?:ующая)?\.?|&gt;|»|Next)\s*</a>""", re.I
    )

    def decisions(self, html: str, base: str) -> list[str]:
        found: list[str] = []
        for href in self.decision_link.findall(html):
            url = urljoin(base, unescape(href))
            if url not in found:
                found.append(url)
        return found

    def next_page(self, html: str, base: str) -> str | None:
        match = self.next_link.search(html)
        return urljoin(base, unescape(match.group(1))) if match else None


MAX_PAGE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Answer:
    status_code: int
    content: bytes
    headers: dict[str, str]

    @property
    def text(self) -> str:
        """The body as text: the charset the server names, else what the page declares or looks like
        (court sites serve windows-1251)."""
        found = re.search(r"charset=([\w-]+)", self.headers.get("Content-Type", ""), re.I)
        if found:
            try:
                return self.content.decode(found.group(1))
            except (LookupError, UnicodeDecodeError):
                pass
        return decode(self.content)[0]


class PoliteClient:
    """HTTP GET (the standard library's, redirects followed) with robots.txt, a pause between
    requests and retries."""

    def __init__(
        self,
        *,
        delay: float,
        retries: int = 3,
        timeout: float = 20.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        on_request: Callable[[str], None] | None = None,
    ) -> None:
        self.delay = delay
        self.retries = retries
        self.timeout = timeout
        self.sleep = sleep
        self.clock = clock
        self.on_request = on_request
        self.robots: dict[str, RobotFileParser] = {}
        self.last_request: dict[str, float] = {}
        self.crawl_delay: dict[str, float] = {}  # a site's own Crawl-delay, when longer than ours

    def close(self) -> None:
        """Nothing stays open between requests (kept for callers that manage a client's life)."""

    def _fetch(self, url: str) -> Answer:
        if self.on_request is not None:
            self.on_request(url)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 - http(s) only
        try:
            # http(s) only: `_get` refuses any other scheme before asking.
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310  # nosec B310
                return Answer(response.status, response.read(MAX_PAGE_BYTES), dict(response.headers.items()))
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read(MAX_PAGE_BYTES), dict(error.headers.items()))

    def _wait_turn(self, host: str) -> None:
        """Sleep until `delay` (or the site's Crawl-delay) has passed since the last answer from the
        host: counted from the end of one exchange, so a slow server gets more time, not less."""
        last = self.last_request.get(host)
        if last is not None:
            pause = max(self.delay, self.crawl_delay.get(host, 0.0)) - (self.clock() - last)
            if pause > 0:
                self.sleep(pause)

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        parser = self.robots.get(root)
        if parser is None:
            parser = RobotFileParser()
            response = self._get(root + "/robots.txt", check_robots=False)
            if response is None or response.status_code >= 500:
                parser.parse(["User-agent: *", "Disallow: /"])  # a site that cannot answer is left alone
            elif response.status_code >= 400:
                parser.parse([])  # no robots.txt: nothing is disallowed
            else:
                parser.parse(response.text.splitlines())
                asked = parser.crawl_delay(USER_AGENT)
                if asked:
                    self.crawl_delay[parts.netloc] = min(float(asked), MAX_RETRY_AFTER)
            self.robots[root] = parser
        return parser.can_fetch(USER_AGENT, url)

    def get(self, url: str) -> Answer | None:
        return self._get(url, check_robots=True)

    def _get(self, url: str, *, check_robots: bool) -> Answer | None:
        if urlsplit(url).scheme not in ("http", "https"):
            return None
        host = urlsplit(url).netloc
        for attempt in range(self.retries):
            self._wait_turn(host)
            try:
                response = self._fetch(url)
            except (TimeoutError, urllib.error.URLError, http.client.HTTPException, OSError):
                self.last_request[host] = self.clock()
                self.sleep(min(2.0**attempt, MAX_RETRY_AFTER))
                continue
            self.last_request[host] = self.clock()
            if response.status_code == 429 or response.status_code >= 500:
                retry_after = response.headers.get("Retry-After", "")
                wait = float(retry_after) if retry_after.isdigit() else 2.0**attempt
                self.sleep(min(wait, MAX_RETRY_AFTER))
                continue
            return response
        return None


def _pages(
    client: PoliteClient, adapter: SudrfListing, start: str, max_pages: int
) -> Iterator[tuple[str, str]]:
    url: str | None = start
    seen: set[str] = set()
    while url and url not in seen and len(seen) < max_pages:
        seen.add(url)
        if not client.allowed(url):
            return
        response = client.get(url)
        if response is None or response.status_code != 200:
            return
        yield url, response.text
        url = adapter.next_page(response.text, url)


def fetch_site(
    *,
    actor: Actor,
    start_url: str,
    delay: float = 2.0,
    max_pages: int = 20,
    limit: int = 500,
    client: PoliteClient | None = None,
) -> FetchReport:
    """Fetch the decisions listed from `start_url` that were not fetched before, for the actor's
    organisation. Each decision is stored in its own transaction, then marked done."""
    adapter = SudrfListing()
    own_client = client is None
    client = client or PoliteClient(delay=delay)
    state, _created = FetchState.objects.get_or_create(
        source=start_url[:200], defaults={"organisation": actor.organisation}
    )
    done = set(state.done_urls)
    report = FetchReport()
    try:
        for page_url, html in _pages(client, adapter, start_url, max_pages):
            for url in adapter.decisions(html, page_url):
                report.listed += 1
                if url in done:
                    report.already += 1
                    continue
                if report.stored >= limit:
                    break
                if not client.allowed(url):
                    report.skipped_robots += 1
                    continue
                response = client.get(url)
                if response is None or response.status_code != 200:
                    report.failed.append(url)
                    continue
                try:
                    services.decision_ingest(
                        actor=actor, data=response.content, filename="page.html", source_url=url
                    )
                except ApplicationError:
                    report.failed.append(url)
                    continue
                with transaction.atomic():
                    done.add(url)
                    state.done_urls = sorted(done)
                    state.save(update_fields=["done_urls", "updated_at"])
                report.stored += 1
    finally:
        if own_client:
            client.close()
    log.info(
        "court fetch: %s listed, %s stored, %s already, %s failed",
        report.listed,
        report.stored,
        report.already,
        len(report.failed),
    )
    return report
