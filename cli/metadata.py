"""``archive metadata set``: correct or reclassify the metadata of a stored dossier or document.

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

import typer

from cli.output import console, errors_to_exit, print_json, say

app = typer.Typer(
    no_args_is_help=True,
)


@app.command("set")
def set_command(
    code: str = typer.Argument(...),
    assignments: list[str] = typer.Argument(...),
    reason: str = typer.Option(..., "--reason"),
    decision: str | None = typer.Option(None, "--decision"),
    decision_date: str | None = typer.Option(None, "--decision-date"),
    agent: str | None = typer.Option(None, "--agent"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Sửa đặc tả hồ sơ, tài liệu; giải mật / change the metadata of a dossier or document.

    Each change is a new version of the AIP's descriptive metadata (the old values kept), a
    PREMIS `metadata modification` event, and the catalog, the index and every access decision
    updated at once. Codes and checksums never change. Changing `mode` (giải mật 03→02→01)
    needs --decision and --decision-date."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.errors import InvalidInput
    from archive.metadata.changes import Decision, parse_assignments
    from archive.metadata.service import set_metadata

    with errors_to_exit() as stack:
        values = parse_assignments(assignments)
        made: Decision | None = None
        if decision is not None or decision_date is not None:
            if decision is None or decision_date is None:
                raise InvalidInput(
                    "--decision và --decision-date đi cùng nhau / --decision and --decision-date "
                    "go together"
                )
            made = Decision(decision, decision_date)
        archive = stack.enter_context(open_archive(load_settings()))
        result = set_metadata(
            archive, code, values, reason=reason, decision=made, agent=person_agent(agent)
        )
    if as_json:
        print_json(result)
        return
    changes = "; ".join(
        f"{name}: {c['old'] or '—'} → {c['new'] or '—'}" for name, c in result["changes"].items()
    )
    console.print(
        say(
            "catalog.metadata_changed",
            code=result["code"],
            version=result["version"],
            changes=changes,
        )
    )
