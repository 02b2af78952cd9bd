"""Plain Python: subjects, links, patch lines, series checks, front matter, ids, text, the model,
records, mail read into series and directive text. Imports the standard library and core alone."""
