#!/bin/bash
# Benchmark (not part of make check): durable ingest of N distinct
# documents of about SIZE bytes (tests/bench/gendocs.py), dropped into
# intake at once; prints documents per second from the drop to the
# moment docketctl status counts them all, docketd's CPU (all threads
# and reaped children), the committer's own CPU (docketd's main thread:
# the figure that holds on a shared machine) and docketd's private
# memory: the most seen (sampled every second) and at the end.
# BENCH_SCHED=1: also each thread's CPU and time waiting for a processor
# (run queue, /proc/PID/task/TID/schedstat), on stderr.
# usage: tests/bench/ingest.sh [N] [SIZE] [extra docketd.conf line...]
set -eu
N=${1:-5000}; SIZE=${2:-10240}; shift 2 2>/dev/null || shift $#
top=$(cd "$(dirname "$0")/../.." && pwd)
root=$(mktemp -d /tmp/docket-bench.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; [ -n "${BENCH_KEEP_LOG:-}" ] && cp "$root.log" "$BENCH_KEEP_LOG"; rm -rf "$root" "$root.log"' EXIT
stage=$root.stage
python3 "$top/tests/bench/gendocs.py" "$stage" "$N" "$SIZE"
mkdir -p "$root"
{ echo "[docketd]"; for l in "$@"; do echo "$l"; done; } > "$root/bench.conf"
${DOCKETD_WRAP:-} "$top/src/docketd" ${DOCKETD_FLAGS:-} -f -r "$root" -c "$root/bench.conf" 2>"$root.log" &
pid=$!
while [ ! -d "$root/intake" ]; do sleep 0.05; done
sleep 0.5
t0=$(date +%s.%N)
mv "$stage"/* "$root/intake/" 2>/dev/null || true
rmdir "$stage" 2>/dev/null || true
priv() { awk '/^Private_(Clean|Dirty)/ {s += $2} END {print int(s / 1024)}' /proc/$pid/smaps_rollup; }
peak=0; i=0
while :; do
	# The count without jq: its start-up took about 16 ms of CPU a poll,
	# a sixth of a core taken from docketd at 20 polls a second
	# (docketctl status itself: 1.6 ms).
	s=$("$top/src/docketctl" -r "$root" status --json 2>/dev/null) || s=
	n=0
	[[ $s =~ \"records\":\ ([0-9]+) ]] && n=${BASH_REMATCH[1]}
	[ "${n:-0}" -ge "$N" ] && break
	if [ $((i++ % 20)) = 0 ]; then
		m=$(priv 2>/dev/null || echo 0)
		[ "${m:-0}" -gt "$peak" ] && peak=$m
	fi
	sleep 0.05
done
t1=$(date +%s.%N)
cpu=$(awk '{printf "%.1f", ($14 + $15 + $16 + $17) / 100}' /proc/$pid/stat)
main=$(awk '{printf "%.2f", ($14 + $15) / 100}' /proc/$pid/task/$pid/stat)
# the full-text index's thread (search_feedq.c), when it has one
index=$(for t in /proc/$pid/task/*; do
	[ "$(cat "$t/comm" 2>/dev/null)" = docketd-index ] && cat "$t/stat"
done | awk '{printf "%.2f", ($14 + $15) / 100}')
if [ -n "${BENCH_SCHED:-}" ]; then
	for t in /proc/$pid/task/*; do
		echo "$(cat "$t/comm") $(cat "$t/schedstat")"
	done | awk '{printf "thread %s: CPU %.2f s, run queue %.2f s\n",
	    $1, $2 / 1e9, $3 / 1e9}' >&2
fi
rss=$(priv)
[ "$rss" -gt "$peak" ] && peak=$rss
echo "ingest: $N documents of ~$SIZE bytes in $(echo "$t1 - $t0" | bc -l | cut -c1-6) s: $(echo "$N / ($t1 - $t0)" | bc -l | cut -d. -f1) docs/s; docketd CPU ${cpu} s (with reaped children), committer ${main} s${index:+, index thread $index s}; private memory ${peak} MB at most, ${rss} MB at the end; packs $(ls "$root/vault.git/objects/pack/"*.pack 2>/dev/null | wc -l)"
