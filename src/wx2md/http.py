"""The one HTTP session every network edge shares.

WeChat throttles (429) and its CDN hiccups (5xx), so retries with backoff live in
the transport (urllib3 Retry, which also honours Retry-After), not in callers.
Timeouts are explicit everywhere because requests has none by default.
"""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

# WeChat serves a stripped page (or the verification wall) to obvious bots.
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
)
WECHAT_REFERER = "https://mp.weixin.qq.com/"
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
TIMEOUT = (CONNECT_TIMEOUT, READ_TIMEOUT)
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 30.0  # seconds; a CDN saying "Retry-After: 86400" must not hang a run


class CappedRetry(Retry):
    """urllib3 Retry that honours Retry-After, but never waits longer than MAX_RETRY_AFTER."""

    def get_retry_after(self, response):  # type: ignore[override]
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, MAX_RETRY_AFTER)


def make_session(
    *,
    retries: int = 3,
    backoff: float = 0.5,
    pool_size: int = 16,
) -> requests.Session:
    """A Session with browser headers, bounded redirects and retry-with-backoff.

    `pool_size` must be at least the number of concurrent image downloads, or
    urllib3 discards connections and the keep-alive benefit is lost.
    """
    retry = CappedRetry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        redirect=MAX_REDIRECTS,
        backoff_factor=backoff,
        backoff_max=MAX_RETRY_AFTER,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=True,
    )
    adapter = HTTPAdapter(max_retries=retry, pool_connections=pool_size, pool_maxsize=pool_size)
    session = requests.Session()
    session.max_redirects = MAX_REDIRECTS
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update(
        {
            "User-Agent": USER_AGENT,
            "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8",
        }
    )
    return session
