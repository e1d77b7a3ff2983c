"""Models over the store's results: simulation, tracking, backtests. Pure Python/NumPy."""
