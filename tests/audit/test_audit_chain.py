"""The audit log is a hash chain: reads and changes are recorded; tampering is found and named."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import delete, text, update

from tessera.policy.core import Viewer
from tessera.service import Hub
from tessera.store import Store, open_store
from tessera.store.tables import audit_log


def _seed(store: Store) -> Viewer:
    store.create_agency("AA", "Agency A", "EU", "police")
    user, _ = store.create_user("analyst-a", "AA", ["analyst"], "restricted")
    viewer = user.viewer("case 42")
    hub = Hub(store)
    eid = hub.create_entity(viewer, "Person", {"name": ["Quorvath Blenquist"]})
    for _ in range(4):
        hub.get_entity(viewer, eid)
    hub.search(viewer, "Quorvath")
    return viewer


def test_reads_and_changes_are_audited_with_purpose(store: Store) -> None:
    _seed(store)
    store.create_agency("OV", "Oversight", "EU", "oversight")
    auditor, _ = store.create_user("auditor", "OV", ["auditor"])
    entries = store.read_audit(auditor.viewer())
    actions = [e.action for e in entries]
    assert actions.count("entity.read") == 4 and "entity.create" in actions and "search" in actions
    assert all(e.purpose == "case 42" for e in entries)
    assert store.verify_audit().ok


def test_altered_entry_is_named(store: Store) -> None:
    _seed(store)
    with store.engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(actor="someone-else"))
    check = store.verify_audit()
    assert not check.ok and check.first_bad_seq == 3 and "altered" in check.problem


def test_removed_entries_are_found(store: Store) -> None:
    _seed(store)
    with store.engine.begin() as conn:
        conn.execute(delete(audit_log).where(audit_log.c.seq == 2))
    assert store.verify_audit().first_bad_seq == 2
    with store.engine.begin() as conn:
        last = conn.execute(text("select max(seq) from audit_log")).scalar()
        conn.execute(delete(audit_log).where(audit_log.c.seq == last))
        conn.execute(delete(audit_log).where(audit_log.c.seq > 1))
    check = store.verify_audit()
    assert not check.ok and check.first_bad_seq == 2


def test_cli_audit_verify_fails_naming_the_entry(tmp_path: Path) -> None:
    db = tmp_path / "audit.db"
    store = open_store(f"sqlite:///{db}")
    _seed(store)
    env = {**os.environ, "TESSERA_DATABASE_URL": f"sqlite:///{db}"}
    cmd = [sys.executable, "-m", "tessera.cli", "audit", "verify"]
    ok = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["ok"] is True
    with store.engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 5).values(purpose="fishing"))
    bad = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["first_bad_seq"] == 5
    assert "entry 5" in bad.stderr
    store.engine.dispose()
