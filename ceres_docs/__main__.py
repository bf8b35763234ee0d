import multiprocessing

from .cli import cli


def main() -> None:
    multiprocessing.freeze_support()  # a frozen build's child processes start here
    cli()


if __name__ == "__main__":  # guarded: worker processes re-import this module on Windows
    main()
