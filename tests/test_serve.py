"""`mkdocs serve` rebuilds on a YAML edit, reports a broken source, and recovers once it is fixed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]  # (host, port) for an IPv4 socket
        return port


def _wait_for(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body: bytes = response.read()
            return body.decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def test_serve_rebuilds_reports_and_recovers(project: Path, tmp_path: Path) -> None:
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--livereload"],
            cwd=project, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    page = f"http://127.0.0.1:{port}/referentiel-moa/competences/collaborer-bim/"
    source = project / "competencies" / "collaborer-bim.yml"
    original = source.read_text("utf-8")
    try:
        _wait_for(lambda: "Collaborer avec le BIM" in _get(page), "the first build")
        source.write_text(original.replace("status: emerging", "status: emergent"), "utf-8")
        _wait_for(
            lambda: "competencies/collaborer-bim.yml:5:9: valeur non admise" in log_path.read_text("utf-8"), "the error"
        )
        time.sleep(1)  # let the file-watcher settle so the fix is seen as a new change
        source.write_text(original.replace("Collaborer avec le BIM", "Collaborer grâce au BIM"), "utf-8")
        _wait_for(lambda: "Collaborer grâce au BIM" in _get(page), "the rebuild after the fix")
        assert server.poll() is None, "the server stopped on a source error"
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert "Traceback" not in log_path.read_text("utf-8")
