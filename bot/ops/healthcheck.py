"""`python -m bot healthcheck [--url URL]`: Docker's HEALTHCHECK. GETs the process's own
/healthz; healthy when it answers 200 (not when refused, timed out or 503). Standard library
only, so the probe costs a fraction of a second every interval."""

from __future__ import annotations

import urllib.error
import urllib.request

__all__ = ["TIMEOUT_S", "default_url", "probe"]

TIMEOUT_S = 5.0


def default_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/healthz"


def probe(url: str, *, timeout: float = TIMEOUT_S) -> tuple[bool, str]:
    """(healthy, one line saying what it saw)."""
    if not url.startswith(("http://", "https://")):
        return False, f"unhealthy: {url}: not an http(s) URL"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = response.read(2000).decode("utf-8", "replace")
            status = response.status
    except urllib.error.HTTPError as exc:  # 503 and other statuses
        body = exc.read(2000).decode("utf-8", "replace")
        status = exc.code
    except (OSError, ValueError) as exc:  # refused, timed out, a malformed URL
        return False, f"unhealthy: {url}: {exc}"
    healthy = status == 200
    return healthy, f"{'healthy' if healthy else 'unhealthy'}: {status} {body.strip()}"
