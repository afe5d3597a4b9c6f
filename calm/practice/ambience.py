"""The ambience beds a practice or a person can choose, each with the one label people see.

Declared here once: the script reader accepts these sounds, the settings accept these choices,
and the settings screen and the player's sound panel show these labels.
"""

from __future__ import annotations

AMBIENCE_SOUNDS: dict[str, str] = {
    "brown": "Brown noise (a deep hush)",
    "pink": "Pink noise (a soft hiss)",
    "rain": "Rain",
    "ocean": "Ocean waves",
}
AS_WRITTEN = "script"  # the practice's own beds, as its script has them
NO_AMBIENCE = "none"
AMBIENCE_CHOICES: dict[str, str] = {
    AS_WRITTEN: "As the practice chooses",
    NO_AMBIENCE: "None",
    **AMBIENCE_SOUNDS,
}
