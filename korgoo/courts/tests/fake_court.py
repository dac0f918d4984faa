"""A fake court site on localhost that speaks like a GAS «Правосудие» court: robots.txt, the case
search's result pages (windows-1251, «След.» to the next page) and decision pages saved from real
formats (the corpus). It can answer 503 to chosen pages once, and records every request."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).parent / "corpus"
DOC = "/modules.php?name=sud_delo&srv_num=1&name_op=doc&number={n}&delo_id=1500001&new=0&text_number=1"


class FakeCourt:
    def __init__(
        self, pages: list[str], *, per_page: int = 3, flaky: set[int] | None = None, crawl_delay: int = 0
    ) -> None:
        self.crawl_delay = crawl_delay
        self.files = [
            next(p for p in sorted(CORPUS.glob(f"{name}*")) if p.suffix != ".json") for name in pages
        ]
        self.per_page = per_page
        self.flaky = set(flaky or ())
        self.requests: list[tuple[float, str]] = []
        court = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                court.requests.append((time.monotonic(), self.path))
                status, body, kind = court.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                if status == 503:
                    self.send_header("Retry-After", "0")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def start(self) -> str:
        return self.base + "/modules.php?name=sud_delo&srv_num=1&name_op=sf&page=1"

    def __enter__(self) -> FakeCourt:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path: str) -> tuple[int, bytes, str]:
        html = "text/html; charset=windows-1251"
        if path == "/robots.txt":
            rules = "User-agent: *\nDisallow: /private/\n"
            if self.crawl_delay:
                rules += f"Crawl-delay: {self.crawl_delay}\n"
            return 200, rules.encode(), "text/plain"
        if "name_op=sf" in path:
            page = int(path.rsplit("page=", 1)[1])
            numbers = range((page - 1) * self.per_page, min(page * self.per_page, len(self.files)))
            rows = "".join(
                f'<tr><td><a href="{DOC.format(n=n).replace("&", "&amp;")}">Дело № {n}</a></td></tr>'
                for n in numbers
            )
            rows += '<tr><td><a href="/private/modules.php?name=sud_delo&amp;name_op=doc&amp;number=99">закрыто</a></td></tr>'
            more = page * self.per_page < len(self.files)
            nxt = (
                f'<a href="/modules.php?name=sud_delo&amp;srv_num=1&amp;name_op=sf&amp;page={page + 1}">След.</a>'
                if more
                else ""
            )
            body = f"<html><body><table id='tablcont'>{rows}</table>{nxt}</body></html>"
            return 200, body.encode("cp1251"), html
        if "name_op=doc" in path and path.startswith("/modules.php"):
            number = int(path.split("number=", 1)[1].split("&", 1)[0])
            if number in self.flaky:
                self.flaky.discard(number)
                return 503, b"busy", "text/plain"
            return 200, self.files[number].read_bytes(), html
        return 404, b"not found", "text/plain"
