"""Demo: the monitor's figures computed once, so the dashboard is filled after `make run`."""

from __future__ import annotations

from .readmodel import refresh_full


def seed() -> list[str]:
    verversing = refresh_full()
    return [
        "Monitor: "
        + ", ".join(f"{name} {n}" for name, n in verversing.rows.items() if name != "verwijderd")
    ]
