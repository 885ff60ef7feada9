"""Results laid out for people: titled tables and sentences, built from the library's result objects."""
