#!/usr/bin/env bash
# Checks the Debian/Ubuntu libraries Qt and SDL need, and installs the missing ones when run
# as root (or tells the user the one line to run). Usage: system-deps.sh [run|test]
set -eu
mode=${1:-run}

# library soname -> Debian package that ships it
declare -A libs=(
  [libEGL.so.1]=libegl1
  [libGL.so.1]=libgl1
  [libxkbcommon.so.0]=libxkbcommon0
  [libxkbcommon-x11.so.0]=libxkbcommon-x11-0
  [libfontconfig.so.1]=libfontconfig1
  [libdbus-1.so.3]=libdbus-1-3
  [libglib-2.0.so.0]=libglib2.0-0
  [libxcb-cursor.so.0]=libxcb-cursor0
  [libxcb-icccm.so.4]=libxcb-icccm4
  [libxcb-keysyms.so.1]=libxcb-keysyms1
  [libxcb-shape.so.0]=libxcb-shape0
  [libxcb-xinerama.so.0]=libxcb-xinerama0
  [libxcb-randr.so.0]=libxcb-randr0
  [libxcb-render-util.so.0]=libxcb-render-util0
  [libxcb-image.so.0]=libxcb-image0
)
missing=()
for so in "${!libs[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$so" || missing+=("${libs[$so]}")
done
# Python's venv module (Debian splits it out of python3).
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
# Tools: ffmpeg for compressed audio, espeak-ng for the spoken voice; tests also need a virtual screen.
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
[ "$mode" = test ] && { command -v Xvfb >/dev/null || missing+=(xvfb); }
# Tests read the PDF report back as text and as page images.
[ "$mode" = test ] && { command -v pdftotext >/dev/null || missing+=(poppler-utils); }
fc-list 2>/dev/null | grep -qi . || missing+=(fonts-dejavu-core)

[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Calm Harbor needs a few system packages. Please run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  # Missing speech or ffmpeg only limits features; missing Qt libraries stop the window.
  for p in "${missing[@]}"; do
    case $p in ffmpeg|espeak-ng|xvfb|fonts-dejavu-core) ;; *) exit 1 ;; esac
  done
fi
