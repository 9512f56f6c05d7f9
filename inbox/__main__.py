"""`python -m inbox` is the same as the `inbox` console script."""
from inbox.cli import main

main()
