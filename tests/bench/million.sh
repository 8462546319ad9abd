#!/bin/bash
# Benchmark (not part of make check): does docketd's cost stay flat as the
# archive grows?  Drops N tiny documents (tests/bench/gendocs.py --tiny) into
# intake in chunks of CHUNK and prints, per chunk: its rate (docs/s, from the
# drop to the moment docketctl status counts them all), docketd's private
# memory split into anonymous (heap, libgit2's caches, …) and file-backed
# (LMDB pages and pack windows docketd wrote to or mapped privately), and
# the number of packs in the vault, and the CPU it cost per document:
# docketd's own (committer and reader threads) and its reaped children's
# (the search index worker, the repack child), in ms, and docketd's own
# minor page faults per document (what grows with a large archive: its
# maps of data.mdb and the packs, dropped by memtrim after batches).  CPU per document is
# the figure to compare across chunks on a shared machine: the wall-clock
# rate moves with whatever else runs.  At the end: restart time (docketd start
# until `docketctl status` answers) and the cost of `docketctl show` against
# `git --version`, whole process, over LOOPS runs each.
#
# usage: tests/bench/million.sh [N] [CHUNK] [extra docketd.conf line...]
#   N      documents in all (default 1000000)
#   CHUNK  documents per chunk (default 20000)
# env: DOCKETD=PATH  the docketd to run (default src/docketd)
#      ROOT=DIR   use (and keep) this root; an existing root is continued,
#                 its documents counted, numbering goes on after them
#      KEEP=1     keep the temporary root (its path is printed)
#      LOOPS=200  runs of the show / git --version loops
# Timings on a shared machine are noisy: compare runs made close together.
set -eu
N=${1:-1000000}; CHUNK=${2:-20000}; shift 2 2>/dev/null || shift $#
LOOPS=${LOOPS:-200}
top=$(cd "$(dirname "$0")/../.." && pwd)
dctl="$top/src/docketctl"
if [ -n "${ROOT:-}" ]; then
	root=$ROOT; KEEP=1; mkdir -p "$root"
else
	root=$(mktemp -d /tmp/docket-million.XXXXXX)
fi
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
	rm -rf "$root.stage" "$root.start"
	if [ -n "${KEEP:-}" ]; then echo "root kept: $root" >&2
	else rm -rf "$root" "$root.log"; fi
}
trap cleanup EXIT
[ -f "$root/bench.conf" ] ||
	{ echo "[docketd]"; for l in "$@"; do echo "$l"; done; } > "$root/bench.conf"

# Start docketd and wait until its control socket accepts (recovery, the
# spool and the start-up checks come before it): prints its pid and the
# seconds that took.  Python is started first, so its own start-up is not
# counted.
start_docketd() {
	python3 -c '
import os, socket, subprocess, sys, time
sock, log, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
t0 = time.monotonic()
p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
    stderr=open(log, "ab"), start_new_session=False)
while True:
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect(sock)
        break
    except OSError:
        if p.poll() is not None:
            sys.exit("docketd exited with %d" % p.returncode)
        time.sleep(0.002)
    finally:
        s.close()
print(p.pid, "%.3f" % (time.monotonic() - t0))
' "$root/docketd.sock" "$root.log" ${DOCKETD_WRAP:-} \
	    "${DOCKETD:-$top/src/docketd}" -f -r "$root" -c "$root/bench.conf" \
	    > "$root.start" || { tail "$root.log" >&2; exit 1; }
	read -r pid started < "$root.start"
}
stop_docketd() {
	kill "$pid"
	while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
	pid=
}
records() {
	"$dctl" -r "$root" status --json 2>/dev/null | jq -r '.records // 0'
}
mem() {
	awk '/^Private_(Clean|Dirty):/ {p += $2} /^Anonymous:/ {a += $2}
	    /^Rss:/ {r += $2}
	    END {printf "%d %d %d", a / 1024, (p - a) / 1024, r / 1024}' \
	    /proc/"$1"/smaps_rollup
}
packs() {
	ls "$root/vault.git/objects/pack/" 2>/dev/null | grep -c '\.pack$' || true
}
now() { date +%s.%N; }
# docketd's CPU in ticks: own (all threads), reaped children; its minor
# page faults (own)
cpu() { awk '{print $14 + $15, $16 + $17, $10}' /proc/"$1"/stat; }
hz=$(getconf CLK_TCK)

start_docketd
have=$(records)
read -r a f r <<<"$(mem "$pid")"
echo "start: $have records, serving after $started s; private anon ${a} MB, file ${f} MB (rss ${r} MB); packs $(packs)"
printf '%9s %8s %8s %9s %9s %7s %8s %8s %8s\n' records docs/s secs anon_MB file_MB packs \
    cpu_ms cld_ms flt/doc
done_n=0
while [ "$done_n" -lt "$N" ]; do
	n=$CHUNK; [ $((N - done_n)) -lt "$n" ] && n=$((N - done_n))
	rm -rf "$root.stage"
	GENDOCS_START=$((have + done_n)) python3 "$top/tests/bench/gendocs.py" \
	    "$root.stage" "$n" --tiny
	want=$((have + done_n + n))
	read -r u0 c0 f0 <<<"$(cpu "$pid")"
	t0=$(now)
	python3 -c 'import os, sys
for n in sorted(os.listdir(sys.argv[1])):
    os.rename(os.path.join(sys.argv[1], n), os.path.join(sys.argv[2], n))
' "$root.stage" "$root/intake"
	while :; do
		c=$(records)
		[ "${c:-0}" -ge "$want" ] && break
		kill -0 "$pid" 2>/dev/null ||
		    { echo "docketd died" >&2; tail "$root.log" >&2; exit 1; }
		sleep 0.5
	done
	t1=$(now)
	read -r u1 c1 f1 <<<"$(cpu "$pid")"
	done_n=$((done_n + n))
	read -r a f r <<<"$(mem "$pid")"
	printf '%9d %8.0f %8.1f %9d %9d %7d %8.3f %8.3f %8.1f\n' "$want" \
	    "$(echo "$n / ($t1 - $t0)" | bc -l)" "$(echo "$t1 - $t0" | bc -l)" \
	    "$a" "$f" "$(packs)" \
	    "$(echo "($u1 - $u0) * 1000 / $hz / $n" | bc -l)" \
	    "$(echo "($c1 - $c0) * 1000 / $hz / $n" | bc -l)" \
	    "$(echo "($f1 - $f0) / $n" | bc -l)"
done
rm -rf "$root.stage"

# Restart: stop, then time a start until status answers.
stop_docketd
start_docketd
echo "restart: $started s at $(records) records (until the control socket accepts)"
read -r a f r <<<"$(mem "$pid")"
echo "after restart: private anon ${a} MB, file ${f} MB (rss ${r} MB)"

# A read command against git --version, whole process.
# (ids are D + six digits, in order of registration: the first is D000001)
id=D000001
loop() {
	local t0 t1 i
	t0=$(now)
	for ((i = 0; i < LOOPS; i++)); do "$@" >/dev/null 2>&1; done
	t1=$(now)
	echo "($t1 - $t0) * 1000 / $LOOPS" | bc -l
}
if [ -n "$id" ] && [ "$id" != null ]; then
	g=$(loop git --version)
	s=$(loop "$dctl" -r "$root" show "$id")
	printf 'git --version %.2f ms; docketctl show %s %.2f ms (%.1f x)\n' \
	    "$g" "$id" "$s" "$(echo "$s / $g" | bc -l)"
else
	echo "no record id for the show loop" >&2
fi
