"""The archive of published coverage: the store, its vector index, the store-side search
(coverage) and the Dask runner that reads articles for it."""
