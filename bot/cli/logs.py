"""The CLI's log file: ``OUTFITTER_HOME/logs/outfitter.log``, where progress and failures stay on record."""

from __future__ import annotations

import logging
from pathlib import Path

LOG_FILE = "outfitter.log"
HANDLER_NAME = "outfitter-cli-file"
FORMAT = "%(asctime)s %(process)d %(name)s %(levelname)s %(message)s"


def log_to_file(log_dir: Path) -> Path:
    """Send the records of the ``outfitter`` loggers to ``log_dir/outfitter.log`` and return its path.

    Called again with another folder (a test's private OUTFITTER_HOME), the file handler moves there.
    """
    path = log_dir / LOG_FILE
    logger = logging.getLogger("outfitter")
    for handler in list(logger.handlers):
        if handler.get_name() != HANDLER_NAME:
            continue
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
            return path
        logger.removeHandler(handler)
        handler.close()
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8", delay=True)  # no file until something is logged
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path
