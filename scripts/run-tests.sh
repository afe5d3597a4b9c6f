#!/usr/bin/env bash
# The whole suite, headless, as `make test` runs it: the tests that play through the real
# mixer in real time (marked slow) in one process at normal priority, and beside them the rest
# on several workers at a lower priority, so a busy core never starves the sound thread a
# timing test listens to. Arguments go to both runs (say, -x). TEST_WORKERS=1: one process.
set -u
PY=${PY:-.venv/bin/python}
WORKERS=${TEST_WORKERS:-3}
export QT_QPA_PLATFORM=offscreen SDL_AUDIODRIVER=dummy
if [ "$WORKERS" -le 1 ]; then
    exec "$PY" -m pytest -q "$@"
fi
slow_log=$(mktemp)
trap 'rm -f "$slow_log"' EXIT
"$PY" -m pytest -q -p no:cacheprovider -m slow "$@" >"$slow_log" 2>&1 &
slow=$!
nice -n 10 "$PY" -m pytest -q -n "$WORKERS" --dist worksteal -m "not slow" "$@"
rest=$?
wait "$slow"
slow_status=$?
echo "--- the real-time tests (marked slow) ---"
cat "$slow_log"
[ "$rest" -eq 0 ] && [ "$slow_status" -eq 0 ]
