"""The sampling rule of the yearly plan (ADR 0024): a third of each fonds, the never or longest
ago inspected first, and every dossier whose 3 years run out within the plan's year."""

from __future__ import annotations

from datetime import date, timedelta

from archive.inspection.plan import Held, choose, next_due


def _held(fonds: str, n: int, last: str, inspected: bool = True) -> Held:
    return Held(f"oid-{fonds}-{n}", f"{fonds}.{n:03d}", fonds, last, inspected)


def test_a_third_of_each_fonds_never_inspected_then_oldest_first() -> None:
    a = [_held("A", n, f"2026-0{n}-01T00:00:00+00:00") for n in range(1, 7)]
    a.append(_held("A", 9, "2026-09-01T00:00:00+00:00", inspected=False))  # ingested, never seen
    b = [_held("B", 1, "2026-05-01T00:00:00+00:00"), _held("B", 2, "2026-02-01T00:00:00+00:00")]
    chosen = choose(a + b, 2027)
    assert [h.arc_file_code for h in chosen] == ["A.009", "A.001", "A.002", "B.002"]


def test_a_dossier_whose_3_years_run_out_that_year_is_taken_whatever_the_third() -> None:
    group = [_held("A", n, "2026-06-01T00:00:00+00:00") for n in range(1, 7)]
    group.append(_held("A", 7, "2024-06-01T00:00:00+00:00"))  # due 01/06/2027
    group.append(_held("A", 8, "2024-12-30T00:00:00+00:00"))  # due 30/12/2027
    assert next_due("2024-12-30T00:00:00+00:00") == date(2027, 12, 30)
    chosen = [h.arc_file_code for h in choose(group, 2027)]
    assert chosen[:2] == ["A.007", "A.008"] and len(chosen) == 3  # ceil(8/3) = 3


def test_three_plans_in_a_row_cover_every_dossier_and_none_waits_past_3_years() -> None:
    start = date(2026, 1, 15)
    held = [
        _held(f, n, f"{start - timedelta(days=n)}T00:00:00+00:00", inspected=False)
        for f, size in (("A", 10), ("B", 4), ("", 1))
        for n in range(size)
    ]
    seen: dict[str, date] = {}
    for year in (2026, 2027, 2028):
        chosen = choose(held, year)
        assert {h.fonds for h in chosen} == {"A", "B", ""}  # every fonds, every year
        picked = {h.object_id for h in chosen}
        day = f"{year}-03-01T00:00:00+00:00"
        held = [
            Held(h.object_id, h.arc_file_code, h.fonds, day, True) if h.object_id in picked else h
            for h in held
        ]
        seen.update(dict.fromkeys(picked, date(year, 3, 1)))
    assert len(seen) == 15
    assert all(h.due > date(2028, 12, 31) for h in held)
