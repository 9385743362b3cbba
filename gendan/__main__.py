"""Allow `python -m gendan`."""
from gendan.cli import main

main()
