"""Checksums without OpenSSL (calm/digests.py) are the very digests hashlib gives, so cached
sounds, checksummed files and the scripts' source hashes keep their names and still match."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from calm.digests import blake2b, sha256, short_name


def test_the_digests_are_hashlibs():
    data = b"Breathe in slowly through the nose." * 1000
    assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    assert blake2b(data, digest_size=16).digest() == hashlib.blake2b(data, digest_size=16).digest()
    assert short_name("bell|bowl") == hashlib.sha256(b"bell|bowl").hexdigest()[:16]


def test_reading_practices_and_checking_sounds_loads_no_openssl():
    code = (
        "import sys\n"
        "from calm.practice.library import load_library\n"
        "from audio.wavfile import read_pcm\n"
        "assert load_library().scripts\n"
        "print('_hashlib' in sys.modules, 'hashlib' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_the_passphrase_still_loads_it_when_used(tmp_path):
    from calm.store.passphrase import derive

    key = derive("a long passphrase", b"0" * 16, 2**10, 8, 1)
    assert key == hashlib.scrypt(b"a long passphrase", salt=b"0" * 16, n=2**10, r=8, p=1, dklen=32)
