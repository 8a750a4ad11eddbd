"""``archive evidence …``: RFC 4998 evidence records (build, verify, export, bundle).

Imports of ``archive`` sit inside the functions that use them, types under ``TYPE_CHECKING``:
``import cli.main`` must stay light (start-up time; tests/cli/test_start.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from cli import display
from cli.output import EXIT_FAILED, console, errors_to_exit, print_json, say, term
from cli.verify import parse_at

if TYPE_CHECKING:
    from archive.evidence.ers import ErsReport

app = typer.Typer(no_args_is_help=True)


@app.command("build")
def build_command(
    limit: int | None = typer.Option(None, "--limit"),
    as_json: bool = typer.Option(False, "--json"),
    agent: str | None = typer.Option(None, "--agent"),
) -> None:
    """Cấp hồ sơ bằng chứng cho mọi tệp chưa có / cover every file not yet covered.

    One Merkle tree and one TSA request per batch (evidence_batch_size files); the audit log
    since the last batch is covered too."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.evidence import service

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        results = service.build(archive, agent=person_agent(agent), limit=limit)
    if as_json:
        print_json([r.as_dict() for r in results])
        return
    if not results:
        console.print(say("evidence.nothing_new"))
    for r in results:
        adopted = say("evidence.adopted") if r.adopted else ""
        batch = say(
            "evidence.built", batch=r.object_id, files=r.leaves, at=display.when(r.gen_time)
        )
        console.print(batch + adopted)


def _table(reports: list[ErsReport]) -> Table:
    table = Table(title=say("evidence.verification"))
    for col in (
        "evidence.record",
        "evidence.chain",
        "common.kind",
        "evidence.algorithm",
        "evidence.time",
        "TSA",
        "evidence.integrity",
        "evidence.trusted",
    ):
        table.add_column(say(col) if "." in col else col, overflow="fold")
    good, bad = say("evidence.good"), say("evidence.bad")
    for r in reports:
        for c in r.checks:
            intact = c.input_found is not False and c.imprint_ok and c.tst_intact and c.tst_valid
            table.add_row(
                r.name,
                f"{c.chain + 1}.{c.index + 1}",
                term("ers_kind", c.kind),
                c.algorithm,
                display.when(c.gen_time),
                display.subject(c.tsa),
                f"[green]{good}[/]" if intact else f"[red]{bad}[/]",
                f"[green]{good}[/]" if c.trusted else f"[red]{bad}[/] ({c.problem})",
            )
    return table


def _reason(report: ErsReport) -> str:
    """The verdict on a record in the interface language (the core's ``reason`` is the
    stored, English one); a record that could not be read: the error, in both languages."""
    if not report.said:
        return f"{say('common.error')}: {report.reason}"
    (lead, lead_params), *details = report.said
    said = [say(key, **_shown(params)) for key, params in details]
    first = say(lead, **lead_params)
    return f"{first}: {'; '.join(said)}" if said else first


def _shown(params: dict[str, object]) -> dict[str, object]:
    """The parameters of a verdict as people read them: the kind of an archive timestamp
    and the TSA's name in the interface language."""
    shown = dict(params)
    if "kind" in shown:
        shown["kind"] = term("ers_kind", shown["kind"])
    if "tsa" in shown:
        shown["tsa"] = display.subject(str(shown["tsa"]))
    return shown


@app.command("verify")
def verify_command(
    target: str = typer.Argument(...),
    data: list[Path] = typer.Option([], "--data"),
    at: str | None = typer.Option(None, "--at"),
    as_json: bool = typer.Option(False, "--json"),
    agent: str | None = typer.Option(None, "--agent"),
) -> None:
    """Kiểm tra ngoại tuyến / verify offline: hash trees, timestamps, renewal chain.

    Exit 0 only when every record is intact and every timestamp trusted."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.evidence import service

    with errors_to_exit() as stack:
        moment = parse_at(at)
        settings = load_settings()
        path = Path(target)
        archive = None
        if path.suffix.lower() not in (".ers", ".er") and not (
            path.is_file() and not settings.home.is_dir()
        ):
            archive = stack.enter_context(open_archive(settings))
        reports = service.verify_target(
            archive,
            settings,
            target,
            data=data,
            at=moment,
            agent=person_agent(agent) if archive is not None else None,
        )
    valid = all(r.valid for r in reports)
    if as_json:
        print_json(
            {
                "target": target,
                "valid": valid,
                "integrity_ok": all(r.integrity_ok for r in reports),
                "timestamps_trusted": all(r.timestamps_trusted for r in reports),
                "reason": "; ".join(r.reason for r in reports if not r.valid) or reports[0].reason,
                "records": [r.as_dict() for r in reports],
            }
        )
    else:
        console.print(_table(reports))
        for r in reports:
            reason = _reason(r)
            console.print(f"[{'green' if r.valid else 'red'}]{r.name}[/]: {reason}", soft_wrap=True)
    if not valid:
        raise typer.Exit(EXIT_FAILED)


@app.command("export")
def export_command(
    target: str = typer.Argument(...),
    out: Path = typer.Option(..., "-o", "--output"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Xuất hồ sơ bằng chứng (DER, RFC 4998) / export evidence records as DER."""
    from archive.bootstrap import open_archive
    from archive.config import load_settings
    from archive.evidence import service

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        written = service.export(archive, target, out)
    if as_json:
        print_json({"written": [str(p) for p in written]})
    else:
        for p in written:
            console.print(say("common.wrote", path=p))


@app.command("bundle")
def bundle_command(
    doc_code: str = typer.Argument(...),
    out: Path = typer.Option(..., "-o", "--output"),
    allow_restricted: bool = typer.Option(
        False,
        "--allow-restricted",
    ),
    as_json: bool = typer.Option(False, "--json"),
    agent: str | None = typer.Option(None, "--agent"),
) -> None:
    """Gói bằng chứng cho bên thứ ba / evidence bundle for a third party (zip + README).

    The original, its evidence records and timestamp tokens, the validation data, the reports
    and the PREMIS events, checkable with standard tools."""
    from archive.bootstrap import open_archive, person_agent
    from archive.config import load_settings
    from archive.evidence.bundle import bundle

    with errors_to_exit() as stack:
        archive = stack.enter_context(open_archive(load_settings()))
        result = bundle(
            archive, doc_code, out, agent=person_agent(agent), allow_restricted=allow_restricted
        )
    if as_json:
        print_json(result)
    else:
        console.print(say("evidence.bundle_written", out=out, files=len(result["files"])))
