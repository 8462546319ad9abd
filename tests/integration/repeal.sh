#!/bin/bash
# repeal.sh: a document whose body repeals another (原《…》（淄教发〔2024〕
# 901号）同时废止。) repeals it, whichever arrives first.  Target first:
# the target becomes "repealed" (repealed_by the repealer's id, status_on
# the day the repealer takes effect) with a "repeal" event by docketd from in_force, related to the
# repealer, which stays in force.  Repealer first: its "repeals" field
# remembers the docno and the target is repealed on arrival, also when
# docketctl reindex rebuilt the index in between.  Both in one move into
# intake, or both in docketd's start-up batch (one commit), in either
# order: the target ends repealed.  An expired document (valid until
# 2020-12-31: expired, status_on 2021-01-01) is repealed too, the event
# going from "expired".  docketctl repeal DOC --by DOC2 --reason TEXT
# records actor root and the reason; repealing a repealed or cleaned
# document exits 5, an unknown one 3, no reason (or DOC by itself) 2,
# and a refused repeal makes no commit.  Each record's events.jsonl in
# the vault is its history, line for line; git fsck of the vault is clean.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init repeal

# docketctl repeal and cleanup run need an admin; the events say root.
[ "$(id -u)" -eq 0 ] || skip "needs root (the admin on docketd's socket)"

# repeals_body DOCNO: a body whose last sentence repeals DOCNO.
repeals_body() {
	printf '为进一步规范相关工作，现将有关事项通知如下。本通知自印发之日起施行，原《关于做好2023年有关工作的通知》（%s）同时废止。' "$1"
}

# last_ev ID JQ: a jq expression on the last event of ID's history.
last_ev() {
	# The catalog's events (publish, unpublish) follow the change that
	# causes them, in its commit: the change's own event is before them.
	ctl history "$1" --json | jq -r "[.[] | select(.action != \"publish\"
	    and .action != \"unpublish\")] | .[-1] | $2"
}

status_is() {
	[ "$(field "$1" status)" = "$2" ]
}

# assert_today VALUE WHAT: VALUE is the date of D0 or of today (a test
# run may cross midnight).
assert_today() {
	[ "$1" = "$D0" ] || [ "$1" = "$(date +%F)" ] ||
	    fail "$2: expected today ($D0 or $(date +%F)), got '$1'"
}

# assert_repealed TARGET BY FROM ACTOR: TARGET is repealed by BY, its
# last event the repeal from FROM by ACTOR.
assert_repealed() {
	local t=$1 by=$2 from=$3 actor=$4

	assert_eq repealed "$(field "$t" status)" "status of $t"
	assert_eq "$by" "$(field "$t" repealed_by)" "repealed_by of $t"
	# the legal date: the day the repealing document takes effect, or
	# the day it lapsed when that came first
	local want
	want=$(ctl show "$by" --json | jq -r '.effective_from // .signed_on')
	[ -n "${LAPSED:-}" ] && [[ "$LAPSED" < "$want" ]] && want=$LAPSED
	assert_eq "$want" "$(field "$t" status_on)" "status_on of $t"
	assert_eq "repeal $actor $from repealed $by" \
	    "$(last_ev "$t" '"\(.action) \(.actor) \(.from) \(.to) \(.related)"')" \
	    "last event of $t"
	assert_eq 1 "$(ctl history "$t" --json | jq '[.[] | select(.action == "repeal")] | length')" \
	    "repeal events of $t"
}

# move_both A B: one mv of two staged files into intake/.  GNU mv may
# stat a destination after renaming it, which fails when docketd has
# already claimed the file: its status is not what counts, the two
# renames are.
move_both() {
	mv "$STAGE/$1" "$STAGE/$2" "$INTAKE/" 2>"$T_TMP/mv.err" ||
	    note "$(cat "$T_TMP/mv.err")"
	gone "$STAGE/$1" && gone "$STAGE/$2" ||
	    fail "mv $1 $2 into intake/: $(cat "$T_TMP/mv.err")"
}

D0=$(date +%F)
start_daemon

