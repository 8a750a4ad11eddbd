"""Run the shell blocks of a README section as a reader would type them.

``section_steps`` takes the fenced ``sh`` blocks of one ``## `` section, one step per line;
``run_step`` runs a line with bash (globs, pipes, ``&&`` as typed; ``pipefail`` so a failing
``archive`` is not hidden by a pipe) in a folder, with the venv's ``archive`` first on the PATH
and no ``ARCHIVE_*`` variable of the test process, so the archive is found the way the README
says: from the folder. ``serve_step`` starts a long-running ``archive serve`` line, waits until
it answers and stops it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

__all__ = ["README", "Step", "run_step", "section_steps", "serve_step"]

README = Path(__file__).resolve().parents[2] / "README.md"
_BIN = Path(sys.executable).parent
_COMMENT = re.compile(r"\s+#(\s.*)?$")


@dataclass(frozen=True)
class Step:
    """One line of a shell block."""

    line: str
    """As written in the README, comment included."""
    command: str
    """Without the trailing comment: what the expectations are keyed by."""


def section_steps(heading: str, text: str | None = None) -> list[Step]:
    """The lines of the ``sh`` blocks of the section ``## heading``, in order."""
    lines = (README.read_text(encoding="utf-8") if text is None else text).splitlines()
    try:
        start = lines.index(f"## {heading}") + 1
    except ValueError:
        raise AssertionError(f"README.md has no section '## {heading}'") from None
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    steps: list[Step] = []
    inside = False
    for line in lines[start:end]:
        if line.startswith("```"):
            inside = not inside and line.strip() == "```sh"
            continue
        if inside and line.strip():
            steps.append(Step(line, _COMMENT.sub("", line).strip()))
    return steps


def environment(**extra: str) -> dict[str, str]:
    """The test process's environment without ``ARCHIVE_*``, the venv's bin first on PATH, a
    wide terminal (tables do not wrap the codes the tests look for)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    path = f"{_BIN}{os.pathsep}{env.get('PATH', '')}"
    return {**env, "PATH": path, "COLUMNS": "200", **extra}


def run_step(
    step: Step, cwd: Path, *, stdin: str = "", timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run one line with bash in ``cwd``; ``stdin`` is what the command may read."""
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", step.command],
        cwd=cwd,
        env=environment(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def serve_step(step: Step, cwd: Path, port: int, *, timeout: float = 60) -> tuple[int, str, str]:
    """Start an ``archive serve --port N`` line on ``port`` instead, wait for its login page,
    stop it with Ctrl-C; returns (exit code, stdout, stderr)."""
    command = re.sub(r"--port \d+", f"--port {port}", step.command)
    assert command != step.command, f"no --port to replace in {step.line!r}"
    server = subprocess.Popen(
        ["bash", "-c", f"exec {command}"],
        cwd=cwd,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as page:
                    assert page.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.communicate()
                assert time.monotonic() < deadline, f"{step.line!r} did not answer"
                time.sleep(0.2)
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    return server.returncode, out, err
