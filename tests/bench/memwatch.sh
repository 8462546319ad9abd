#!/bin/bash
# Benchmark helper (not part of make check): docketd's private memory
# while it works, not only at rest.  Samples /proc/PID/smaps_rollup every
# INTERVAL seconds until PID exits or SECS pass, then prints, in MB, the
# minimum, median, 90th percentile and maximum of its anonymous memory, of
# its private file pages (Private_Clean + Private_Dirty - Anonymous: pages
# of data.mdb, the packs and their .idx that only docketd maps), and of the
# two together.
#
# usage: tests/bench/memwatch.sh PID [SECS] [INTERVAL]
#   e.g. while tests/bench/million.sh runs a chunk:
#        tests/bench/memwatch.sh "$(pgrep -o -x docketd)" 30
set -eu
pid=${1:?usage: memwatch.sh PID [SECS] [INTERVAL]}
secs=${2:-60}
iv=${3:-0.2}
[ -r "/proc/$pid/smaps_rollup" ] || { echo "memwatch: no process $pid" >&2; exit 2; }
end=$(( $(date +%s) + secs ))
out=$(mktemp)
trap 'rm -f "$out"' EXIT
while [ "$(date +%s)" -lt "$end" ] && [ -r "/proc/$pid/smaps_rollup" ]; do
	awk '/^Anonymous:/ {a = $2} /^Private_Clean:/ {c = $2}
	    /^Private_Dirty:/ {d = $2}
	    END { if (a != "") printf "%d %d\n", a, c + d - a }' \
	    "/proc/$pid/smaps_rollup" 2>/dev/null >>"$out" || true
	sleep "$iv"
done
python3 - "$out" <<'EOF'
import sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
if not rows:
    sys.exit("memwatch: no samples")
def stats(v):
    v = sorted(v)
    q = lambda p: v[min(len(v) - 1, int(p * len(v)))]
    return "min %d  median %d  p90 %d  max %d" % tuple(x // 1024 for x in (v[0], q(0.5), q(0.9), v[-1]))
print("samples %d" % len(rows))
print("anon MB       " + stats([r[0] for r in rows]))
print("file MB       " + stats([r[1] for r in rows]))
print("private MB    " + stats([r[0] + r[1] for r in rows]))
EOF
