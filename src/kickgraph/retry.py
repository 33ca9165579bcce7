"""Retry timing shared by the HTTP clients (Wikidata fetch, push): Retry-After and backoff."""

from __future__ import annotations

import email.utils
import random
import time
from datetime import timezone


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` in seconds from a delay ("120") or an HTTP date; None if absent or invalid."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def backoff_delay(attempt: int, base: float, cap: float, retry_after: float | None = None) -> float:
    """Seconds to wait before retry ``attempt`` (0-based): the server's Retry-After when it
    sent one (never less than the backoff), else exponential backoff with 10 % jitter, capped."""
    delay = min(base * 2 ** attempt, cap) * (1 + 0.1 * random.random())
    return max(delay, retry_after) if retry_after is not None else delay
