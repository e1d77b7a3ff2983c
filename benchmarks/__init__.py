"""chitieu's benchmark: `python -m benchmarks [--rows N] [--json]`.

Owns every speed and memory figure of the app, measured on this machine, each with its goal.
Tests never time anything; CI never runs this. It writes only under a temporary folder
(the synthetic dataset, reused between runs) and never touches `data/`.
"""
