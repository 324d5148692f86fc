"""Indonesian: data only (numbers.yaml)."""
