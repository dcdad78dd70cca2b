"""A Python audit hook that refuses every attempt to reach a non-loopback address.

Standard library only, so a child process can install it before anything else is
imported. It watches the audit events (https://docs.python.org/3/library/audit_events.html)
through which Python code reaches the network: connecting, sending to an address,
binding a listening socket, every kind of name lookup, and the stdlib clients that
open their own connections. Each refused attempt is recorded (with the Python stack
that made it) *and* raised as `NetworkAttempt`, so a library that swallows the
exception is still caught by the record.

What it cannot see: sockets opened by native code (llama.cpp, CTranslate2, chromadb's
Rust core, onnxruntime) without going through Python. `tests/trust/offline_child.py`
covers those with strace when the machine has it.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
import traceback
from dataclasses import asdict, dataclass, field
from typing import Any

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})

# Event -> index of the address (or host) argument.
_ADDRESS_EVENTS = {
    "socket.connect": 1,  # (self, address)
    "socket.sendto": 1,  # (self, address)
    "socket.sendmsg": 1,  # (self, address)
    "socket.bind": 1,  # (self, address)
}
_HOST_EVENTS = {
    "socket.getaddrinfo": 0,  # (host, port, family, type, protocol)
    "socket.gethostbyname": 0,  # (hostname,)
    "socket.gethostbyname_ex": 0,  # (hostname,)
    "socket.gethostbyaddr": 0,  # (ip_address,)
    "http.client.connect": 1,  # (self, host, port)
    "ftplib.connect": 1,  # (self, host, port)
    "smtplib.connect": 1,  # (self, host, port)
    "poplib.connect": 1,  # (self, host, port)
    "imaplib.open": 1,  # (self, host, port)
    "nntplib.connect": 1,  # (self, host, port)
    "telnetlib.Telnet.open": 1,  # (self, host, port)
}
_SOCKADDR_EVENTS = {"socket.getnameinfo": 0}  # (sockaddr,)
# Started programs escape the hook (they do not inherit it): recorded, not refused.
_PROCESS_EVENTS = frozenset(
    {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork"}
)
_LOCAL_FAMILIES = frozenset(
    family
    for family in (
        getattr(socket, "AF_UNIX", None),
        getattr(socket, "AF_NETLINK", None),
    )
    if family is not None
)


class NetworkAttempt(OSError):
    """Raised inside the audited call: this process may not reach that address."""


@dataclass
class Attempt:
    event: str
    target: str
    stack: list[str] = field(default_factory=list)


@dataclass
class GuardLog:
    attempts: list[Attempt] = field(default_factory=list)
    processes: list[str] = field(default_factory=list)
    loopback: int = 0  # allowed loopback or local-socket events seen
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "attempts": [asdict(a) for a in self.attempts],
            "processes": list(self.processes),
            "loopback": self.loopback,
        }


def is_loopback_host(host: Any) -> bool:
    """True for 'localhost', 127.0.0.0/8, ::1 and IPv4-mapped loopback. None and '' (any
    interface) are not loopback: binding there listens on the network."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str) or not host:
        return False
    name = host.strip().rstrip(".").lower()
    if name in LOOPBACK_NAMES:
        return True
    name = name.strip("[]").split("%", 1)[0]  # [::1], fe80::1%eth0
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def _address_ok(sock: Any, address: Any) -> bool:
    family = getattr(sock, "family", None)
    if family in _LOCAL_FAMILIES:
        return True
    if address is None:  # sendmsg on a connected socket: its connect was checked
        return True
    if isinstance(address, (str, bytes)):  # an AF_UNIX path on a socket of unknown family
        return family is None or family in _LOCAL_FAMILIES
    if isinstance(address, tuple) and address:
        return is_loopback_host(address[0])
    return False


def _host_ok(event: str, host: Any) -> bool:
    if event == "socket.getaddrinfo" and host is None:
        return True  # a passive lookup (AI_PASSIVE): no name is resolved
    return is_loopback_host(host)


def _stack() -> list[str]:
    frames = traceback.extract_stack()[:-3]  # drop the hook's own frames
    return [f"{f.filename}:{f.lineno} in {f.name}" for f in frames[-12:]]


def install(log: GuardLog, *, raise_on_attempt: bool = True) -> GuardLog:
    """Install the hook for the rest of the process (audit hooks cannot be removed)."""

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event in _PROCESS_EVENTS:
            with log.lock:
                log.processes.append(f"{event}: {_short(args)}")
            return
        if event in _ADDRESS_EVENTS:
            sock = args[0] if args else None
            address = args[_ADDRESS_EVENTS[event]] if len(args) > 1 else None
            ok = _address_ok(sock, address)
            target = repr(address)
        elif event in _HOST_EVENTS:
            index = _HOST_EVENTS[event]
            host = args[index] if len(args) > index else None
            ok = _host_ok(event, host)
            port = args[index + 1] if len(args) > index + 1 else None
            target = f"{host!r} port {port!r}"
        elif event in _SOCKADDR_EVENTS:
            sockaddr = args[0] if args else None
            ok = isinstance(sockaddr, tuple) and bool(sockaddr) and is_loopback_host(sockaddr[0])
            target = repr(sockaddr)
        else:
            return
        if ok:
            with log.lock:
                log.loopback += 1
            return
        with log.lock:
            log.attempts.append(Attempt(event, target, _stack()))
        if raise_on_attempt:
            raise NetworkAttempt(f"network refused by the test: {event} to {target}")

    sys.addaudithook(hook)
    return log


def _short(args: tuple[Any, ...]) -> str:
    text = repr(args)
    return text if len(text) <= 300 else text[:297] + "..."
