#!/bin/bash
# Benchmark (not part of make check): `docketctl reindex` and `docketctl
# verify` on an archive of N documents of about SIZE bytes (gendocs.py)
# stored in batches of BATCH, each timed piped (no progress asked for) and
# on a terminal (script(1): progress lines on stderr), so the cost of the
# progress is seen beside the work.  Prints the commits, then the seconds
# of each run.  usage: tests/bench/reindex.sh [N] [SIZE] [BATCH]
set -eu
N=${1:-5000}; SIZE=${2:-1024}; BATCH=${3:-100}
top=$(cd "$(dirname "$0")/../.." && pwd)
root=$(mktemp -d /tmp/docket-bench.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$root" "$root.log" "$root.stage"' EXIT
ctl="$top/src/docketctl -r $root"
python3 "$top/tests/bench/gendocs.py" "$root.stage" "$N" "$SIZE"
mkdir -p "$root"
printf '[docketd]\nbatch_max = %s\n' "$BATCH" > "$root/bench.conf"
"$top/src/docketd" -f -r "$root" -c "$root/bench.conf" 2>"$root.log" &
pid=$!
while [ ! -d "$root/intake" ]; do sleep 0.05; done
sleep 0.5
mv "$root.stage"/* "$root/intake/" 2>/dev/null || true
while :; do
	n=$($ctl status --json 2>/dev/null | jq .records)
	[ "${n:-0}" -ge "$N" ] && break
	sleep 0.2
done
echo "archive: $N documents, $(git --git-dir="$root/vault.git" rev-list --count main) commits"
t() {
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s.%N)
	echo "$(echo "$t1 - $t0" | bc -l | cut -c1-6) s"
}
echo "reindex, piped:        $(t $ctl reindex)"
echo "reindex, on a terminal: $(t script -qec "$ctl reindex" /dev/null)"
echo "verify, piped:         $(t $ctl verify)"
echo "verify, on a terminal:  $(t script -qec "$ctl verify" /dev/null)"
