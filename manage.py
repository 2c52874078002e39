#!/usr/bin/env python
from ropdesk.__main__ import main

if __name__ == "__main__":
    main()
