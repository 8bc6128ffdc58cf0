"""`python -m primedb` runs the command-line interface."""

from primedb.cli import main

main()
