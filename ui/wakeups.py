"""When the practice timer should wake next, and what that wake-up has to do.

On a desktop a wake-up of the event loop costs CPU even when it does little (Python comes back
cold in the cache; figures in docs/performance.md), so the controller never polls: it sleeps
until the first of
- the next event of the timeline (a cue, to the millisecond: its sound starts on time),
- the next frame, only while the pacer's disc is moving (inhale and exhale, not holds, and
  not in reduced motion),
- the next change of a number on screen (the pacer's seconds; while the disc moves, up to
  NUMBER_SLACK_MS late so that it comes with the disc's next frame), and a periodic look-round
  (progress, time left, heartbeat, the sound engine's housekeeping: every 1/100 of the
  practice, at least a second, at most ten),
- the next step of a volume ramp, only while one is under way (ducking under the voice,
  an ambience fade): the audio engine moves ramps when called, 10 times a second,
- the moment a caption has been up long enough after its speech ended (it then fades).
Plain Python, no Qt: the controller asks, then sets its single-shot timer.
"""

from __future__ import annotations

import bisect

from calm.practice.timeline import PacerState, Timeline

RAMP_STEP_MS = 100  # how often the sound's ramps are moved while one is under way
NUMBER_SLACK_MS = 80  # the pacer's number may change this late, with the disc's next frame


class WakePlan:
    """The schedule of one practice's wake-ups (positions in ms from its start)."""

    def __init__(self, times: list[int], duration_ms: int, frame_ms: int):
        self.times = times  # every event's time, in order
        self.duration_ms = duration_ms
        self.frame_ms = frame_ms
        self.smooth = True  # frames while the disc moves; False in reduced motion
        self._next = 0  # index of the first event not yet handed out
        self._ramps_until = 0
        self._period_index = -1
        self.period_ms = min(10_000, max(1000, duration_ms // 100))
        self.caption_until: int | None = None  # when the caption shown should fade

    @classmethod
    def for_timeline(cls, timeline: Timeline, frame_ms: int, smooth: bool = True) -> WakePlan:
        plan = cls([event.at_ms for event in timeline.events], timeline.duration_ms, frame_ms)
        plan.smooth = smooth
        return plan

    def events_due(self, position: int) -> bool:
        """Whether an event falls due at or before `position`."""
        return self._next < len(self.times) and self.times[self._next] <= position

    def consumed(self, position: int) -> None:
        """The engine handed out everything up to `position`."""
        self._next = bisect.bisect_right(self.times, position)

    def sought(self, position: int) -> None:
        """The practice jumped to `position` (next or previous step)."""
        self._next = bisect.bisect_left(self.times, position)
        self._period_index = -1

    def ramps_for(self, position: int, ms: int) -> None:
        """A volume ramp (or a voice with ducking) runs from `position` for `ms`."""
        self._ramps_until = max(self._ramps_until, position + ms)

    def caption_due(self, position: int) -> bool:
        """True once, when the caption's time is up (its speech ended a short hold ago)."""
        if self.caption_until is None or position < self.caption_until:
            return False
        self.caption_until = None
        return True

    def ramping(self, position: int) -> bool:
        return position < self._ramps_until

    def new_period(self, position: int) -> bool:
        """True once each period (progress, time left, heartbeat, housekeeping)."""
        index = position // self.period_ms
        if index == self._period_index:
            return False
        self._period_index = index
        return True

    def delay(self, position: int, pacer: PacerState | None, frame_in: int | None = None) -> int:
        """Milliseconds until the next wake-up; `frame_in` is when the pacer next wants a
        frame (None: it is still)."""
        waits = [self.period_ms - position % self.period_ms]
        if self._next < len(self.times):
            waits.append(self.times[self._next] - position)
        else:
            waits.append(self.duration_ms - position)
        if pacer is not None:
            number_in = pacer.remaining_ms % 1000 or 1000  # its number counts down
            moving = frame_in is not None and self.smooth
            if moving:
                waits.append(frame_in)
            # A number due just before a frame waits for it: one repaint, not two.
            if not moving or frame_in - number_in > NUMBER_SLACK_MS:
                waits.append(number_in)
        if self.ramping(position):
            waits.append(RAMP_STEP_MS - position % RAMP_STEP_MS)
        if self.caption_until is not None:
            waits.append(self.caption_until - position)
        return max(1, min(waits))
