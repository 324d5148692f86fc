"""Comparing: intervals, sentence embeddings, articles grouped into stories, the learned
same-claim judge, and the matcher that pairs the same claim across articles."""
