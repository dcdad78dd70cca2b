"""HTTP to an OpenAI-compatible model server: one checked client, and every failure
turned into words for the candidate.

The client ignores proxy settings from the environment (a proxy would carry a
"private" request off the machine), verifies TLS certificates, and has a timeout on
every phase: connect, and the gap between two pieces of an answer.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from models.errors import ModelError, ModelOutputError
from models.remote_address import Resolve, ServerPlace, check_place, system_resolve
from models.remote_connection import Connection

CONNECT_SECONDS = 5.0


class ServerError(ModelError):
    """The server could not be reached, or answered with an error."""


class ServerDown(ServerError):
    """Nothing answers at the address."""


class ServerTimeout(ServerError):
    """The server took longer than the timeout to answer or to send the next piece."""


class ServerDropped(ServerError):
    """The connection broke in the middle of an answer."""


class ServerRefusedKey(ServerError):
    """401/403: no API key, or the wrong one."""


class ServerNoModel(ServerError):
    """404, or /v1/models does not list the model."""


class ServerBusy(ServerError):
    """429: the server is rate-limiting or its queue is full."""


class SchemaUnsupported(ModelOutputError):
    """The server or model cannot constrain an answer to a JSON schema."""


def open_client(
    connection: Connection, *, resolve: Resolve = system_resolve
) -> tuple[httpx.Client, ServerPlace]:
    """A client for the server after its address is checked against the privacy rule."""
    place = check_place(connection.base_url, allow_public=connection.allow_public, resolve=resolve)
    headers = {"Accept": "application/json"}
    if connection.api_key:
        headers["Authorization"] = f"Bearer {connection.api_key}"
    client = httpx.Client(
        base_url=place.url,
        headers=headers,
        timeout=httpx.Timeout(
            connection.timeout_seconds, connect=min(CONNECT_SECONDS, connection.timeout_seconds)
        ),
        verify=True,
        trust_env=False,
        follow_redirects=False,  # a redirect could lead off the checked address
    )
    return client, place


RETRY_HINT = "Try again; raise the timeout for this server if it is busy or slow."
CHECK_HINT = "Your answers are saved. Check that the server is running, then try again."


def transport_error(exc: httpx.HTTPError, place: ServerPlace, *, started: bool) -> ServerError:
    """A network failure in words; `started` says whether part of an answer had come."""
    where = place.url
    kind: type[ServerError] = ServerDown
    if isinstance(exc, httpx.ConnectTimeout):
        kind, text = (
            ServerTimeout,
            f"The model server at {where} did not accept the connection in time.",
        )
        hint = "Check that the computer running it is awake and on this network."
    elif isinstance(exc, httpx.ConnectError) and "certif" in str(exc).lower():
        text = (
            f"The model server at {where} has a TLS certificate this computer does not "
            f"trust ({exc})."
        )
        hint = (
            "Give the server a certificate from a trusted authority, or use plain http:// "
            "on your own network."
        )
    elif isinstance(exc, httpx.ConnectError):
        text = (
            f"Nothing answers at {where}: the model server is not running, or it refuses "
            "connections from this computer."
        )
        hint = (
            "Start the server (see the README's section for it), and check that it listens "
            "on this address and port, not only on its own loopback."
        )
    elif isinstance(exc, httpx.TimeoutException):
        kind, hint = ServerTimeout, RETRY_HINT
        text = (
            f"The model server at {where} stopped sending in the middle of the answer."
            if started
            else f"The model server at {where} did not start answering within the timeout."
        )
    elif started:
        kind, hint = ServerDropped, CHECK_HINT
        text = (
            f"The connection to the model server at {where} dropped in the middle of the "
            "answer; nothing of the cut-off answer is used."
        )
    else:
        text = f"The connection to the model server at {where} failed ({type(exc).__name__})."
        hint = CHECK_HINT
    return kind(text, hint=hint)


def _server_message(response: httpx.Response) -> str:
    try:
        body: Any = json.loads(response.read() or b"{}")
    except (ValueError, httpx.HTTPError):
        return ""
    error = body.get("error", body) if isinstance(body, dict) else body
    if isinstance(error, dict):
        error = error.get("message") or error.get("detail") or ""
    if isinstance(body, dict) and isinstance(body.get("detail"), list | str) and not error:
        error = body["detail"]
    return " ".join(str(error).split())[:300]


def status_error(
    response: httpx.Response, place: ServerPlace, model: str, *, schema_field: str = ""
) -> ServerError | SchemaUnsupported:
    """An HTTP error status in words. `schema_field` names the structured-output field
    the request carried, so a 400/422 about it is told apart from other refusals."""
    code = response.status_code
    said = _server_message(response)
    detail = f" (the server said: {said})" if said else ""
    where = place.url
    if code in (401, 403):
        return ServerRefusedKey(
            f"The model server at {where} refused the request ({code}): it needs an API "
            "key, or the one given is wrong.",
            hint="Set the server's API key: loopcoach models remote add NAME URL "
            "--api-key-from-keyring, or on the Models page.",
        )
    if code == 404:
        return ServerNoModel(
            f"The model server at {where} has no model called {model!r}, or no "
            f"OpenAI-compatible API at this address{detail}.",
            hint="Pick a model the server lists, and check that the address ends in /v1.",
        )
    if code == 429:
        wait = response.headers.get("Retry-After", "")
        return ServerBusy(
            f"The model server at {where} is busy (429: too many requests){detail}.",
            hint=f"Wait {wait} seconds and try again." if wait.isdigit() else "Try again shortly.",
        )
    if code in (400, 422) and schema_field:
        return SchemaUnsupported(
            f"The model server at {where} does not take a JSON schema as {schema_field}{detail}.",
            hint="Test this model again so the app finds the way this server takes a schema.",
        )
    return ServerError(
        f"The model server at {where} answered with an error ({code}){detail}.",
        hint="Check the server's log; try again.",
    )


def get_json(client: httpx.Client, place: ServerPlace, path: str, model: str = "") -> Any:
    try:
        response = client.get(path)
    except httpx.HTTPError as exc:
        raise transport_error(exc, place, started=False) from exc
    if response.status_code != 200:
        raise status_error(response, place, model)
    try:
        return response.json()
    except ValueError as exc:
        raise ServerError(
            f"The server at {place.url} did not answer {path} with JSON: it may not be an "
            "OpenAI-compatible model server.",
            hint="Check the address: it should end in /v1.",
        ) from exc


def post_json(
    client: httpx.Client, place: ServerPlace, path: str, body: dict[str, Any], model: str
) -> Any:
    try:
        response = client.post(path, json=body)
    except httpx.HTTPError as exc:
        raise transport_error(exc, place, started=False) from exc
    if response.status_code != 200:
        raise status_error(response, place, model)
    try:
        return response.json()
    except ValueError as exc:
        raise ServerError(f"The server at {place.url} did not answer {path} with JSON.") from exc


def listed_models(client: httpx.Client, place: ServerPlace) -> list[str]:
    """The model ids the server offers (GET /v1/models)."""
    data = get_json(client, place, "/models")
    items = data.get("data", []) if isinstance(data, dict) else []
    return [str(item["id"]) for item in items if isinstance(item, dict) and "id" in item]


def list_server_models(
    connection: Connection, *, resolve: Resolve = system_resolve
) -> tuple[list[str], ServerPlace]:
    """For the settings: the models a server lists, and where it is."""
    client, place = open_client(connection, resolve=resolve)
    with client:
        return listed_models(client, place), place
