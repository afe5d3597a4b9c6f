"""The practices added for sleep, flare-ups, use during an activity and hard pain days."""

from __future__ import annotations

from calm.practice.events import Narration
from calm.practice.library import load_library
from calm.practice.screening import assess
from calm.practice.timeline import compile_timeline

LIBRARY = load_library()
MINIS = ("mini-drop-and-breathe", "mini-count-down", "mini-check-and-shift")


def said(script_id: str, variant_id: str) -> list[str]:
    timeline = compile_timeline(LIBRARY.get(script_id), variant_id)
    return [e.action.text for e in timeline.events if isinstance(e.action, Narration)]


def test_sleep_wind_down_ends_for_someone_still_awake_without_getting_up():
    """The sleep practice would end by asking a drowsy person to open their eyes and get up,
    or with a loud bell; it ends instead with what to do if still awake: nothing."""
    script = LIBRARY.get("sleep-wind-down")
    assert {"inward", "lying-down"} <= set(script.safety)
    for variant in script.variants:
        assert 15 <= variant.minutes <= 20
        lines = said(script.id, variant.id)
        start = [n for n, text in enumerate(lines) if text.startswith("If you are still awake")]
        assert start, variant.id
        closing = lines[start[0] :]
        words = " ".join(closing).lower()
        assert "get up" not in words and "open your eyes" not in words
        assert "nothing you need to do" in words
        timeline = compile_timeline(script, variant.id)
        last_bell = [e.action for e in timeline.events if e.kind == "bell"][-1]
        assert last_bell.volume <= 20
    assert script.is_breathing is False  # nothing to watch: no pacer in the dark


def test_flare_up_practice_gives_a_setback_plan_and_the_signs_that_need_a_doctor():
    """The flare-up practice would leave out the plan (do less but keep moving, build back up)
    or the signs that mean calling a doctor."""
    for variant_id in ("5", "10"):
        text = " ".join(said("flare-up", variant_id))
        assert "do less" in text and "do not stop everything" in text
        assert "build back up slowly" in text
        assert "numbness, weakness, a fever" in text and "contact your doctor" in text


def test_mini_relaxations_last_a_minute_with_eyes_open_and_go_back_to_pacing():
    """The mini-relaxations would take longer than a pause in a task allows, ask to close the
    eyes mid-activity, or forget to send you back at your planned pace."""
    for script_id in MINIS:
        script = LIBRARY.get(script_id)
        assert [v.minutes for v in script.variants] == [1]
        assert "eyes-open" in script.safety and "inward" not in script.safety
        duration = compile_timeline(script, "1").duration_ms
        assert 50_000 <= duration <= 75_000, (script_id, duration)
        lines = said(script_id, "1")
        assert "Eyes open" in lines[0]
        assert "planned pace" in lines[-1]
        assert not any("close your eyes" in t.lower() for t in lines)


def test_kindness_practice_offers_touch_only_if_it_feels_right_and_warns_of_old_hurt():
    """The self-compassion practice would insist on soothing touch, or not say that kindness
    can stir up old hurt and how to step out of it."""
    text = " ".join(said("kindness-hard-day", "10"))
    assert "If touch does not feel good today, skip it." in text
    assert "Sometimes kindness brings up old hurt." in text
    assert "open your eyes, feel your feet" in text


def test_new_inward_practices_point_to_grounding_after_trauma():
    """After a trauma answer, the sleep and kindness practices warn, offer eyes open and point
    to grounding; the eyes-open minis need no such warning."""
    for script_id in ("sleep-wind-down", "kindness-hard-day", "flare-up"):
        advice = assess(LIBRARY.get(script_id), {"trauma": True})
        assert advice.instead == "grounding" and "eyes open" in advice.warning
    for script_id in MINIS:
        assert assess(LIBRARY.get(script_id), {"trauma": True}).ok
