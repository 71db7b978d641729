"""Name lookups bounded in time, once per host per run, and the connections that use them.

The system resolver blocks outside every socket timeout (its own 5 s x attempts x
servers), so `Resolver` asks it in a thread of its own and a request waits only for
the time it has left; urllib3 then connects to the answer (`ResolvingAdapter`), the
name still going in SNI, certificate checks and the Host header. http.py builds its
sessions on these.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3 import ProxyManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError
from urllib3.util.connection import allowed_gai_family

CONNECT_TIMEOUT = 10.0  # one connection attempt (http.py's, when a pool names none)
Lookup = Callable[..., list]  # socket.getaddrinfo's signature


class NoAnswer(socket.gaierror):
    """The resolver did not answer within the time the request had left."""

    def __str__(self) -> str:
        return self.strerror or "no answer"


class Resolver:
    """Name lookups bounded by the time a request has left, each host asked once per run.

    `getaddrinfo` blocks outside every socket timeout (the system resolver has its
    own, 5 s x attempts x servers), so each lookup runs in a daemon thread of its own
    and callers wait on its answer only as long as they may. Answers are kept for the
    run, and so are failures: a name that did not resolve, or did not answer in
    time, is not asked again (a thread still blocked is left to the process's end).
    Concurrent requests for one host share one lookup.
    """

    def __init__(self, lookup: Lookup | None = None) -> None:
        self.lookup = lookup  # None: socket.getaddrinfo, looked up when called
        self._lock = threading.Lock()
        self._answers: dict[str, Future[list[str]]] = {}
        self._failed: dict[str, socket.gaierror] = {}

    def addresses(self, host: str, wait: float) -> list[str]:
        """`host`'s addresses (numeric, in the resolver's order), waiting at most `wait` seconds.

        Raises socket.gaierror (NoAnswer when the time ran out), now and for the rest of the run.
        """
        if _is_numeric(host):
            return [host.strip("[]")]
        with self._lock:
            failed = self._failed.get(host)
            future = self._answers.get(host)
            if failed is None and future is None:
                future = self._answers[host] = self._start(host)
        if failed is not None:
            raise failed
        assert future is not None
        try:
            return future.result(timeout=max(0.0, wait))
        except FutureTimeout:
            error: socket.gaierror = NoAnswer(socket.EAI_AGAIN, f"no answer in {_seconds(wait)} s")
        except socket.gaierror as exc:
            error = exc
        with self._lock:
            error = self._failed.setdefault(host, error)  # the first cause is the one told
        raise error

    def _start(self, host: str) -> Future[list[str]]:
        future: Future[list[str]] = Future()

        def run() -> None:
            try:
                lookup = self.lookup or socket.getaddrinfo
                infos = lookup(host, None, allowed_gai_family(), socket.SOCK_STREAM)
                answer = list(dict.fromkeys(str(info[4][0]) for info in infos))
                if not answer:
                    raise socket.gaierror(socket.EAI_NONAME, "no address")
            except socket.gaierror as exc:
                future.set_exception(exc)
            except (OSError, UnicodeError, ValueError) as exc:  # an unusable name (IDNA, NUL)
                future.set_exception(socket.gaierror(socket.EAI_NONAME, f"invalid name ({exc.__class__.__name__})"))
            else:
                future.set_result(answer)

        threading.Thread(target=run, name=f"wx2md-dns-{host[:40]}", daemon=True).start()
        return future


def _is_numeric(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return False
    return True


def _seconds(value: float) -> str:
    return f"{round(value, 2):g}" if value < 10 else f"{value:.0f}"


class _ResolvedConnection:
    """urllib3 connection mixin: connect to the run's `Resolver` answer, not getaddrinfo's.

    urllib3 has no resolver hook; it connects to `_dns_host`, and reads the name for
    SNI, certificate checks and the Host header through `host` (the same attribute)
    only after the socket is made. So each address is put in `_dns_host` for the
    socket alone and the name is put back before anything else reads it. The lookup
    and every attempt share the connect timeout, which fetch has cut to its time left.
    """

    resolver: Resolver

    def _new_conn(self):  # type: ignore[no-untyped-def]
        name, timeout = self._dns_host, self.timeout  # type: ignore[attr-defined]
        budget = float(timeout) if isinstance(timeout, (int, float)) else CONNECT_TIMEOUT
        start = time.monotonic()
        try:
            addresses = self.resolver.addresses(name, budget)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc  # type: ignore[attr-defined,arg-type]
        error: Exception | None = None
        try:
            for address in addresses:
                self._dns_host = address
                self.timeout = max(0.001, budget - (time.monotonic() - start))
                try:
                    return super()._new_conn()  # type: ignore[misc]
                except ConnectTimeoutError as exc:  # refused, unreachable, timed out: try the next one
                    error = exc
        finally:
            self._dns_host, self.timeout = name, timeout
        assert error is not None
        raise error


def _resolving_pools(resolver: Resolver) -> dict[str, type]:
    """Pool classes for a PoolManager whose connections use `resolver` (one set per session)."""
    pools = {}
    for scheme, pool, connection in (("http", HTTPConnectionPool, HTTPConnection),
                                     ("https", HTTPSConnectionPool, HTTPSConnection)):
        resolved = type(f"Resolved{connection.__name__}", (_ResolvedConnection, connection), {"resolver": resolver})
        pools[scheme] = type(f"Resolved{pool.__name__}", (pool,), {"ConnectionCls": resolved})
    return pools


class ResolvingAdapter(HTTPAdapter):
    """requests' adapter whose connections (direct or to an HTTP proxy) resolve through `resolver`."""

    def __init__(self, resolver: Resolver, **kwargs: Any) -> None:
        self.resolver = resolver
        self._pools = _resolving_pools(resolver)
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(self._pools)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if type(manager) is ProxyManager:  # SOCKS managers bring their own connections
            manager.pool_classes_by_scheme = dict(self._pools)
        return manager
