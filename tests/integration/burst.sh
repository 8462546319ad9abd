#!/bin/bash
# burst.sh: 200 documents renamed into intake/ (and two agency folders) at
# once become 200 records with distinct ids and exactly the contents
# dropped; spool/ and intake/ end empty; the vault holds them in far fewer
# than 200 commits (batching), whose messages account for all 200, with
# 3 files per record, and passes git fsck --strict.  The throughput is
# printed for information only.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init burst

N=200
NA=30	# into intake/agency-a/, and as many into intake/agency-b/

step "stage $N documents"
mkdir -p "$STAGE/top" "$STAGE/agency-a" "$STAGE/agency-b"
: >"$T_TMP/shas"
for i in $(seq 1 $N); do
	if [ "$i" -le "$NA" ]; then
		d=agency-a
	elif [ "$i" -le $((2 * NA)) ]; then
		d=agency-b
	else
		d=top
	fi
	make_doc "$STAGE/$d/doc-$(printf %03d "$i").txt"
	echo "$DOC_SHA" >>"$T_TMP/shas"
done
sort -o "$T_TMP/shas" "$T_TMP/shas"
assert_eq "$N" "$(sort -u "$T_TMP/shas" | wc -l)" "distinct staged contents"

start_daemon
mkdir "$INTAKE/agency-a" "$INTAKE/agency-b"

step "drop $N documents by rename"
t0=$(now_ms)
# One rename per file: mv with several sources stats each target after
# moving it, and docketd may have claimed it by then.
for f in "$STAGE"/agency-a/*.txt "$STAGE"/agency-b/*.txt "$STAGE"/top/*.txt; do
	d=${f%/*}
	d=${d##*/}
	[ "$d" = top ] && d= || d=/$d
	mv "$f" "$INTAKE$d/${f##*/}" || fail "mv $f"
done
wait_for -t $((T_TIMEOUT * 6)) "$N records" records_are "$N"
t1=$(now_ms)
ms=$((t1 - t0))
[ "$ms" -gt 0 ] || ms=1
note "throughput: $N documents in $ms ms = $((N * 1000 / ms)) docs/s (informational)"

step "check the records"
wait_for "spool/ to be empty" spool_empty
assert_eq 0 "$(find "$INTAKE" -type f | wc -l)" "files left under intake/"
assert_eq 0 "$(entries "$ROOT/quarantine")" "files in quarantine/"
ctl list --json >"$T_TMP/list.json" || fail "docketctl list --json"
assert_eq "$N" "$(jq length "$T_TMP/list.json")" "records listed"
assert_eq "$N" "$(jq '[.[].id] | unique | length' "$T_TMP/list.json")" "distinct ids"
assert_eq 0 "$(jq '[.[].id | select(test("^D[0-9]{6}$") | not)] | length' "$T_TMP/list.json")" \
    "ids not of the form D000000"
jq -r '.[].sha256' "$T_TMP/list.json" | sort >"$T_TMP/got-shas"
cmp -s "$T_TMP/shas" "$T_TMP/got-shas" ||
    fail "the records' sha256 are not those of the files dropped"
assert_eq "$N" "$(jq '[.[] | select(.version == 1)] | length' "$T_TMP/list.json")" \
    "records at version 1"
assert_eq "$NA" "$(ctl list --agency agency-a --json | jq length)" "records of agency-a"
assert_eq "$NA" "$(ctl list --agency agency-b --json | jq length)" "records of agency-b"
assert_eq $((N - 2 * NA)) "$(jq '[.[] | select(.agency == .issuer)] | length' "$T_TMP/list.json")" \
    "records without an agency folder (their agency is the issuer)"

step "check the vault"
commits=$(vault rev-list --count main) || fail "git rev-list"
note "$commits commit(s) for $N documents"
assert_lt "$commits" "$N" "vault commits (batching)"
assert_lt 0 "$commits" "vault commits"
sum=$(vault log --format=%s main | sed -n 's/^register \([0-9]*\) documents\{0,1\}$/\1/p' |
    awk '{ s += $1 } END { print s + 0 }')
assert_eq "$N" "$sum" "documents counted in the commit messages"
assert_eq $((4 * N)) "$(vault ls-tree -r --name-only main -- records | wc -l)" \
    "files under records/ (original.txt, text.txt, record.json, events.jsonl each)"
head=$(vault rev-parse main)
st=$(ctl status --json)
assert_eq "$head" "$(jq -r .last_commit.commit <<<"$st")" "status .last_commit.commit"
assert_eq true "$(jq -r .last_commit.indexed <<<"$st")" "status .last_commit.indexed"
assert_eq 0 "$(jq '[.[] | select(.commit == null)] | length' "$T_TMP/list.json")" \
    "records without a commit"
# Every record's commit is on main.
for c in $(jq -r '.[].commit' "$T_TMP/list.json" | sort -u); do
	vault merge-base --is-ancestor "$c" main ||
	    fail "commit $c of a record is not on main"
done
assert_fsck
stop_daemon
note "ok"
