"""The office password gate: an ASGI middleware in front of the whole dashboard.

Every HTTP request and every websocket handshake must carry the office password, either as HTTP
Basic credentials (any user name; the browser asks once) or as the session cookie the gate sets
after a successful login.  Without them a request gets ``401`` and a one-line text, a websocket
is refused before it is accepted: no page, no script, no model.  The cookie holds an HMAC of the
password under a secret drawn when the server starts, so restarting the server ends every
session and the password itself is never stored in the browser's cookies.

It does not encrypt anything: over plain HTTP the password crosses the network readable by anyone
on the way.  Serve it behind the office's HTTPS proxy (see README, "Serving an office").
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from http.cookies import CookieError, SimpleCookie
from pathlib import Path

MIN_PASSWORD_LENGTH = 8
COOKIE = "shiyu_office"
REALM = "shiyu-sim dashboard"
REFUSED = b"401: this dashboard needs the office password (any user name).\n"


class PasswordFileError(ValueError):
    """A password file that cannot be used; the message says why."""


def read_password(path: str | Path) -> str:
    """The office password: the first line of ``path``, without surrounding spaces.

    Raises:
        PasswordFileError: the file is missing, unreadable, not UTF-8, empty, or the password is
            shorter than :data:`MIN_PASSWORD_LENGTH` characters.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PasswordFileError(f"{path}: not a UTF-8 text file") from None
    except OSError as err:
        raise PasswordFileError(f"{path}: cannot be read: {err.strerror}") from None
    lines = text.splitlines()
    password = lines[0].strip() if lines else ""
    if not password:
        raise PasswordFileError(f"{path}: the file is empty; put the office password on its first line")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordFileError(
            f"{path}: the password has {len(password)} characters; use at least {MIN_PASSWORD_LENGTH}"
        )
    return password


class PasswordGate:
    """ASGI middleware admitting only requests that carry the office password.

    Args:
        app: the ASGI application behind the gate (Solara's server app).
        password: the office password.
    """

    def __init__(self, app, password: str):
        """Wrap ``app``; a fresh session secret is drawn, so a restart ends every session."""
        self.app = app
        self._password = password.encode("utf-8")
        self._session = hmac.new(secrets.token_bytes(32), self._password, hashlib.sha256).hexdigest()

    def _basic_ok(self, header: bytes | None) -> bool:
        """Whether an ``Authorization`` header holds HTTP Basic credentials with the password."""
        if not header or header[:6].lower() != b"basic ":
            return False
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True)
        except (binascii.Error, ValueError):
            return False
        _, sep, given = decoded.partition(b":")
        return bool(sep) and hmac.compare_digest(given, self._password)

    def _cookie_ok(self, header: bytes | None) -> bool:
        """Whether a ``Cookie`` header holds this server's session cookie."""
        if not header:
            return False
        jar = SimpleCookie()
        try:
            jar.load(header.decode("latin-1"))
        except CookieError:
            return False
        morsel = jar.get(COOKIE)
        return morsel is not None and hmac.compare_digest(morsel.value, self._session)

    async def __call__(self, scope, receive, send):
        """Pass lifespan events on; check HTTP requests and websocket handshakes."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if self._cookie_ok(headers.get(b"cookie")):
            await self.app(scope, receive, send)
            return
        if not self._basic_ok(headers.get(b"authorization")):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})  # before accept: refused
            else:
                await self._refuse(send)
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        secure = "; Secure" if scope.get("scheme") == "https" else ""
        cookie = f"{COOKIE}={self._session}; Path=/; HttpOnly; SameSite=Strict{secure}".encode("latin-1")

        async def send_with_cookie(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie)]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    @staticmethod
    async def _refuse(send) -> None:
        """Answer 401 with a Basic challenge and a one-line text: nothing of the dashboard."""
        await send(
            {
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"www-authenticate", f'Basic realm="{REALM}", charset="UTF-8"'.encode()),
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(REFUSED)).encode()),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": REFUSED})