step "target first"
drop_doc t1.txt docno="淄教发〔2024〕901号"
wait_for "t1.txt to be registered" has_sha "$DOC_SHA"
t1=$(field "$DOC_SHA" id)
assert_eq in_force "$(field "$t1" status)" "status of $t1 before the repeal"
assert_eq null "$(field "$t1" repealed_by)" "repealed_by of $t1 before the repeal"
drop_doc r1.txt docno="淄教发〔2024〕911号" body="$(repeals_body "淄教发〔2024〕901号")"
wait_for "r1.txt to be registered" has_sha "$DOC_SHA"
r1=$(field "$DOC_SHA" id)
assert_ne "$t1" "$r1" "the repealer's id"
assert_eq '["淄教发〔2024〕901号"]' "$(jfield "$r1" repeals)" "repeals of $r1"
wait_for "$t1 to be repealed" status_is "$t1" repealed
assert_repealed "$t1" "$r1" in_force docketd
assert_eq in_force "$(field "$r1" status)" "status of the repealer $r1"
assert_eq null "$(field "$r1" repealed_by)" "repealed_by of $r1"
assert_eq register "$(last_ev "$r1" .action)" "last event of $r1"
assert_contains "$(last_ev "$t1" .reason)" "淄教发〔2024〕911号" "reason of $t1's repeal"
assert_log "repeal: $t1"

step "repealer first"
drop_doc r2.txt docno="淄教发〔2024〕912号" body="$(repeals_body "淄教发〔2024〕902号")"
wait_for "r2.txt to be registered" has_sha "$DOC_SHA"
r2=$(field "$DOC_SHA" id)
assert_eq '["淄教发〔2024〕902号"]' "$(jfield "$r2" repeals)" "repeals of $r2"
assert_eq in_force "$(field "$r2" status)" "status of $r2"
assert_rc 3 "show the docno $r2 repeals before it exists" ctl show "淄教发〔2024〕902号"
# Another bracket form of the docno: normalised to the same target.
drop_doc t2.txt docno="淄教发[2024]902号"
wait_for "t2.txt to be registered" has_sha "$DOC_SHA"
t2=$(field "$DOC_SHA" id)
assert_eq "淄教发〔2024〕902号" "$(field "$t2" docno)" "docno of $t2"
assert_repealed "$t2" "$r2" in_force docketd
# (A repealed document stays in the catalog, marked 已废止: the change
# that registered it notes its entry on its last event.)
assert_eq "register repeal" "$(ctl history "$t2" --json |
    jq -r '[.[].action] | join(" ")')" "events of $t2 (repealed on arrival)"
assert_eq in_force "$(field "$r2" status)" "status of $r2 after"

step "repealer first, the index rebuilt before the target arrives"
drop_doc r10.txt docno="淄教发〔2024〕922号" body="$(repeals_body "淄教发〔2024〕921号")"
wait_for "r10.txt to be registered" has_sha "$DOC_SHA"
r10=$(field "$DOC_SHA" id)
assert_rc 0 "docketctl reindex" ctl reindex
drop_doc t10.txt docno="淄教发〔2024〕921号"
wait_for "t10.txt to be registered" has_sha "$DOC_SHA"
t10=$(field "$DOC_SHA" id)
wait_for "$t10 to be repealed" status_is "$t10" repealed
assert_repealed "$t10" "$r10" in_force docketd

step "both in the same move, target named first"
stage_doc t3a.txt docno="淄教发〔2024〕903号"
sha_t=$DOC_SHA
stage_doc r3a.txt docno="淄教发〔2024〕913号" body="$(repeals_body "淄教发〔2024〕903号")"
sha_r=$DOC_SHA
move_both t3a.txt r3a.txt
wait_for "t3a.txt to be registered" has_sha "$sha_t"
wait_for "r3a.txt to be registered" has_sha "$sha_r"
t3a=$(field "$sha_t" id)
r3a=$(field "$sha_r" id)
wait_for "$t3a to be repealed" status_is "$t3a" repealed
assert_repealed "$t3a" "$r3a" in_force docketd
assert_eq in_force "$(field "$r3a" status)" "status of $r3a"
if [ "$(ctl versions "$t3a" --json | jq -r '.[0].commit')" = \
    "$(ctl versions "$r3a" --json | jq -r '.[0].commit')" ]; then
	note "t3a and r3a came in one batch"
else
	note "t3a and r3a came in two batches"
fi

step "both in the same move, repealer named first"
stage_doc r3b.txt docno="淄教发〔2024〕914号" body="$(repeals_body "淄教发〔2024〕904号")"
sha_r=$DOC_SHA
stage_doc t3b.txt docno="淄教发〔2024〕904号"
sha_t=$DOC_SHA
move_both r3b.txt t3b.txt
wait_for "r3b.txt to be registered" has_sha "$sha_r"
wait_for "t3b.txt to be registered" has_sha "$sha_t"
t3b=$(field "$sha_t" id)
r3b=$(field "$sha_r" id)
wait_for "$t3b to be repealed" status_is "$t3b" repealed
assert_repealed "$t3b" "$r3b" in_force docketd
assert_eq in_force "$(field "$r3b" status)" "status of $r3b"
if [ "$(ctl versions "$t3b" --json | jq -r '.[0].commit')" = \
    "$(ctl versions "$r3b" --json | jq -r '.[0].commit')" ]; then
	note "t3b and r3b came in one batch"
