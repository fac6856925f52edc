"""HTTP requests of the API clients, with a transport failure (no network, a refused connection, a
timeout) turned into one :class:`InputError` that names the address."""

from __future__ import annotations

import httpx

from ..errors import InputError


def request(client: httpx.Client, method: str, url: str, **kwargs) -> httpx.Response:
    """``client.request(method, url, ...)``; a transport failure is an InputError naming ``url``."""
    try:
        return client.request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        raise InputError(f"download failed: {exc}", file=url) from None
