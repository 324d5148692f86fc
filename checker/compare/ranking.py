"""The highest values of each row, ties to the leftmost: what a stable sort of every whole row
gives, without sorting the whole rows (candidate search and story grouping both need it)."""

from __future__ import annotations

import numpy as np


def highest(values: np.ndarray, t: int, cols: np.ndarray | None = None):
    """Per row, the ``t`` highest of ``values`` (highest first, ties: the leftmost) as
    (their columns, their values); ``cols`` names the columns (ascending in each row; their
    positions when None).

    A row wider than ``2 t`` is narrowed to its ``t`` highest first (the ``t``-th highest
    value, every cell above it and the leftmost cells equal to it), then sorted: 8,000 rows of
    8,000 in ~1 s where sorting whole rows took 6."""
    if cols is None:
        cols = np.broadcast_to(np.arange(values.shape[1]), values.shape)
    if values.shape[1] > 2 * t:
        kth = -np.partition(-values, t - 1, axis=1)[:, t - 1 : t]
        above = values > kth
        ties = values == kth
        room = t - above.sum(axis=1, keepdims=True)
        chosen = above | (ties & (np.cumsum(ties, axis=1) <= room))
        where = np.nonzero(chosen)[1].reshape(len(values), t)  # t a row, left to right
        values = np.take_along_axis(values, where, axis=1)
        cols = np.take_along_axis(cols, where, axis=1)
    order = np.argsort(-values, axis=1, kind="stable")[:, :t]
    return np.take_along_axis(cols, order, axis=1), np.take_along_axis(values, order, axis=1)
