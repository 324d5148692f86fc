"""The ground floor: data types (``model``), errors, settings, the YAML reader, the on-disk
cache, the package version and the versions of derived data. Imports nothing of the checker
above it."""
