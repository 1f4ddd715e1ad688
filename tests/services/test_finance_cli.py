"""`tessera finance customers import/screen` and `tessera lists import` re-screening stored customers,
through the real command line (JSON lines out, progress and errors on stderr)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.services.finance_world import BANK_A_CSV


def test_cli_imports_customers_and_a_new_list_alerts(tmp_path: Path) -> None:
    env = {**os.environ, "TESSERA_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    cli = [sys.executable, "-m", "tessera.cli"]

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*cli, *args], env=env, capture_output=True, text=True, check=check)

    run(
        "admin",
        "agency",
        "create",
        "BANK-A",
        "--name",
        "Bank A",
        "--country",
        "NL",
        "--kind",
        "financial_institution",
    )
    customers = tmp_path / "customers.csv"
    customers.write_text(BANK_A_CSV, encoding="utf-8")
    done = run("finance", "customers", "import", str(customers), "--agency", "BANK-A")
    lines = [json.loads(x) for x in done.stdout.splitlines()]
    problems = [x["problem"] for x in lines if "problem" in x]
    assert [(p["line"], p["rejected"]) for p in problems] == [(4, True), (6, False)]
    assert lines[-1]["added"] == 4 and lines[-1]["rejected_lines"] == [4]
    assert "1 rejected" in done.stderr

    listed = tmp_path / "freeze.jsonl"
    listed.write_text(
        json.dumps(
            {
                "id": "NL-1",
                "schema": "Person",
                "properties": {"name": ["Anselm Varrowby"], "birthDate": ["1984-02-11"]},
            }
        ),
        encoding="utf-8",
    )
    run("lists", "import", str(listed), "--format", "ftm", "--list", "freeze")  # re-screens the delta
    alerts = [json.loads(x) for x in run("finance", "alerts", "--agency", "BANK-A").stdout.splitlines()]
    assert [(a["refs"]["customer"], a["refs"]["entry"]) for a in alerts] == [("A-1", "NL-1")]
    screened = json.loads(
        run("finance", "customers", "screen", "--agency", "BANK-A", "--list", "freeze").stdout
    )
    assert screened["customers"] == 4 and screened["alerts"] == 0  # the same alert is not raised twice
    feed = [json.loads(x) for x in run("finance", "feed", "--agency", "BANK-A").stdout.splitlines()]
    assert [e["kind"] for e in feed] == ["designations", "alert"]
    missing = run(
        "finance", "customers", "import", str(tmp_path / "nope.csv"), "--agency", "NOPE", check=False
    )
    assert missing.returncode != 0
