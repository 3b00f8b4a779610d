#!/usr/bin/env python
from konstruktor.manage import main

if __name__ == "__main__":
    main()
