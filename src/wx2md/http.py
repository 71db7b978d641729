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
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        redirect=MAX_REDIRECTS,
        backoff_factor=backoff,
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
