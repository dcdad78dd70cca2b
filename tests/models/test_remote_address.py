"""The privacy rule on a model server's address: this computer and the private network
only, unless a public address is allowed; names are resolved and checked."""

from __future__ import annotations

import pytest

from models.errors import ModelError
from models.remote_address import AddressRefused, check_place, normalise_url


def resolver(table: dict[str, list[str]]):
    def resolve(host: str, port: int) -> list[str]:
        return table[host]

    return resolve


@pytest.mark.parametrize(
    ("url", "scope"),
    [
        ("http://127.0.0.1:8080", "this computer"),
        ("http://127.8.9.10:8080/v1", "this computer"),
        ("http://[::1]:11434", "this computer"),
        ("http://10.1.2.3:8000", "your network"),
        ("http://172.16.0.9:1234", "your network"),
        ("http://172.31.255.1:1234", "your network"),
        ("http://192.168.1.20:8080/v1/", "your network"),
        ("http://[fd12:3456::7]:8000", "your network"),
    ],
)
def test_loopback_and_private_addresses_are_allowed(url: str, scope: str) -> None:
    place = check_place(url, allow_public=False)
    assert place.scope == scope
    assert place.url.endswith("/v1") and not place.url.endswith("/v1/v1")


@pytest.mark.parametrize(
    "url", ["http://8.8.8.8:8080", "https://172.32.0.1", "http://[2001:4860::8888]:80"]
)
def test_a_public_address_is_refused_and_the_refusal_says_what_leaves(url: str) -> None:
    with pytest.raises(AddressRefused) as refused:
        check_place(url, allow_public=False)
    assert "public address" in refused.value.message
    assert "CV and answers" in refused.value.message
    assert "Allow a public address" in refused.value.hint


def test_a_name_is_judged_by_the_address_it_resolves_to() -> None:
    resolve = resolver({"gpu-box.local": ["192.168.1.40"], "models.example.com": ["93.184.216.34"]})
    place = check_place("http://gpu-box.local:11434", allow_public=False, resolve=resolve)
    assert place.scope == "your network" and place.addresses == ("192.168.1.40",)
    assert "gpu-box.local" in place.describe() and "192.168.1.40" in place.describe()
    with pytest.raises(AddressRefused, match="public address"):
        check_place("https://models.example.com", allow_public=False, resolve=resolve)


def test_a_name_with_one_public_address_among_private_ones_is_refused() -> None:
    resolve = resolver({"split.local": ["192.168.1.40", "93.184.216.34"]})
    with pytest.raises(AddressRefused, match=r"93\.184\.216\.34"):
        check_place("http://split.local:8080", allow_public=False, resolve=resolve)


def test_localhost_is_resolved_for_real() -> None:
    assert check_place("http://localhost:8080", allow_public=False).scope == "this computer"


def test_a_public_address_when_allowed_needs_tls_and_says_where_it_runs() -> None:
    with pytest.raises(AddressRefused, match="plain HTTP"):
        check_place("http://8.8.8.8:8080", allow_public=True)
    place = check_place("https://8.8.8.8", allow_public=True)
    assert place.scope == "a public address"
    assert "leave this computer" in place.describe()


@pytest.mark.parametrize(
    "url", ["192.168.1.2:8080", "ftp://192.168.1.2", "http://user:pw@192.168.1.2", "http://"]
)
def test_what_is_not_a_server_address_is_a_clear_error(url: str) -> None:
    with pytest.raises(ModelError) as refused:
        normalise_url(url)
    assert "http" in refused.value.message + refused.value.hint


def test_an_unknown_name_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="cannot be found"):
        check_place("http://no-such-host.invalid:8080", allow_public=False)
