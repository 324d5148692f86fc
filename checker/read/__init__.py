"""Reading: files into documents and sentences, figures into quantities, the dependency parse,
and quantities into claims (a figure with what it is about). Knows nothing of other articles."""
