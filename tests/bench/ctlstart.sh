#!/bin/bash
# Benchmark (not part of make check): what a docketctl read costs, whole
# process, against `git --version`, in the same minute: RUNS runs of each
# (default 200), milliseconds per run and the ratio to git.  The issue's
# goal is a read command within 1.5 times git.  Also the shared objects
# each program loads (ldd).
# usage: tests/bench/ctlstart.sh ROOT [RUNS] [DOC]
#   ROOT a docketd root with records (e.g. kept from tests/bench/ingest.sh),
#   DOC the record show/history read (default D000001).
set -eu
root=${1:?usage: ctlstart.sh ROOT [RUNS] [DOC]}
runs=${2:-200}
doc=${3:-D000001}
top=$(cd "$(dirname "$0")/../.." && pwd)
ctl=${DOCKETCTL:-$top/src/docketctl}

# ms per run of "$@", output discarded: wall clock, and "cpu" the user +
# system time of the runs (less sensitive to a busy machine).
per_run() {
	local t0 t1 i cpu

	cpu=$( (
		for ((i = 0; i < runs; i++)); do
			"$@" >/dev/null 2>&1
		done
		times
	) | tail -n 1 | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/);
	    print (u[1] * 60 + u[2] + s[1] * 60 + s[2]) }')
	t0=$(date +%s%N)
	for ((i = 0; i < runs; i++)); do
		"$@" >/dev/null 2>&1
	done
	t1=$(date +%s%N)
	echo "$(echo "scale=2; ($t1 - $t0) / 1000000 / $runs" | bc -l)" \
	    "$(echo "scale=2; $cpu * 1000 / $runs" | bc -l)"
}

echo "shared objects: docketctl $(ldd "$ctl" | wc -l)," \
    "docketctl-full $(ldd "$(dirname "$ctl")/docketctl-full" 2>/dev/null | wc -l)," \
    "git $(ldd "$(command -v git)" | wc -l)"
read -r git gitcpu <<<"$(per_run git --version)"
printf '%-32s %7s ms wall %6s ms cpu\n' "git --version" "$git" "$gitcpu"
for cmd in "status" "show $doc" "history $doc" "versions $doc" \
    "list --status repealed" "show --json $doc"; do
	# shellcheck disable=SC2086
	read -r ms cpu <<<"$(per_run "$ctl" -r "$root" $cmd)"
	printf '%-32s %7s ms wall %6s ms cpu  %sx git wall, %sx cpu\n' \
	    "docketctl $cmd" "$ms" "$cpu" "$(echo "scale=2; $ms / $git" | bc -l)" \
	    "$(echo "scale=2; $cpu / $gitcpu" | bc -l)"
done
read -r git2 gitcpu2 <<<"$(per_run git --version)"
printf '%-32s %7s ms wall %6s ms cpu (again, for the noise)\n' "git --version" \
    "$git2" "$gitcpu2"
