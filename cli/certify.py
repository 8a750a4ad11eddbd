"""``archive copy certify``: a certified copy (bản sao có xác thực dạng DIP, TT 05/2025 Đ41–42;
docs/use.md, ADR 0017) of one document, as an E-ARK DIP zip written to a folder.

Registered on the ``copy`` group of cli/copies.py in cli/main.py. Imports of ``archive`` sit
inside the function: ``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from pathlib import Path

import typer

from cli.output import console, errors_to_exit, print_json, say

__all__ = ["certify_command"]


def certify_command(
    code: str = typer.Argument(...),
    purpose: str = typer.Option(..., "--purpose"),
    out: Path = typer.Option(..., "--out"),
    user: str | None = typer.Option(None, "--user"),
    recipient: str | None = typer.Option(None, "--for"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Cấp bản sao có xác thực dạng DIP / issue a certified copy as a DIP."""
    from archive.audit.agents import person_agent
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.use.certify import certify

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        copy = certify(
            archive, code, purpose, out, person_agent(user), user=user, recipient=recipient
        )
    if as_json:
        print_json(
            {
                "code": copy.code,
                "dip": copy.objid,
                "path": str(copy.path),
                "sha256": copy.sha256,
                "size": copy.size,
                "original_sha256": copy.original_sha256,
                "purpose": copy.purpose,
                "user": copy.user,
                "recipient": copy.recipient,
            }
        )
        return
    console.print(say("use.certified", code=copy.code, path=copy.path, digest=copy.sha256))
