"""Client for the ACLED API with OAuth (password grant, then refresh-token grant).

Since 2025 ACLED no longer accepts the old ``key`` + ``email`` query parameters. A client posts
``username``, ``password``, ``grant_type=password`` and ``client_id=acled`` to ``/oauth/token``
and receives ``access_token`` (valid about 24 h) and ``refresh_token``; data requests to
``/api/acled/read`` carry ``Authorization: Bearer <access_token>``. When a request answers 401,
the client refreshes once with ``grant_type=refresh_token`` and retries. Pages are requested with
``limit`` and ``page`` until a page comes back short; records are written as an ACLED CSV export.
Credentials: ``ACLED_USERNAME`` and ``ACLED_PASSWORD``.
"""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from ..errors import InputError
from .acled import ACLED_COLUMNS
from .http import request

DEFAULT_BASE = "https://acleddata.com"
CLIENT_ID = "acled"


class ACLEDClient:
    """OAuth session against an ACLED server (``base``: scheme and host)."""

    def __init__(self, username: str | None = None, password: str | None = None, *,
                 base: str = DEFAULT_BASE, client: httpx.Client | None = None) -> None:
        self.username = username or os.environ.get("ACLED_USERNAME")
        self.password = password or os.environ.get("ACLED_PASSWORD")
        if not self.username or not self.password:
            raise InputError("ACLED API needs ACLED_USERNAME and ACLED_PASSWORD (OAuth); "
                             "the old key+email access no longer works")
        self.base = base.rstrip("/")
        self.http = client or httpx.Client(timeout=120.0, follow_redirects=True)
        self.access_token: str | None = None
        self.refresh_token: str | None = None
        self.expires_at = 0.0

    def _send(self, method: str, url: str, **kwargs) -> httpx.Response:
        """One HTTP request; a transport failure (no network, refused, timeout) is an InputError."""
        return request(self.http, method, url, **kwargs)

    def _token(self, form: dict) -> None:
        response = self._send("POST", f"{self.base}/oauth/token", data={**form, "client_id": CLIENT_ID})
        if response.status_code != 200:
            raise InputError(f"ACLED OAuth token request failed (HTTP {response.status_code})",
                             file=f"{self.base}/oauth/token")
        body = response.json()
        self.access_token = body["access_token"]
        self.refresh_token = body.get("refresh_token", self.refresh_token)
        self.expires_at = time.time() + float(body.get("expires_in") or 86400) - 60

    def login(self) -> None:
        self._token({"username": self.username, "password": self.password, "grant_type": "password"})

    def refresh(self) -> None:
        if not self.refresh_token:
            self.login()
            return
        try:
            self._token({"refresh_token": self.refresh_token, "grant_type": "refresh_token"})
        except InputError:
            self.login()

    def get(self, path: str, params: dict) -> dict:
        if self.access_token is None:
            self.login()
        elif time.time() >= self.expires_at:
            self.refresh()
        for attempt in (1, 2):
            response = self._send("GET", f"{self.base}{path}", params=params,
                                  headers={"Authorization": f"Bearer {self.access_token}"})
            if response.status_code == 401 and attempt == 1:
                self.refresh()
                continue
            if response.status_code != 200:
                raise InputError(f"ACLED API answered HTTP {response.status_code}", file=f"{self.base}{path}")
            return response.json()
        raise InputError("ACLED API kept refusing the token", file=f"{self.base}{path}")

    def events(self, params: dict | None = None, *, limit: int = 5000):
        """Yield event records page by page."""
        page = 1
        while True:
            body = self.get("/api/acled/read", {**(params or {}), "_format": "json", "limit": limit, "page": page})
            data = body.get("data") or []
            yield from data
            if len(data) < limit:
                return
            page += 1


def download_acled(url: str, target: str | Path, *, client: ACLEDClient | None = None,
                   limit: int = 5000) -> int:
    """Fetch ``url`` (an ``.../api/acled/read?...`` address) into an ACLED-layout CSV."""
    parts = urlsplit(url)
    params = dict(httpx.QueryParams(parts.query))
    params.pop("_format", None)
    client = client or ACLEDClient(base=f"{parts.scheme}://{parts.netloc}")
    count = 0
    with open(target, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(ACLED_COLUMNS)
        for record in client.events(params, limit=limit):
            writer.writerow(["" if record.get(c) is None else record.get(c) for c in ACLED_COLUMNS])
            count += 1
    return count


def is_acled_api(url: str) -> bool:
    return "/api/acled/" in url
