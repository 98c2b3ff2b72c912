"""Serve a built site on 127.0.0.1 as a static host does (GitHub Pages): files from a folder,
the site's 404 page for anything missing. Prints the port it listens on, then serves.

Usage: python static_server.py FOLDER NOT_FOUND_PAGE
"""

from __future__ import annotations

import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class Handler(SimpleHTTPRequestHandler):
    not_found: Path

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a missing file with the site's 404 page, like a static host."""
        if code != 404 or self.command != "GET":
            return super().send_error(code, message, explain)
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests watch requests from the browser's side."""


def main(folder: str, not_found: str) -> None:
    Handler.not_found = Path(not_found)
    with ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=folder)) as server:
        print(server.server_address[1], flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:])
