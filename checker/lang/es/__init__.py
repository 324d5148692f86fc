"""Spanish: data only (numbers.yaml)."""
