"""German: data only (numbers.yaml)."""
