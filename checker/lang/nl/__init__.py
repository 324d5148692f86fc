"""Dutch: data only (numbers.yaml)."""
