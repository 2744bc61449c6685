"""The fact families: each extracts one kind of commitment from a letter."""
