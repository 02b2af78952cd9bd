"""The Sphinx extension proper: directives, domain, nodes, rendering, transforms, issue
pages, configuration, warnings and words. Imports core; never writers or site."""
