#!/bin/sh
# hostile.sh: the hostile-input catalogue (38 kinds) through a live docketd.
# make check runs the quick version; make check-reliability sets REL_FULL=1
# for the full sweep.  What is asserted is at the top of hostile.py; the shared
# harness is rel.py.  The last line of the output is the summary.
command -v python3 >/dev/null 2>&1 ||
    { echo "FAIL: python3 is not installed (.ci/setup installs it)" >&2; exit 1; }
export PYTHONDONTWRITEBYTECODE=1
exec python3 "$(dirname "$0")/hostile.py" "$@"
