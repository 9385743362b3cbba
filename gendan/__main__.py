"""Allow `python -m gendan`. A Ctrl-C while the command line's modules load exits 130, with
no traceback, as one during the command does."""
try:
    from gendan.cli import main
except KeyboardInterrupt:
    raise SystemExit(130) from None

main()
