"""Progress as plain lines when nobody watches a bar: throttled per stage, always said at the end."""

from bot.cli.progress import ProgressLines, progress_line


def test_lines_come_at_most_every_few_seconds_per_stage_and_at_each_end() -> None:
    now = [0.0]
    lines: list[str] = []
    progress = ProgressLines(lines.append, every=5.0, clock=lambda: now[0])
    for done in range(0, 12491, 500):
        now[0] += 1.0
        progress("embed", done, 12491)
        progress("read", done, None)
    progress("embed", 12491, 12491)
    progress("embed", 12491, 12491)
    assert [line for line in lines if line.startswith("Embedding")] == [
        "Embedding 2500/12491 (20%)", "Embedding 5000/12491 (40%)", "Embedding 7500/12491 (60%)",
        "Embedding 10000/12491 (80%)", "Embedding 12491/12491 (100%)"]
    assert [line for line in lines if line.startswith("Reading")] == [
        "Reading 2500", "Reading 5000", "Reading 7500", "Reading 10000"]


def test_a_stage_that_runs_again_reports_again() -> None:
    lines: list[str] = []
    progress = ProgressLines(lines.append, every=60.0, clock=lambda: 0.0)
    progress("embed", 3, 3)
    progress("embed", 1, 2)
    progress("embed", 2, 2)
    assert lines == ["Embedding 3/3 (100%)", "Embedding 2/2 (100%)"]
    assert progress_line("index", 0, 0) == "Indexing 0/0 (100%)"
