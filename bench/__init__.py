"""Benchmarks: `make bench` (or `python -m bench`) prints one Markdown table."""
