"""The systemd unit in deploy/ is one systemd accepts, and runs the bot as documented."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

UNIT = Path(__file__).resolve().parents[2] / "deploy" / "engagierte-stadt-bot.service"


def service() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(UNIT, encoding="utf-8")
    return parser["Service"]


def test_the_unit_restarts_on_failure_as_its_own_user_with_the_settings_file() -> None:
    unit = service()
    assert unit["Restart"] == "on-failure"
    assert unit["RestartPreventExitStatus"] == "2"  # a configuration error is not retried
    assert unit["User"] and unit["User"] != "root"
    assert unit["EnvironmentFile"].startswith("/etc/")
    assert unit["ExecStart"].endswith(" bot.py")
    assert "BOT_DB_PATH=/var/lib/engagierte-stadt-bot/" in unit["Environment"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_analyze_verify_accepts_the_unit(tmp_path: Path) -> None:
    # The unit names the interpreter where the README installs it; here, this one.
    text = UNIT.read_text(encoding="utf-8").replace(
        "/opt/engagierte-stadt-bot/.venv/bin/python", str(Path(sys.executable).resolve())
    )
    copy = tmp_path / UNIT.name
    copy.write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
