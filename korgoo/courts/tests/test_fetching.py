"""The fetcher against a fake court site on localhost: robots.txt, pauses, retries, resuming."""

from __future__ import annotations

import itertools
import time

import pytest
from django.core.management import call_command

from korgoo.courts.fetching import PoliteClient, fetch_site
from korgoo.courts.models import Decision, FetchState

from .conftest import CORPUS, Missions
from .fake_court import FakeCourt

pytestmark = pytest.mark.django_db
PAGES = ["001-", "002-", "011-", "017-", "021-"]


def test_fetches_every_listed_decision_politely(missions: Missions) -> None:
    actor = missions.actor(missions.embassy_worker)
    sent: list[float] = []  # when the client sent each request (the server's clock lags under load)
    client = PoliteClient(delay=0.05, on_request=lambda url: sent.append(time.monotonic()))
    with FakeCourt(PAGES, per_page=3, flaky={4}) as court:
        report = fetch_site(actor=actor, start_url=court.start, client=client)
        paths = [path for _, path in court.requests]
    client.close()
    assert report.stored == 5 and report.failed == [] and report.skipped_robots == 2
    assert Decision.objects.count() == 5
    assert {d.source_url.split("number=")[1].split("&")[0] for d in Decision.objects.all()} == {
        "0",
        "1",
        "2",
        "3",
        "4",
    }
    # robots.txt first, and the disallowed pages are never asked for.
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1
    assert not any(path.startswith("/private/") for path in paths)
    # The page that answered 503 was asked again and stored.
    assert sum("number=4&" in path for path in paths) == 2
    # A pause of at least the delay between two requests to the same site (without it the requests
    # go a millisecond or two apart).
    assert len(sent) == len(paths)
    assert min(later - earlier for earlier, later in itertools.pairwise(sent)) >= 0.049


def test_a_stopped_run_resumes_without_fetching_twice(missions: Missions) -> None:
    actor = missions.actor(missions.embassy_worker)
    with FakeCourt(PAGES, per_page=3) as court:
        first = fetch_site(actor=actor, start_url=court.start, delay=0.0, limit=2)
        assert first.stored == 2
        court.requests.clear()
        second = fetch_site(actor=actor, start_url=court.start, delay=0.0)
        fetched = [path for _, path in court.requests if "name_op=doc" in path]
    assert second.stored == 3 and second.already == 2
    assert not any("number=0&" in p or "number=1&" in p for p in fetched)
    assert Decision.objects.count() == 5
    assert len(FetchState.objects.get().done_urls) == 5


def test_the_sites_own_crawl_delay_is_kept(missions: Missions) -> None:
    slept: list[float] = []
    now = [0.0]  # the client's own clock, moved only by its sleeping: the test does not hang on time

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    with FakeCourt(PAGES[:2], crawl_delay=3) as court:
        client = PoliteClient(delay=0.0, sleep=sleep, clock=lambda: now[0])
        report = fetch_site(
            actor=missions.actor(missions.embassy_worker), start_url=court.start, client=client
        )
        client.close()
    assert report.stored == 2
    # Every request after robots.txt (the list page, two decisions) waited the three seconds the site
    # asked for.
    assert slept == [3.0, 3.0, 3.0]


def test_a_site_that_keeps_failing_is_given_up_on(missions: Missions) -> None:
    slept: list[float] = []
    with FakeCourt(PAGES[:1], flaky=set()) as court:
        court.flaky = {0}
        client = PoliteClient(delay=0.0, retries=1, sleep=slept.append)
        report = fetch_site(
            actor=missions.actor(missions.embassy_worker), start_url=court.start, client=client
        )
        client.close()
    assert report.failed and not Decision.objects.exists()


def test_commands_fetch_and_import_a_folder(
    missions: Missions, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeCourt(PAGES[:2]) as court:
        call_command("fetch_court_decisions", court.start, "--member", "embassy.worker", "--delay", "0")
    assert "stored 2" in capsys.readouterr().out
    folder = tmp_path / "saved"  # type: ignore[operator]
    folder.mkdir()
    for name in (
        "026-kz-almaty-forced.html",
        "031-pdf-ekb-forced.pdf",
        "034-rtf-civil.rtf",
        "001-sudrf-ekb-forced.html",
    ):
        (folder / name).write_bytes((CORPUS / name).read_bytes())
    (folder / "notes.txt").write_text("x")
    call_command("import_court_decisions", str(folder), "--member", "embassy.worker")
    out = capsys.readouterr().out
    assert "stored 3, already stored 1, failed 1" in out
    assert Decision.objects.count() == 5
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import_court_decisions", str(folder), "--member", "ngo.worker")


def test_the_scheduled_task_fetches_for_one_member(missions: Missions) -> None:
    from korgoo.courts.tasks import fetch_court_site

    with FakeCourt(PAGES[:2]) as court:
        result = fetch_court_site.enqueue(court.start, missions.embassy_worker.pk, 0.0)
    # Listed: the two decisions and the page robots.txt keeps out of reach.
    assert result.return_value == {"listed": 3, "stored": 2, "failed": 0}
    assert set(Decision.objects.values_list("organisation", flat=True)) == {missions.embassy.pk}