else
	note "t3b and r3b came in two batches"
fi

step "an expired document is repealed"
drop_doc t4.txt docno="淄教发〔2024〕905号" \
    body="为规范有关工作，现将有关事项通知如下。本通知自2020年1月1日起施行，有效期至2020年12月31日。"
wait_for "t4.txt to be registered" has_sha "$DOC_SHA"
t4=$(field "$DOC_SHA" id)
assert_eq 2020-12-31 "$(field "$t4" valid_until)" "valid_until of $t4"
wait_for "$t4 to expire" status_is "$t4" expired
assert_eq 2021-01-01 "$(field "$t4" status_on)" "status_on of expired $t4"
assert_eq "expire docketd in_force expired" \
    "$(last_ev "$t4" '"\(.action) \(.actor) \(.from) \(.to)"')" "expiry event of $t4"
drop_doc r4.txt docno="淄教发〔2024〕915号" body="$(repeals_body "淄教发〔2024〕905号")"
wait_for "r4.txt to be registered" has_sha "$DOC_SHA"
r4=$(field "$DOC_SHA" id)
wait_for "$t4 to be repealed" status_is "$t4" repealed
LAPSED=2021-01-01 assert_repealed "$t4" "$r4" expired docketd
assert_eq "register expire repeal" "$(ctl history "$t4" --json | jq -r '[.[].action] | join(" ")')" \
    "events of $t4"

step "manual repeal"
drop_doc t5.txt docno="淄教发〔2024〕906号"
wait_for "t5.txt to be registered" has_sha "$DOC_SHA"
t5=$(field "$DOC_SHA" id)
drop_doc t6.txt docno="淄教发〔2024〕907号"
wait_for "t6.txt to be registered" has_sha "$DOC_SHA"
t6=$(field "$DOC_SHA" id)
commits=$(vault rev-list --count main)
reason="经清理，该文件已不适应当前工作需要"
assert_rc 0 "docketctl repeal $t5 --by $r1" ctl repeal "$t5" --by "$r1" --reason "$reason"
assert_contains "$(cat "$T_TMP/out")" "$t5" "repeal output"
! grep -qE 'in_force|repealed' "$T_TMP/out" ||
    fail "repeal output has English values: $(cat "$T_TMP/out")"
assert_repealed "$t5" "$r1" in_force root
assert_eq "$reason" "$(last_ev "$t5" .reason)" "reason of the manual repeal"
assert_eq $((commits + 1)) "$(vault rev-list --count main)" "vault commits after the repeal"
assert_eq in_force "$(field "$r1" status)" "status of $r1 after repealing $t5"
# --by also takes a docno; --json gives the event and the record.
assert_rc 0 "docketctl repeal $t6 --by DOCNO --json" \
    ctl repeal "$t6" --by "淄教发〔2024〕912号" --reason "$reason" --json
assert_eq "$t6 repeal $r2 repealed" \
    "$(jq -r '"\(.id) \(.event.action) \(.event.related) \(.record.status)"' "$T_TMP/out")" \
    "repeal --json"
assert_eq "$(vault rev-parse main)" "$(jq -r .commit "$T_TMP/out")" "commit of repeal --json"
assert_repealed "$t6" "$r2" in_force root
commits=$(vault rev-list --count main)
assert_rc 5 "repeal $t5 again" ctl repeal "$t5" --by "$r1" --reason "$reason"
assert_contains "$(cat "$T_TMP/err")" "已废止" "message of a second repeal"
assert_rc 5 "repeal the repealed $t1" ctl repeal "$t1" --reason x
assert_rc 3 "repeal an unknown document" ctl repeal D999999 --reason x
assert_rc 3 "repeal by an unknown document" ctl repeal "$r1" --by D999999 --reason x
drop_doc t7.txt docno="淄教发〔2024〕908号"
wait_for "t7.txt to be registered" has_sha "$DOC_SHA"
t7=$(field "$DOC_SHA" id)
commits=$(vault rev-list --count main)
assert_rc 2 "repeal $t7 without a reason" ctl repeal "$t7"
assert_contains "$(cat "$T_TMP/err")" "reason" "message of a repeal without a reason"
assert_rc 2 "repeal $t7 by itself" ctl repeal "$t7" --by "$t7" --reason x
assert_eq in_force "$(field "$t7" status)" "status of $t7 after the refused repeals"
assert_eq "register" "$(ctl history "$t7" --json |
    jq -r '[.[].action] | join(" ")')" "events of $t7"
