from .cli import cli

if __name__ == "__main__":  # guarded: worker processes re-import this module on Windows
    cli()
