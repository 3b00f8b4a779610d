"""Benchmarks of the NGO registry: a 200 000-row import and the registry pages' server time.

`make bench` runs `python -m bench.run`; each database is benchmarked in fresh subprocesses
(`python -m bench.worker <step>`) with their own DATABASE_URL, never the project's database.
"""
