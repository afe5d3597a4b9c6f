"""Cache files: plain 16-bit stereo WAV with a checksum chunk after the samples.

Any WAV player can open them (readers skip chunks they do not know); we can tell a whole file
from a truncated, overwritten or half-written one, and files are replaced atomically (written to
a temporary name in the same folder, then renamed) so a crash never leaves half a sound behind.
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
from pathlib import Path

import numpy as np

from audio.pcm import CHANNELS, SAMPLE_RATE, SAMPLE_WIDTH
from calm.errors import AudioError

_CHECK_ID = b"calm"  # our chunk: 16 bytes of BLAKE2b over the sample data
_DIGEST = 16


class DamagedSoundFile(AudioError):
    """A cached sound file is unreadable, truncated or does not match its checksum."""


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=_DIGEST).digest()


def write_wav(path: Path, pcm: np.ndarray) -> None:
    """Write int16 stereo `pcm` to `path` atomically, with a checksum of the samples."""
    data = np.ascontiguousarray(pcm, dtype="<i2").tobytes()
    block = CHANNELS * SAMPLE_WIDTH
    fmt = struct.pack(
        "<HHIIHH", 1, CHANNELS, SAMPLE_RATE, SAMPLE_RATE * block, block, SAMPLE_WIDTH * 8
    )
    pad = b"\0" if len(data) % 2 else b""
    chunks = (
        b"fmt " + struct.pack("<I", len(fmt)) + fmt,
        b"data" + struct.pack("<I", len(data)) + data + pad,
        _CHECK_ID + struct.pack("<I", _DIGEST) + _digest(data),
    )
    body = b"WAVE" + b"".join(chunks)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(b"RIFF" + struct.pack("<I", len(body)) + body)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_wav(path: Path, expected_frames: int | None = None) -> np.ndarray:
    """Read a file written by `write_wav`; raise DamagedSoundFile if anything is off."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DamagedSoundFile(f"{path} cannot be read: {error}") from error
    if len(raw) < 12 or raw[:4] != b"RIFF" or raw[8:12] != b"WAVE":
        raise DamagedSoundFile(f"{path} is not a WAV file")
    if struct.unpack("<I", raw[4:8])[0] != len(raw) - 8:
        raise DamagedSoundFile(f"{path} is truncated or has bytes appended")
    chunks: dict[bytes, bytes] = {}
    pos = 12
    while pos + 8 <= len(raw):
        chunk_id, size = raw[pos : pos + 4], struct.unpack("<I", raw[pos + 4 : pos + 8])[0]
        chunks[chunk_id] = raw[pos + 8 : pos + 8 + size]
        pos += 8 + size + (size % 2)
    fmt, data, check = chunks.get(b"fmt "), chunks.get(b"data"), chunks.get(_CHECK_ID)
    if fmt is None or data is None or check is None:
        raise DamagedSoundFile(f"{path} is missing part of its structure")
    if len(fmt) < 16:
        raise DamagedSoundFile(f"{path} has a damaged format header")
    encoding, channels, rate = struct.unpack("<HHI", fmt[0:8])
    bits = struct.unpack("<H", fmt[14:16])[0]
    if (encoding, channels, rate, bits) != (1, CHANNELS, SAMPLE_RATE, SAMPLE_WIDTH * 8):
        raise DamagedSoundFile(f"{path} is not 44.1 kHz 16-bit stereo")
    if check != _digest(data):
        raise DamagedSoundFile(f"{path} does not match its checksum")
    frames = len(data) // (CHANNELS * SAMPLE_WIDTH)
    if expected_frames is not None and frames != expected_frames:
        raise DamagedSoundFile(f"{path} has {frames} frames, not {expected_frames}")
    return np.frombuffer(data, dtype="<i2").astype(np.int16).reshape(frames, CHANNELS)
