"""Where a model server is, and whether the candidate's words may go there.

By default only this computer and the private network are allowed: loopback,
RFC 1918, IPv6 unique-local (and link-local), and mDNS `.local` names. A name is
resolved and every address it resolves to is checked, so a public host cannot hide
behind a friendly name. Plain HTTP is for private addresses only; a public address
needs TLS and the candidate's explicit "allow a public address".
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from models.errors import ModelError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolve = Callable[[str, int], Sequence[str]]

PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "169.254.0.0/16",  # link-local: a cable between two machines
        "::1/128",
        "fc00::/7",
        "fe80::/10",
    )
)
LOOPBACK_NETWORKS = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))
PUBLIC_CONSENT = "Allow a public address: my CV and answers leave this computer"


class AddressRefused(ModelError):
    """The server's address is outside what the candidate allowed."""


@dataclass(frozen=True)
class ServerPlace:
    """Where the model runs, checked: shown in the window and the CLI."""

    url: str  # the base URL, normalised, ending in /v1
    host: str
    addresses: tuple[str, ...]
    scope: str  # "this computer", "your network" or "a public address"

    def describe(self) -> str:
        where = ", ".join(a for a in self.addresses if a != self.host)
        where = f"{self.host}, {where}" if where else self.host
        if self.scope == "this computer":
            return f"on this computer ({where})"
        if self.scope == "your network":
            return f"on your network ({where})"
        return f"on a public address ({where}): your words leave this computer"


def system_resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ModelError(
            f"The server name {host!r} cannot be found ({exc}).",
            hint="Check the address, or use the server's IP address.",
        ) from exc
    return sorted({str(info[4][0]).split("%")[0] for info in infos})


def normalise_url(url: str) -> str:
    """'http://box:8080' or 'http://box:8080/v1/' to 'http://box:8080/v1'."""
    text = url.strip().rstrip("/")
    if "://" not in text:
        raise ModelError(
            f"{url!r} is not a server address.",
            hint="Give the whole address, for example http://192.168.1.20:8080/v1",
        )
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ModelError(
            f"{url!r} is not an http:// or https:// address.",
            hint="Give the whole address, for example http://192.168.1.20:8080/v1",
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ModelError(
            f"{url!r} has parts a server address does not take (a query, a name or password).",
            hint="Give only scheme, host, port and path; an API key is asked for separately.",
        )
    path = parts.path.rstrip("/")
    if not path.endswith("/v1"):
        path += "/v1"
    return f"{parts.scheme}://{parts.netloc}{path}"


def _is_private(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in net for net in PRIVATE_NETWORKS)


def _is_loopback(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in net for net in LOOPBACK_NETWORKS)


def check_place(url: str, *, allow_public: bool, resolve: Resolve = system_resolve) -> ServerPlace:
    """The checked place of `url`, or AddressRefused saying what to change."""
    base = normalise_url(url)
    parts = urlsplit(base)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    addresses = [str(literal)] if literal is not None else list(resolve(host, port))
    if not addresses:
        raise ModelError(f"The server name {host!r} resolves to no address.")
    parsed = [ipaddress.ip_address(a) for a in addresses]
    public = [str(a) for a in parsed if not _is_private(a)]
    # A `.local` name is allowed like any other: by the addresses it resolves to.
    if public:
        if not allow_public:
            raise AddressRefused(
                f"{host} is a public address ({', '.join(public)}): the CV and answers "
                "would leave this computer and your network.",
                hint=f"Use a server on this computer or your network, or turn on "
                f"\u201c{PUBLIC_CONSENT}\u201d (--allow-public-address).",
            )
        if parts.scheme != "https":
            raise AddressRefused(
                f"{host} is a public address reached over plain HTTP: anyone on the way "
                "could read your CV and answers.",
                hint="Use https:// (the certificate is verified).",
            )
    if all(_is_loopback(a) for a in parsed):
        scope = "this computer"
    elif public:
        scope = "a public address"
    else:
        scope = "your network"
    return ServerPlace(url=base, host=host, addresses=tuple(addresses), scope=scope)
