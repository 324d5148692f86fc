"""English: data only (numbers.yaml, claims.yaml)."""
