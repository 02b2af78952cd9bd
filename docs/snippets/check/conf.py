project = "BPF Weekly"
author = "The editors"
extensions = ["myst_parser", "sphinxcontrib_bpfnews"]
exclude_patterns = ["_build"]
bpfnews_issues = ["issues/*"]
html_baseurl = "https://weekly.example.org/"
