"""Extra CLI commands, one module per command group; each defines ``command`` (a click command).

:mod:`kickgraph.cli` registers every module listed in ``COMMAND_MODULES`` that is present.
"""

COMMAND_MODULES = ("eval", "serve", "push", "viz", "wikidata")
