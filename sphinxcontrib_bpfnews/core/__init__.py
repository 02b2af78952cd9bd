"""The newsletter's own knowledge, in plain Python: subjects, links, patch lines, series
checks, front matter, ids, the model and its records. Imports only the standard library and core."""
