"""Benchmarks (`make bench`): the harness, its settings and the bench-only URLs (docs/scaling.md)."""
