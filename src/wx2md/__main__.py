"""`python -m wx2md` runs the same CLI as the `wx2md` script."""

from wx2md.cli import main

if __name__ == "__main__":
    main()
