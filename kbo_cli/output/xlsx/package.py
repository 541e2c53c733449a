"""A workbook file is a zip package: its entries read, and some of them replaced.

Replacing an entry copies every other entry as it is compressed (no inflating and deflating of
the styles, the theme and the rest), so that filling a laid-out workbook costs only the parts
kbo writes (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.16).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable

from kbo_cli.engine import tuning

_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")


def read_entries(data: bytes, prefix: str = "") -> dict[str, bytes]:
    """Every entry of a package (or those whose names start with `prefix`), uncompressed, by
    name."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {n: package.read(n) for n in package.namelist() if n.startswith(prefix)}


def replaced(data: bytes, entries: dict[str, bytes | Iterable[bytes]]) -> bytes:
    """The package with the named entries given this content (bytes, or chunks of bytes,
    compressed as they come), each in its place, dated as it was. Raises `KeyError` for a
    name the package does not hold."""
    entries = {name.encode(): content for name, content in entries.items()}
    end_at = data.rfind(b"PK\x05\x06")
    end = list(_END.unpack_from(data, end_at))
    count, central_at = end[4], end[6]
    body, central = bytearray(), bytearray()
    pos = central_at
    for _ in range(count):
        entry = list(_CENTRAL.unpack_from(data, pos))
        name_len, extra_len, comment_len, local_at = entry[10], entry[11], entry[12], entry[16]
        tail = data[pos + _CENTRAL.size : pos + _CENTRAL.size + name_len + extra_len + comment_len]
        name = tail[:name_len]
        local = list(_LOCAL.unpack_from(data, local_at))
        start = local_at + _LOCAL.size + local[9] + local[10]
        payload = data[start : start + entry[8]]
        if name in entries:
            content = entries.pop(name)
            streamed = not isinstance(content, bytes)
            packer = zlib.compressobj(tuning.COMPRESS_LEVEL, zlib.DEFLATED, -15)
            crc, size, pieces = 0, 0, []
            for chunk in content if streamed else (content,):
                crc, size = zlib.crc32(chunk, crc), size + len(chunk)
                pieces.append(packer.compress(chunk))
            pieces.append(packer.flush())
            payload = b"".join(pieces)
            entry[4], entry[7], entry[8], entry[9] = zipfile.ZIP_DEFLATED, crc, len(payload), size
        entry[3] &= ~0x08  # no data descriptor: sizes are in the headers
        entry[16] = len(body)
        header = [b"PK\x03\x04", entry[2], entry[3], entry[4], entry[5], entry[6], entry[7]]
        header += [entry[8], entry[9], name_len, 0]
        body += _LOCAL.pack(*header) + name + payload
        central += _CENTRAL.pack(*entry) + tail
        pos += _CENTRAL.size + name_len + extra_len + comment_len
    if entries:
        raise KeyError(f"no such entries to replace: {sorted(entries)}")
    end[5], end[6], end[7] = len(central), len(body), 0
    return bytes(body + central + _END.pack(*end))
