"""The API over a real socket: uvicorn on a loopback port, talked to with httpx."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from tessera.api.app import create_app
from tessera.service import Hub
from tessera.store import open_store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    store = open_store(f"sqlite:///{tmp_path / 'sock.db'}")
    for code in ("AA", "BB"):
        store.create_agency(code, code, "EU", "police")
    tokens = {code: store.create_user(code.lower(), code, ["analyst", "steward"])[1] for code in ("AA", "BB")}
    port = _free_port()
    config = uvicorn.Config(create_app(Hub(store)), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", tokens
    srv.should_exit = True
    thread.join(5)
    store.engine.dispose()


def test_share_and_discover_over_http(server: tuple[str, dict[str, str]]) -> None:
    url, tokens = server
    with httpx.Client(base_url=url, timeout=10) as client:
        aa = {"Authorization": f"Bearer {tokens['AA']}"}
        bb = {"Authorization": f"Bearer {tokens['BB']}"}
        resp = client.post(
            "/v1/entities",
            headers=aa,
            json={
                "schema": "Person",
                "properties": {"name": ["Quorvath Blenquist"]},
                "marking": {"distribution": "agency", "discoverable": True},
            },
        )
        assert resp.status_code == 201
        eid = resp.json()["id"]
        assert client.get(f"/v1/entities/{eid}", headers=bb).status_code == 404
        hits = client.get("/v1/search", params={"q": "Quorvath Blenquist"}, headers=bb).json()["hits"]
        assert [h["agency"] for h in hits] == ["AA"]
        export = client.get("/v1/export", headers=aa)
        assert export.headers["content-type"].startswith("application/x-ndjson")
        assert eid in export.text
