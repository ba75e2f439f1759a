"""Starts one real `sift serve` process for the whole client test session.

The binary comes from the environment variable SIFT_BIN (a relative path is taken from the
repository root), by default `.build/debug/sift`. The server listens on a port it picks itself
(`--port 0`); the port is read from the "server listening" JSON log line on stderr. Data, index
definitions and pipelines live in fresh temporary directories, so only plain indices exist.
"""

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


def _sift_binary() -> Path:
    path = Path(os.environ.get("SIFT_BIN", ".build/debug/sift"))
    if not path.is_absolute():
        path = REPO_ROOT / path
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.exit(f"sift binary not found or not executable: {path} (set SIFT_BIN)", returncode=2)
    return path


def _log_tail(log_path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _bound_port(log_path: Path):
    """The port from the first JSON log line carrying `server.port`, or None."""
    try:
        text = log_path.read_text(errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if "server.port" in record:
            return int(record["server.port"])
    return None


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def sift_url(tmp_path_factory):
    """URL (`http://127.0.0.1:PORT`) of a running `sift serve` with empty data."""
    binary = _sift_binary()
    root = tmp_path_factory.mktemp("sift")
    data, indexes, pipelines = root / "data", root / "indexes", root / "pipelines"
    for directory in (data, indexes, pipelines):
        directory.mkdir()
    log_path = root / "server.log"
    command = [
        str(binary), "serve",
        "--host", "127.0.0.1", "--port", "0",
        "--data", str(data), "--indexes", str(indexes), "--pipelines", str(pipelines),
        "--log-format", "json",
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        url = None
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.exit(
                    f"sift serve exited with status {process.returncode} before answering:\n"
                    f"{_log_tail(log_path)}", returncode=2)
            if url is None:
                port = _bound_port(log_path)
                if port is not None:
                    url = f"http://127.0.0.1:{port}"
            if url is not None and _answers(url):
                break
            time.sleep(0.05)
        else:
            pytest.exit(f"sift serve did not answer GET / within {START_TIMEOUT:.0f} s:\n"
                        f"{_log_tail(log_path)}", returncode=2)
        yield url
    finally:
        _stop(process)
