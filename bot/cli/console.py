"""The CLI's consoles: messages and progress on stderr, results on stdout; no hard wrapping, so a
message stays one line that can be searched for. And the one way rejected rows and events are listed."""

from rich.console import Console
from rich.markup import escape

SHOWN_REJECTIONS = 50  # enough to see the pattern; the rest are counted
PIPED_WIDTH = 160  # piped to a file or a pager, a table's rows stay whole instead of folding at 80 columns

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


def table_console() -> Console:
    """Where a command prints its tables: stdout, as wide as the terminal, or wide enough when piped."""
    return out if out.is_terminal else Console(width=PIPED_WIDTH, soft_wrap=True)


def print_rejections(reasons: list[str], console: Console, *, more: str = "more rejected") -> None:
    """The first rejections, one a line, and how many more there were."""
    for reason in reasons[:SHOWN_REJECTIONS]:
        console.print(f"[yellow]rejected[/] {escape(reason)}", highlight=False)
    if len(reasons) > SHOWN_REJECTIONS:
        console.print(f"… and {len(reasons) - SHOWN_REJECTIONS:,} {more}")
