"""Portuguese: data only (numbers.yaml)."""
