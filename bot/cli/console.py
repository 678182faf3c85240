"""The CLI's consoles: messages and progress on stderr, results on stdout; no hard wrapping, so a
message stays one line that can be searched for. And the one way rejected rows and events are listed."""

from rich.console import Console
from rich.markup import escape

SHOWN_REJECTIONS = 50  # enough to see the pattern; the rest are counted

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


def print_rejections(reasons: list[str], console: Console, *, more: str = "more rejected") -> None:
    """The first rejections, one a line, and how many more there were."""
    for reason in reasons[:SHOWN_REJECTIONS]:
        console.print(f"[yellow]rejected[/] {escape(reason)}", highlight=False)
    if len(reasons) > SHOWN_REJECTIONS:
        console.print(f"… and {len(reasons) - SHOWN_REJECTIONS:,} {more}")
