"""Client for the UCDP API (``/api/gedevents/<version>``), paged, with an optional access token.

The API returns JSON pages ``{"TotalCount", "TotalPages", "NextPageUrl", "Result": [...]}`` whose
records carry the GED CSV column names. Since 2025 UCDP asks API users for an access token, sent
in the ``x-ucdp-access-token`` header; set ``UCDP_ACCESS_TOKEN`` (or pass ``token=``) to use one.
The pages are written to a GED-layout CSV, which the GED adapter then loads like any release.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Callable

import httpx

from ..errors import InputError
from .http import request
from .ucdp_ged import GED_49

DEFAULT_BASE = "https://ucdpapi.pcr.uu.se/api"
TOKEN_HEADER = "x-ucdp-access-token"


def fetch_ged_pages(url: str, *, token: str | None = None, client: httpx.Client | None = None,
                    max_pages: int = 100000, progress: Callable[[int, int], None] | None = None):
    """Yield the ``Result`` list of every page, following ``NextPageUrl``.

    Raises :class:`InputError` ("download failed: ...") when a page cannot be fetched (no
    network, connection refused, timeout), and for refused access or an answer that is not JSON.
    """
    token = token if token is not None else os.environ.get("UCDP_ACCESS_TOKEN")
    headers = {TOKEN_HEADER: token} if token else {}
    own = client is None
    client = client or httpx.Client(timeout=60.0, follow_redirects=True)
    try:
        page, next_url = 0, url
        while next_url and page < max_pages:
            response = request(client, "GET", next_url, headers=headers)
            if response.status_code in (401, 403):
                raise InputError(f"UCDP API refused access (HTTP {response.status_code}); "
                                 f"set UCDP_ACCESS_TOKEN to your access token", file=next_url)
            if response.status_code != 200:
                raise InputError(f"UCDP API answered HTTP {response.status_code}", file=next_url)
            try:
                body = response.json()
            except ValueError:
                raise InputError("UCDP API answered with something that is not JSON", file=next_url) from None
            page += 1
            if progress:
                progress(page, int(body.get("TotalPages") or page))
            yield body.get("Result") or []
            next_url = body.get("NextPageUrl") or None
    finally:
        if own:
            client.close()


def download_ged(url: str, target: str | Path, **kwargs) -> int:
    """Write every API page to ``target`` as a 49-column GED CSV; returns the number of records."""
    count = 0
    with open(target, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(GED_49)
        for records in fetch_ged_pages(url, **kwargs):
            for record in records:
                writer.writerow(["" if record.get(c) is None else record.get(c) for c in GED_49])
                count += 1
    return count


def is_ucdp_api(url: str) -> bool:
    return "/gedevents/" in url
