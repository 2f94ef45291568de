"""`make bench`: load and timing scripts; see README.md here and RESULTS.md for figures."""
