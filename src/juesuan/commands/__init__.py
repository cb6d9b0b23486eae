"""The command line (``juesuan``): one module per command, each a thin shell over :mod:`juesuan.pipeline`
— call one pipeline function, print, exit. Typer lives here only. Messages are Chinese."""
