"""Sound for Calm Harbor: synthesis, caches, narration voices, the live engine and rendering.

May use pygame, pydub and numpy; never PySide6. Import the submodule you need (pygame is only
loaded by `audio.mixer_device`, for `audio.pygame_engine`; pydub only when a recording or
ffmpeg export is used).
"""
