"""French: data only (numbers.yaml)."""
