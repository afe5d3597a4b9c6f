"""Cache files: plain 16-bit stereo WAV with a checksum chunk after the samples.

Any WAV player can open them (readers skip chunks they do not know); we can tell a whole file
from a truncated, overwritten or half-written one, and files are replaced atomically (written to
a temporary name in the same folder, then renamed) so a crash never leaves half a sound behind.

Reading needs no numpy: `read_pcm` returns the checked sample bytes, which pygame's mixer takes
as they are; `read_wav` gives them as a numpy array for the code that mixes or measures.
"""

from __future__ import annotations

import os
import struct
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from audio.format import CHANNELS, FRAME_BYTES, SAMPLE_RATE, SAMPLE_WIDTH
from calm.digests import blake2b
from calm.errors import AudioError

if TYPE_CHECKING:
    import numpy as np

_CHECK_ID = b"calm"  # our chunk: 16 bytes of BLAKE2b over the sample data
_DIGEST = 16
_FORMAT = (1, CHANNELS, SAMPLE_RATE, SAMPLE_WIDTH * 8)  # PCM, channels, rate, bits


class DamagedSoundFile(AudioError):
    """A cached sound file is unreadable, truncated or does not match its checksum."""


def _digest(data: bytes | memoryview) -> bytes:
    return blake2b(data, digest_size=_DIGEST).digest()


def write_pcm(path: Path, data: bytes | memoryview) -> None:
    """Write int16 little-endian stereo sample bytes to `path` atomically, with a checksum."""
    fmt = struct.pack(
        "<HHIIHH", 1, CHANNELS, SAMPLE_RATE, SAMPLE_RATE * FRAME_BYTES, FRAME_BYTES, 16
    )
    size = len(data)
    pad = b"\0" if size % 2 else b""
    check = _CHECK_ID + struct.pack("<I", _DIGEST) + _digest(data)
    head = b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", size)
    riff = 4 + len(head) + size + len(pad) + len(check)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(b"RIFF" + struct.pack("<I", riff) + b"WAVE" + head)
            out.write(data)
            out.write(pad + check)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_wav(path: Path, pcm: np.ndarray) -> None:
    """Write an int16 (frames, 2) array to `path` atomically, with a checksum of the samples."""
    import numpy as np

    write_pcm(path, memoryview(np.ascontiguousarray(pcm, dtype="<i2")).cast("B"))


def _chunks(file: BinaryIO, path: Path, total: int) -> dict[bytes, bytes]:
    """Each chunk's bytes, read straight into one buffer each (no copies of the samples)."""
    chunks: dict[bytes, bytes] = {}
    pos = 12
    while pos + 8 <= total:
        header = file.read(8)
        chunk_id, size = header[:4], struct.unpack("<I", header[4:8])[0]
        if pos + 8 + size > total:
            raise DamagedSoundFile(f"{path} is truncated")
        chunks[chunk_id] = file.read(size)
        pos += 8 + size + (size % 2)
        file.seek(pos)
    return chunks


def read_pcm(path: Path, expected_frames: int | None = None) -> bytes:
    """The sample bytes of a file written by `write_pcm`; DamagedSoundFile if anything is off."""
    try:
        with open(path, "rb") as file:
            total = os.fstat(file.fileno()).st_size
            head = file.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                raise DamagedSoundFile(f"{path} is not a WAV file")
            if struct.unpack("<I", head[4:8])[0] != total - 8:
                raise DamagedSoundFile(f"{path} is truncated or has bytes appended")
            chunks = _chunks(file, path, total)
    except OSError as error:
        raise DamagedSoundFile(f"{path} cannot be read: {error}") from error
    fmt, data, check = chunks.get(b"fmt "), chunks.get(b"data"), chunks.get(_CHECK_ID)
    if fmt is None or data is None or check is None:
        raise DamagedSoundFile(f"{path} is missing part of its structure")
    if len(fmt) < 16:
        raise DamagedSoundFile(f"{path} has a damaged format header")
    encoding, channels, rate = struct.unpack("<HHI", fmt[0:8])
    bits = struct.unpack("<H", fmt[14:16])[0]
    if (encoding, channels, rate, bits) != _FORMAT:
        raise DamagedSoundFile(f"{path} is not 44.1 kHz 16-bit stereo")
    if check != _digest(data):
        raise DamagedSoundFile(f"{path} does not match its checksum")
    frames = len(data) // FRAME_BYTES
    if expected_frames is not None and frames != expected_frames:
        raise DamagedSoundFile(f"{path} has {frames} frames, not {expected_frames}")
    return data


def read_wav(path: Path, expected_frames: int | None = None) -> np.ndarray:
    """`read_pcm` as an int16 (frames, 2) array (read-only: it shares the bytes)."""
    import numpy as np

    return np.frombuffer(read_pcm(path, expected_frames), dtype="<i2").reshape(-1, CHANNELS)
