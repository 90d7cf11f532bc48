"""`make run` / `make test` on a bare Debian machine: Node.js and npm are installed like the other
Debian packages when missing (as root), or named for the user to install."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def _stub(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def run_system_deps(tmp_path, *, uid: int, with_node: bool):
    """`make system-deps` with a PATH of stubs only: every Debian package but Node's is there."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    _stub(bin_dir, "dpkg", "exit 0")
    _stub(bin_dir, "id", f"echo {uid}")
    _stub(bin_dir, "apt-get", f'echo "$*" >> {log}')
    if with_node:
        _stub(bin_dir, "node", "exit 0")
        _stub(bin_dir, "npm", "exit 0")
    result = subprocess.run(
        [MAKE, "-s", "-f", str(ROOT / "Makefile"), "system-deps", f"PYTHON={sys.executable}"],
        cwd=tmp_path,
        env={"PATH": str(bin_dir), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result, (log.read_text() if log.exists() else "")


def test_root_gets_nodejs_and_npm_installed(tmp_path):
    result, apt = run_system_deps(tmp_path, uid=0, with_node=False)
    assert result.returncode == 0, result.stderr
    assert "install" in apt and "nodejs" in apt.split() and "npm" in apt.split()


def test_other_users_are_told_what_to_install(tmp_path):
    result, apt = run_system_deps(tmp_path, uid=1000, with_node=False)
    assert result.returncode == 0, result.stderr
    assert apt == ""
    assert "apt-get install nodejs npm" in result.stdout


def test_nothing_is_installed_when_node_is_there(tmp_path):
    result, apt = run_system_deps(tmp_path, uid=0, with_node=True)
    assert result.returncode == 0, result.stderr
    assert apt == "" and "nodejs" not in result.stdout
