"""A file sent as ``multipart/form-data``, streamed to disk with a bound on its size.

FastAPI's ``UploadFile`` would have Starlette read the whole body, into a temporary file of its choosing and
without a limit, before any dependency runs. A route that reads the stream itself with this module runs its
token check first, refuses an oversized body as soon as it is declared or exceeded, and writes the file
where the caller says (under OUTFITTER_HOME, so the caller can remove it and sweep what a crash left).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from fastapi import HTTPException, Request
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect

MAX_FIELDS = 50  # text fields in one upload (a column mapping has one field per catalog field at most)
MAX_FIELD_BYTES = 1000  # one text field: a `field=Column` pair or a flag
MAX_NAME = 120  # characters kept of the file's name
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


@dataclass
class Upload:
    path: Path  # the file as stored
    filename: str  # its name as the browser gave it, made safe for a path (it names the file in messages)
    size: int  # bytes of the whole request body
    fields: dict[str, list[str]] = field(default_factory=dict)  # the text fields, each possibly repeated


def refused(status: int, field_name: str, message: str) -> HTTPException:
    """A refusal in the app's 422 format, naming the form field (other statuses carry the message alone)."""
    if status == 422:
        return HTTPException(422, [{"loc": ["body", field_name], "msg": message, "type": "value_error"}])
    return HTTPException(status, message)


def safe_filename(name: str) -> str:
    """The last part of ``name`` with only plain characters, its extensions kept (they tell the format)."""
    base = re.split(r"[\\/]", name)[-1].strip()
    base = _UNSAFE.sub("_", base).lstrip(".")  # no hidden files, no "..", nothing a shell or a URL would read
    if len(base) > MAX_NAME:
        suffix = "".join(Path(base).suffixes[-2:])[-20:]  # what detect_format reads
        base = base[:MAX_NAME - len(suffix)] + suffix
    return base or "upload"


def size_words(size: int) -> str:
    """``1.54 MB``, ``100 MB``, ``2,500 MB``: three figures, enough to compare with the limit."""
    mb = size / 1_000_000
    return f"{mb:,.0f} MB" if mb >= 100 else f"{mb:.3g} MB"


class _Form:
    """Callbacks for python-multipart's parser: one file part to disk, small text parts to memory."""

    def __init__(self, folder: Path, file_field: str, text_fields: tuple[str, ...]) -> None:
        self.folder = folder
        self.file_field = file_field
        self.text_fields = text_fields
        self.fields: dict[str, list[str]] = {}
        self.path: Path | None = None
        self.filename: str | None = None
        self.handle: IO[bytes] | None = None
        self.pending: list[bytes] = []  # file bytes parsed from the last chunk, written off the event loop
        self.ended = False
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._name: str | None = None
        self._text: bytearray | None = None
        self._count = 0

    def callbacks(self) -> dict[str, Any]:
        return {"on_part_begin": self.part_begin, "on_part_data": self.part_data, "on_part_end": self.part_end,
                "on_header_field": self.header_field, "on_header_value": self.header_value,
                "on_header_end": self.header_end, "on_headers_finished": self.headers_finished, "on_end": self.end}

    def part_begin(self) -> None:
        self._disposition, self._name, self._text = b"", None, None

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def header_end(self) -> None:
        if self._header_name.strip().lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name, self._header_value = b"", b""

    def headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        name = _decode(options.get(b"name"), "", "a form part without a name")
        self._count += 1
        if self._count > MAX_FIELDS:
            raise refused(422, name, f"more than {MAX_FIELDS} form fields")
        if name == self.file_field:
            if self.handle is not None or self.path is not None:
                raise refused(422, name, "one file per upload")
            raw = options.get(b"filename")
            if raw is None:
                raise refused(422, name, "send a file here, not text")
            self.filename = safe_filename(_decode(raw, name, "a file name that is not UTF-8"))
            self.path = self.folder / self.filename
            self.handle = open(self.path, "wb")  # noqa: SIM115 - closed by the part's end or the caller
        elif name in self.text_fields:
            if b"filename" in options:
                raise refused(422, name, "text, not a file")
            self._text = bytearray()
        else:
            raise refused(422, name, f"unknown field; the fields are {', '.join([self.file_field, *self.text_fields])}")
        self._name = name

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self._text is None:
            self.pending.append(data[start:end])
            return
        self._text += data[start:end]
        if len(self._text) > MAX_FIELD_BYTES:
            raise refused(422, self._name or "", f"longer than {MAX_FIELD_BYTES} bytes")

    def part_end(self) -> None:
        if self._text is not None and self._name is not None:
            text = _decode(bytes(self._text), self._name, "not UTF-8 text")
            self.fields.setdefault(self._name, []).append(text)
        self._text = None

    def end(self) -> None:
        self.ended = True

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


def _decode(raw: bytes | None, field_name: str, problem: str) -> str:
    if raw is not None:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    raise refused(422, field_name, problem)


async def receive_upload(request: Request, folder: Path, *, limit: int, idle: float, file_field: str = "file",
                         text_fields: tuple[str, ...] = ()) -> Upload:
    """Stream the request's multipart body: its one file into ``folder``, its text fields into memory.

    Args:
        request: the request, whose body nothing has read yet.
        folder: an empty folder of the caller's, who removes it (with the file) when done or on failure.
        limit: the most bytes the whole body may have.
        idle: the most seconds to wait for the next part of the body. The server waits as long as the
            connection stays open (a laptop closed mid-upload), and the caller may hold a lock meanwhile.
        file_field: the form field that carries the file (required).
        text_fields: the text fields accepted besides it; any other field is refused by name.

    Raises:
        HTTPException: 413 when the body is over ``limit`` (declared or counted), 415 when it is not
            multipart/form-data, 400 when it is not well-formed, 408 when it stalls for ``idle`` seconds,
            422 naming the field at fault.
    """
    kind, options = parse_options_header(request.headers.get("content-type"))
    if kind != b"multipart/form-data" or not options.get(b"boundary"):
        raise HTTPException(415, f"send the file as multipart/form-data, in a field named {file_field!r}")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the upload is {size_words(int(declared))}, over the limit of {size_words(limit)}")
    form = _Form(folder, file_field, text_fields)
    parser = MultipartParser(options[b"boundary"], form.callbacks())
    size = 0
    chunks = request.stream()
    try:
        while True:
            try:
                chunk = await asyncio.wait_for(anext(chunks), idle)
            except StopAsyncIteration:
                break
            except TimeoutError:
                raise HTTPException(408, f"the upload stalled: nothing arrived for {idle:g} s; send the file "
                                         "again") from None
            size += len(chunk)
            if size > limit:
                raise HTTPException(413, f"the upload is over the limit of {size_words(limit)}")
            try:
                parser.write(chunk)
            except MultipartParseError as exc:
                raise HTTPException(400, f"the upload is not well-formed multipart/form-data ({exc})") from None
            if form.pending and form.handle is not None:
                data, form.pending = b"".join(form.pending), []
                await asyncio.to_thread(form.handle.write, data)
    except ClientDisconnect:
        # Nobody is left to read the answer; the caller's clean-up still runs, and the log says what happened.
        raise HTTPException(400, "the upload was interrupted (the client went away)") from None
    finally:
        form.close()
    if not form.ended:
        raise HTTPException(400, "the upload ended before its closing boundary (was it interrupted?)")
    if form.path is None or form.filename is None:
        raise refused(422, file_field, "a file is required")
    return Upload(path=form.path, filename=form.filename, size=size, fields=form.fields)
