#!/usr/bin/env python3
"""Run the actionlog CLI from a checkout, without installing: `python cli.py ...`."""
from actionlog.cli import main

if __name__ == "__main__":
    main()
