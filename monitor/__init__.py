"""Monitor: aggregates, dashboard, exports and the yearly quickscan."""
