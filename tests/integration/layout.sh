#!/bin/bash
# layout.sh: where the vault keeps records (vault.c vault_record_dir,
# doc/ARCHITECTURE.md "Vault layout").  A new archive shards every record
# by its number; an archive from before (every record sharded by the hash
# of its id: DOCKET_TEST_OLD_LAYOUT=1 makes docketd keep no vault_seq_from,
# as docket did then) keeps its records where they are and shards the new
# ones by number:
#  - records of the old archive sit at their hash directory; after the
#    upgrade new records sit at their number's, a new version of an old
#    record stays at its hash directory; show, text, diff and verify read
#    both, git fsck is clean;
#  - docketctl reindex, and an index rebuilt from the vault alone (db/
#    removed), find the same boundary: every record reads back, verify is
#    clean, and the next record goes by number;
#  - a damaged vault_seq_from in LMDB: docketd rebuilds the index from the
#    vault at start, as for an index of another schema;
#  - a new archive puts its first records under records/00/00/.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init layout
need mdb_load lmdb-utils

# in_vault ID SEQ_FROM: record ID's files where vault_dir puts them.
in_vault() {
	local d

	d=$(vault_dir "$1" "$2")
	vault cat-file -e "main:$d/record.json" 2>/dev/null ||
	    fail "$1: no $d/record.json in the vault ($(vault ls-tree -r --name-only main | grep "/$1/" | head -3))"
	vault cat-file -e "main:$d/text.txt" 2>/dev/null ||
	    fail "$1: no $d/text.txt in the vault"
}

# readable N: show, text and the JSON of records D000001..N.
readable() {
	local i id

	for i in $(seq 1 "$1"); do
		id=$(printf 'D%06d' "$i")
		ctl show "$id" >/dev/null 2>&1 || fail "docketctl show $id"
		ctl text "$id" | grep -q '工作要求' ||
		    fail "docketctl text $id: not the document's text"
	done
}

version_is() {
	[ "$(field "$1" version 2>/dev/null)" = "$2" ]
}

clean() {
	local out

	assert_fsck
	out=$(ctl verify 2>&1) || fail "docketctl verify: $out"
	[ "$(ctl verify --json | jq -r '.problems | length')" = 0 ] ||
	    fail "docketctl verify --json lists problems: $(ctl verify --json | jq -c .problems)"
}

step "an archive from before: six records sharded by hash"
DOCKET_TEST_OLD_LAYOUT=1 start_daemon
for i in 1 2 3 4 5 6; do
	drop_doc "old$i.txt"
	[ "$i" = 2 ] && { docno2=$DOC_DOCNO; issuer2=$DOC_ISSUER; }
	wait_for "old document $i" records_are "$i"
done
for i in 1 2 3 4 5 6; do
	in_vault "$(printf 'D%06d' "$i")" none
done
clean
stop_daemon

step "the upgrade: old records stay, new ones go by number"
start_daemon
for i in 7 8 9; do
	drop_doc "new$i.txt"
	wait_for "new document $i" records_are "$i"
done
for i in 1 2 3 4 5 6; do
	in_vault "$(printf 'D%06d' "$i")" none
done
for i in 7 8 9; do
	in_vault "$(printf 'D%06d' "$i")" 7
done
assert_eq "records/00/00/D000007" "$(vault_dir D000007 7)" \
    "the first record by number"
drop_doc v2.txt docno="$docno2" issuer="$issuer2" body="根据工作需要，对原通知第二条作如下修改。"
wait_for "version 2 of D000002" version_is D000002 2
in_vault D000002 none
assert_eq 9 "$(rec_count)" "records after version 2"
ctl diff D000002 >"$T_TMP/diff.txt" 2>&1 || fail "docketctl diff D000002: $(cat "$T_TMP/diff.txt")"
grep -q '对原通知第二条作如下修改' "$T_TMP/diff.txt" ||
    fail "docketctl diff D000002 lacks version 2's line"
readable 9
clean

step "reindex finds the same boundary"
ctl list --json | jq -S . >"$T_TMP/before.json"
assert_rc 0 "docketctl reindex" ctl reindex
ctl list --json | jq -S . >"$T_TMP/after.json"
cmp -s "$T_TMP/before.json" "$T_TMP/after.json" ||
    fail "records changed by reindex: $(diff "$T_TMP/before.json" "$T_TMP/after.json" | head)"
readable 9
clean
stop_daemon

step "an index rebuilt from the vault alone"
rm -rf "$ROOT/db"
start_daemon
wait_for "the index rebuilt" records_are 9
readable 9
clean
drop_doc new10.txt
wait_for "document 10" records_are 10
in_vault D000010 7
in_vault D000002 none
readable 10
clean
stop_daemon

step "a damaged vault_seq_from: docketd rebuilds the index"
printf 'vault_seq_from\nx7\n' | mdb_load -T -s meta "$ROOT/db" ||
    fail "mdb_load into meta"
start_daemon
wait_for "the rebuild to be logged" log_has "vault_seq_from）已损坏"
ctl list >/dev/null 2>&1 || fail "docketctl list after the rebuild"
wait_for "the index rebuilt" records_are 10
readable 10
clean
in_vault D000010 7
stop_daemon

step "a new archive: by number from the first record"
new_root fresh
start_daemon
drop_doc first.txt
wait_for "the first record" records_are 1
assert_eq "records/00/00/D000001" "$(vault_dir D000001)" "vault_dir of D000001"
in_vault D000001 1
clean
stop_daemon

exit 0
