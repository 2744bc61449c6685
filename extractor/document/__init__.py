"""Stage 1-3: read a file, normalize it (with an offset map), segment it into letters, clauses and sentences."""
