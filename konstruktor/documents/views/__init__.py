"""Pages of the documents module: parse → authorize → one call → render."""
