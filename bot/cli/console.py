"""The CLI's consoles: messages and progress on stderr, results on stdout; no hard wrapping, so a
message stays one line that can be searched for."""

from rich.console import Console

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)
