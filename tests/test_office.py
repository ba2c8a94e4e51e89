"""Serving an office: the password gate, the checks before the dashboard starts, a real server."""

from __future__ import annotations

import asyncio
import base64
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from email.message import Message
from importlib import metadata
from pathlib import Path

import pytest
from conftest import free_port

from sim.cli import dashboard as dashboard_cli
from sim.cli import main
from sim.cli.gate import COOKIE, PasswordFileError, PasswordGate, read_password

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "office-Pa55word-2026"
SOLARA_ENV = ("SOLARA_APP", "SOLARA_MODE", "SOLARA_TELEMETRY_MIXPANEL_ENABLE", "SIM_DASHBOARD_SCENARIO")


def basic(password: str, user: str = "colleague") -> str:
    """An HTTP Basic ``Authorization`` header value."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# --- the gate on its own, in front of a stand-in app -------------------------------------------


def call(gate: PasswordGate, kind: str, headers: dict[str, str]) -> tuple[list[dict], bool]:
    """One request through ``gate``: the messages it sent and whether the app behind it ran."""
    reached = []

    async def app(scope, receive, send):
        reached.append(scope["type"])
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"the page"})

    gate.app = app
    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    scope = {"type": kind, "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}
    asyncio.run(gate(scope, receive, send))
    return sent, bool(reached)


def test_gate_refuses_requests_without_the_password():
    gate = PasswordGate(None, PASSWORD)
    for headers in (
        {},
        {"Authorization": basic("wrong-password")},
        {"Authorization": "Basic !!!"},
        {"Authorization": "Bearer " + PASSWORD},
        {"Cookie": f"{COOKIE}=forged"},
        {"Authorization": "Basic " + base64.b64encode(PASSWORD.encode()).decode()},
    ):
        sent, reached = call(gate, "http", headers)
        assert not reached, headers
        assert sent[0]["status"] == 401
        assert (b"www-authenticate", b'Basic realm="shiyu-sim dashboard", charset="UTF-8"') in sent[0]["headers"]
        assert b"html" not in sent[1]["body"]
        sent, reached = call(gate, "websocket", headers)
        assert not reached and sent == [{"type": "websocket.close", "code": 1008}]


def test_gate_admits_the_password_and_then_its_cookie():
    gate = PasswordGate(None, PASSWORD)
    sent, reached = call(gate, "http", {"Authorization": basic(PASSWORD, user="任何人")})
    assert reached and sent[0]["status"] == 200
    cookie = dict(sent[0]["headers"])[b"set-cookie"].decode()
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert PASSWORD not in cookie
    session = cookie.split(";")[0]
    for kind in ("http", "websocket"):
        _, reached = call(gate, kind, {"Cookie": f"other=1; {session}"})
        assert reached
    _, reached = call(gate, "websocket", {"Authorization": basic(PASSWORD)})
    assert reached
    # another server (or this one restarted) draws another secret: the old cookie no longer opens it
    _, reached = call(PasswordGate(None, PASSWORD), "http", {"Cookie": session})
    assert not reached


def test_gate_passes_lifespan_events():
    reached = []

    async def app(scope, receive, send):
        reached.append(scope["type"])

    asyncio.run(PasswordGate(app, PASSWORD)({"type": "lifespan"}, None, None))
    assert reached == ["lifespan"]


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "the file is empty"), ("\n\n", "the file is empty"), ("short\n", "use at least 8")],
)
def test_bad_password_files_are_explained(tmp_path, text, message):
    path = tmp_path / "password"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PasswordFileError, match=message):
        read_password(path)


def test_password_is_the_first_line_stripped(tmp_path):
    path = tmp_path / "password"
    path.write_text(f"  {PASSWORD}  \nsecond line ignored\n", encoding="utf-8")
    assert read_password(path) == PASSWORD


# --- the command's checks before it serves ------------------------------------------------------


@pytest.fixture
def solara_env(monkeypatch):
    """Undo the environment the dashboard command sets for Solara."""
    for name in SOLARA_ENV:
        monkeypatch.delenv(name, raising=False)


def test_a_bad_password_file_stops_the_command(tmp_path, capsys, solara_env):
    assert main(["dashboard", "--password-file", str(tmp_path / "missing")]) == 2
    assert f"error: --password-file {tmp_path / 'missing'}: cannot be read" in capsys.readouterr().err
    (tmp_path / "short").write_text("abc\n")
    assert main(["dashboard", "--password-file", str(tmp_path / "short")]) == 2
    assert "use at least 8" in capsys.readouterr().err


def test_missing_page_assets_stop_the_command_with_the_install_command(monkeypatch, capsys, solara_env):
    real = metadata.version

    def version(name):
        if name == "solara-assets":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(dashboard_cli.metadata, "version", version)
    started = time.monotonic()
    assert main(["dashboard"]) == 2
    err = capsys.readouterr().err
    assert "solara-assets" in err and "blank" in err
    assert f'{sys.executable} -m pip install --no-deps "solara-assets==1.58.2"' in err
    assert "Traceback" not in err
    assert time.monotonic() - started < 20  # at once: no server, no page


def test_ipyvuetify_3_stops_the_command(monkeypatch):
    real = metadata.version
    monkeypatch.setattr(dashboard_cli.metadata, "version", lambda name: "3.0.1" if name == "ipyvuetify" else real(name))
    problem = dashboard_cli.missing_page_assets()
    assert "ipyvuetify 3.0.1" in problem and '"ipyvuetify<3" "ipyvue<3"' in problem


def test_installed_assets_pass_the_check():
    pytest.importorskip("solara_assets")
    assert dashboard_cli.missing_page_assets() is None


def test_no_cjk_font_gives_a_warning(monkeypatch):
    from sim.analysis import figures

    monkeypatch.setattr(figures, "cjk_font", lambda: None)
    assert "fonts-wqy-microhei" in dashboard_cli.font_warning()
    monkeypatch.setattr(figures, "cjk_font", lambda: "WenQuanYi Micro Hei")
    assert dashboard_cli.font_warning() is None


def test_a_cjk_font_installed_after_matplotlib_listed_the_fonts_is_found(monkeypatch):
    """A stale font list (the font installed after matplotlib's cache was made) still finds it."""
    from matplotlib import font_manager

    from sim.analysis import figures

    present = figures.cjk_font()
    if present is None:
        pytest.skip("no CJK font on this machine")
    manager = font_manager.fontManager
    files = {f.fname for f in manager.ttflist if f.name in figures.CJK_FONTS}
    stale = [f for f in manager.ttflist if f.fname not in files]
    monkeypatch.setattr(manager, "ttflist", stale)
    manager._findfont_cached.cache_clear()
    try:
        assert figures._first_cjk_font() is None  # the stale list alone says no
        assert figures.cjk_font() == present
    finally:
        manager._findfont_cached.cache_clear()


# --- a real server behind the gate ------------------------------------------------------------


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """``python -m sim dashboard --password-file`` on a free port; yields its base address."""
    folder = tmp_path_factory.mktemp("office")
    (folder / "password").write_text(PASSWORD + "\n", encoding="utf-8")
    port = free_port()
    log = folder / "server.log"
    env = dict(os.environ, PYTHONPATH=str(REPO), SOLARA_TELEMETRY_MIXPANEL_ENABLE="False")
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sim", "dashboard", "--port", str(port), "--password-file", "password"],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 150
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"the dashboard did not start:\n{log.read_text()}")
            time.sleep(0.5)
    yield url
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, Message, bytes]:
    """Status, headers (names in any case) and body of a GET, errors included."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def handshake(url: str, headers: dict[str, str]) -> str:
    """The status line a websocket handshake to Solara's kernel channel gets."""
    host, port = url.removeprefix("http://").split(":")
    lines = [
        "GET /jupyter/api/kernels/test-kernel/channels?session_id=test HTTP/1.1",
        f"Host: {host}:{port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    with socket.create_connection((host, int(port)), timeout=60) as s:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return s.recv(4096).split(b"\r\n", 1)[0].decode()


@pytest.mark.slow
def test_the_office_server_admits_only_the_password(office):
    status, headers, body = get(office + "/")
    assert status == 401 and headers["WWW-Authenticate"].startswith("Basic")
    assert b"<html" not in body.lower() and b"solara" not in body.lower()
    assert get(office + "/", {"Authorization": basic("not-the-password")})[0] == 401

    status, headers, body = get(office + "/", {"Authorization": basic(PASSWORD)})
    assert status == 200 and b"<html" in body.lower()
    (session,) = (c.split(";")[0] for c in headers.get_all("Set-Cookie") if c.startswith(COOKIE + "="))
    assert get(office + "/", {"Cookie": session})[0] == 200

    for route in (
        "/readyz",
        "/static/assets/favicon.png",
        "/jupyter/api/kernels/test-kernel",
        "/_solara/cdn/@widgetti/solara-vuetify-app@10.1.1/dist/main8.css",
        "/results",
    ):
        assert get(office + route)[0] == 401, route
        assert get(office + route, {"Authorization": basic("not-the-password")})[0] == 401, route
    assert get(office + "/readyz", {"Authorization": basic(PASSWORD)})[0] == 200

    assert " 403 " in handshake(office, {})
    assert " 403 " in handshake(office, {"Authorization": basic("not-the-password")})
    assert " 101 " in handshake(office, {"Cookie": session})


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium not installed")
def test_a_browser_with_the_password_gets_the_live_dashboard(office):
    """The page and its websocket work through the gate; a browser without the password gets nothing."""
    from playwright.sync_api import Error, expect, sync_playwright

    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=args)
        try:
            page = browser.new_context().new_page()
            with pytest.raises(Error, match="ERR_INVALID_AUTH_CREDENTIALS"):
                page.goto(office + "/", timeout=60_000)
            page = browser.new_context(http_credentials={"username": "同事", "password": PASSWORD}).new_page()
            page.goto(office + "/", timeout=90_000)
            step = page.get_by_role("button", name=re.compile("單步|Step"))
            expect(step).to_be_visible(timeout=90_000)  # drawn by the server over the websocket
            step.click()
            expect(page.get_by_text(re.compile(r"第 1 天|Day 1\b"))).to_be_visible(timeout=60_000)
        finally:
            browser.close()
