#!/bin/bash
# startup_answer.sh: docketd answers on its control socket while it stores
# what a previous run left in spool/ (issue 18: a restart with a full spool
# answers at once).  Ordered events, no timings:
#  - the first spool file's extractor waits for a gate file, so the first
#    start-up batch cannot end before the test opens it;
#  - meanwhile `docketctl status` is truthful (running, 0 records, every
#    file waiting in spool/, intake/ not read yet) and a `schedule` request
#    waits in the control socket's queue (ss);
#  - the request is answered before the last spool file is stored (the log
#    has it before the N-th "stored" line: batch_max = 1, one file a batch);
#  - every spool file is stored, then the one in intake/ (its id is the
#    highest: what a previous run claimed still comes first).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init startup_answer
need ss iproute2

N=20
GATE=$T_TMP/gate-open
cat >"$T_TMP/gate.sh" <<EOF || fail "write gate.sh"
#!/bin/sh
# An extractor that waits for the test to open the gate.
while [ ! -e "$GATE" ]; do sleep 0.05; done
exec cat "\$1"
EOF
chmod +x "$T_TMP/gate.sh"
write_config "$T_TMP/docketd.conf" "batch_max = 1" "[extract]" \
    "gate = $T_TMP/gate.sh %f" "timeout = 120s"

step "a root with $N files in spool/ and one in intake/"
start_daemon -c "$T_TMP/docketd.conf"
stop_daemon
ms=1700000000000
: >"$T_TMP/expected"
for i in $(seq 0 $((N - 1))); do
	if [ "$i" -eq 0 ]; then name=first.gate; else name=doc-$i.txt; fi
	make_doc "$ROOT/spool/$(printf '%013d-%06d' "$ms" "$i")##$name"
	echo "$DOC_SHA" >>"$T_TMP/expected"
done
mkdir -p "$INTAKE"
make_doc "$INTAKE/late.txt"
sha_late=$DOC_SHA
touch -d '-1 hour' "$INTAKE/late.txt"

step "start: the control socket answers while spool/ is stored"
start_daemon -v -c "$T_TMP/docketd.conf"
# The first batch waits at the gate: nothing can be stored yet.
st=$(ctl status --json) || fail "status during the start-up drain"
assert_eq true "$(jq -r .running <<<"$st")" "status .running during the drain"
assert_eq 0 "$(jq -r .records <<<"$st")" "status .records during the drain"
assert_eq "$N" "$(jq -r .waiting.spool <<<"$st")" "status .waiting.spool during the drain"
assert_eq 1 "$(jq -r .waiting.intake <<<"$st")" "status .waiting.intake (not read before spool/ is done)"
"$DOCKETCTL" -r "$ROOT" schedule --json >"$T_TMP/sched.out" 2>"$T_TMP/sched.err" &
sched=$!
# pending: a connection waits in the socket's accept queue (ss's Recv-Q of
# a listening socket), i.e. the request is on its way before the gate opens.
pending() {
	[ "$(ss -xlnH src "$ROOT/docketd.sock" | awk '{ print $3; exit }')" -ge 1 ]
}
wait_for "the schedule request to wait on docketd's socket" pending
touch "$GATE"
wait "$sched" || fail "schedule over the control socket during the drain: $(cat "$T_TMP/sched.err")"
jq -e .next_wake "$T_TMP/sched.out" >/dev/null || fail "schedule's answer: $(cat "$T_TMP/sched.out")"

step "every file arrives; the answer came before the last of them"
all_stored() {
	local sha

	while read -r sha; do
		has_sha "$sha" || return 1
	done <"$T_TMP/expected"
	has_sha "$sha_late"
}
wait_for -t 120 "all $N spool files and late.txt to be stored" all_stored
assert_eq $((N + 1)) "$(rec_count)" "records"
line=$(grep -n "pid $sched: schedule" "$LOG" | head -n 1 | cut -d: -f1)
[ -n "$line" ] || fail "no log line of the schedule request (pid $sched)"
before=$(head -n "$line" "$LOG" | grep -c "stored D")
note "the schedule request came after $before of $N spool files"
assert_lt "$before" "$N" "files stored before the request was read"
id_late=$(field "$sha_late" id)
max_spool=$(while read -r sha; do field "$sha" id; done <"$T_TMP/expected" | sort | tail -n 1)
assert_lt "$((10#${max_spool#D}))" "$((10#${id_late#D}))" "spool/ before intake/ ($max_spool, $id_late)"
stop_daemon
note "ok"
