"""The newsletter's own knowledge in plain Python: subjects, links, patch lines, series checks,
front matter, ids, text, the model and its records. Imports the standard library and core alone."""
