#!/usr/bin/env python
from hygie.cli import main

if __name__ == "__main__":
    main()