assert_eq "$commits" "$(vault rev-list --count main)" "vault commits after the refused repeals"

step "both in one batch at start-up, in either order"
# Files in spool/ while docketd is stopped make its start-up batch,
# taken in name order: t8 before r8, r9 before t9.
stop_daemon
make_doc "$STAGE/t8" docno="淄教发〔2024〕909号"
sha_t8=$DOC_SHA
make_doc "$STAGE/r8" docno="淄教发〔2024〕919号" body="$(repeals_body "淄教发〔2024〕909号")"
sha_r8=$DOC_SHA
make_doc "$STAGE/r9" docno="淄教发〔2024〕920号" body="$(repeals_body "淄教发〔2024〕910号")"
sha_r9=$DOC_SHA
make_doc "$STAGE/t9" docno="淄教发〔2024〕910号"
sha_t9=$DOC_SHA
ms=$(now_ms)
n=0
for f in t8 r8 r9 t9; do
	n=$((n + 1))
	mv "$STAGE/$f" "$ROOT/spool/$(printf '%013d-%06d' "$ms" "$n")##$f.txt" ||
	    fail "mv $f into spool/"
done
start_daemon
wait_for "spool/ to be stored after start-up" spool_empty
for s in "$sha_t8" "$sha_r8" "$sha_r9" "$sha_t9"; do
	has_sha "$s" || fail "$s was not registered at start-up"
done
t8=$(field "$sha_t8" id)
r8=$(field "$sha_r8" id)
r9=$(field "$sha_r9" id)
t9=$(field "$sha_t9" id)
c8=$(ctl versions "$t8" --json | jq -r '.[0].commit')
for i in "$r8" "$r9" "$t9"; do
	assert_eq "$c8" "$(ctl versions "$i" --json | jq -r '.[0].commit')" \
	    "commit of $i (one batch with $t8)"
done
assert_repealed "$t8" "$r8" in_force docketd
assert_repealed "$t9" "$r9" in_force docketd
assert_eq "register repeal" "$(ctl history "$t8" --json | jq -r '[.[].action | select(. != "publish")] | join(" ")')" \
    "events of $t8"
assert_eq "register repeal" "$(ctl history "$t9" --json | jq -r '[.[].action | select(. != "publish")] | join(" ")')" \
    "events of $t9"
assert_eq "in_force in_force" "$(field "$r8" status) $(field "$r9" status)" \
    "status of the repealers $r8 $r9"

step "the vault holds the events"
for id in "$t1" "$r1" "$t2" "$r2" "$t3a" "$r3a" "$t3b" "$r3b" "$t4" "$r4" \
    "$t5" "$t6" "$t7" "$t8" "$r8" "$t9" "$r9" "$t10" "$r10"; do
	vault show "main:$(vault_dir "$id")/events.jsonl" >"$T_TMP/ev.vault" ||
	    fail "main:$(vault_dir "$id")/events.jsonl"
	ctl history "$id" --json | jq -c '.[]' >"$T_TMP/ev.ctl" ||
	    fail "history $id --json"
	jq -c . "$T_TMP/ev.vault" >"$T_TMP/ev.vault.c" ||
	    fail "events.jsonl of $id is not JSON lines"
	assert_eq "$(wc -l <"$T_TMP/ev.vault" | tr -d ' ')" \
	    "$(wc -l <"$T_TMP/ev.ctl" | tr -d ' ')" "lines of events.jsonl of $id"
	assert_same_file "$T_TMP/ev.ctl" "$T_TMP/ev.vault.c" \
	    "events.jsonl of $id vs docketctl history"
done
assert_eq repealed "$(vault show "main:$(vault_dir "$t1")/record.json" | jq -r .status)" \
    "status in $t1's record.json"
assert_eq "$r1" "$(vault show "main:$(vault_dir "$t1")/record.json" | jq -r .repealed_by)" \
    "repealed_by in $t1's record.json"

step "a cleaned document cannot be repealed"
assert_rc 0 "docketctl cleanup run" ctl cleanup run
assert_eq cleaned "$(field "$t1" status)" "status of $t1 after cleanup"
assert_rc 5 "repeal the cleaned $t1" ctl repeal "$t1" --reason x
assert_contains "$(cat "$T_TMP/err")" "已清理" "message of repealing a cleaned document"
assert_eq in_force "$(field "$t7" status)" "status of $t7 after cleanup"

assert_fsck
stop_daemon
note "ok"
