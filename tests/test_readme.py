"""The README's commands work: the quick start and every block marked <!-- readme-test -->."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _blocks(text: str) -> list[str]:
    return re.findall(r"```bash\n(.*?)```", text, re.S)


def _commands(block: str) -> list[str]:
    cmds = []
    for line in block.splitlines():
        for part in line.split("&&"):
            part = part.strip()
            if part.startswith("kickgraph "):
                cmds.append(part)
    return cmds


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, repo):
    wd = tmp_path_factory.mktemp("readme")
    for name in ("examples", "queries"):
        shutil.copytree(repo / name, wd / name)
    return wd


def _run(cmd: str, cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("kickgraph")
    args = shlex.split(cmd)
    args[0] = str(exe) if exe.exists() else "kickgraph"
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)


def test_quick_start_is_two_commands_install_and_tests():
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = _blocks(quick)
    assert len(blocks) == 2
    assert blocks[0].strip().startswith("pip install")
    assert blocks[1].strip() == "python -m pytest -q"
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[0].strip() in ci and blocks[1].strip() in ci


def test_readme_commands_run(workdir):
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = _commands(_blocks(quick)[0])
    assert commands[0].startswith("kickgraph build examples/articles -o career.ttl")
    for block in re.findall(r"<!-- readme-test -->\s*```bash\n(.*?)```", text, re.S):
        commands += _commands(block)
    assert len(commands) >= 10
    for cmd in commands:
        res = _run(cmd, workdir)
        assert res.returncode == 0, f"{cmd}\n{res.stdout}\n{res.stderr}"
        assert "Traceback" not in res.stderr
    careers = _run("kickgraph query career.ttl queries/careers.rq", workdir)
    assert "Thomas Tuchel" in careers.stdout
    assert (workdir / "carousel.html").stat().st_size > 5000
    assert (workdir / "tuchel.png").stat().st_size > 5000
