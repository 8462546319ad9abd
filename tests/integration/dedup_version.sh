#!/bin/bash
# dedup_version.sh: content already stored makes no new record (the file
# is removed, the log says "duplicate"), also within one batch and also
# for the content of an older version; the same docno and issuer with new
# content is version 2 of the same record (same id), with its own commit;
# history, show by any version's sha256 prefix, text, and the vault
# (git log, records/<hh>/<hh>/<id>/{original.txt,text.txt,record.json} at
# each version's commit) agree; the same docno from another issuer is
# another record.  Finally two versions of one record arriving in the
# same batch must both be kept, each with its content in the vault.  A
# new version keeps the agency of the first (its folder), wherever it is
# dropped.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init dedup_version

start_daemon

step "a first document"
drop_doc a1.txt
sha1=$DOC_SHA
docno=$DOC_DOCNO
issuer=$DOC_ISSUER
wait_for "a1.txt to be registered" has_sha "$sha1"
id=$(field "$sha1" id)
assert_match "$id" '^D[0-9]{6}$' "id of a1.txt"
c1=$(field "$id" commit)
assert_eq "$(vault rev-parse main)" "$c1" "commit of a1.txt is the vault head"

step "the same content under another name: a duplicate"
# a1.txt itself is gone (claimed); its exact bytes are in the vault.
vault show "$c1:$(vault_dir "$id")/original.txt" >"$T_TMP/v1" ||
    fail "original.txt of $id at $c1"
assert_eq "$sha1" "$(sha_of "$T_TMP/v1")" "original.txt in the vault is a1.txt"
cp "$T_TMP/v1" "$STAGE/a2.txt"
mv "$STAGE/a2.txt" "$INTAKE/a2.txt"
wait_for "the duplicate to be logged" log_has "duplicate: a2.txt"
assert_log "has the content of $id" "duplicate log line names the record"
wait_for "a2.txt to leave intake/" gone "$INTAKE/a2.txt"
wait_for "spool/ to be empty" spool_empty
assert_eq 1 "$(rec_count)" "records after the duplicate"
assert_eq 1 "$(ctl versions "$id" --json | jq length)" "versions after the duplicate"
assert_eq 1 "$(vault rev-list --count main)" "commits after the duplicate"
assert_eq 0 "$(entries "$ROOT/quarantine")" "quarantine/ after the duplicate"

step "the same content twice at once"
stage_doc b1.txt
shab=$DOC_SHA
cp "$STAGE/b1.txt" "$STAGE/b2.txt"
mv "$STAGE/b1.txt" "$INTAKE/b1.txt"
mv "$STAGE/b2.txt" "$INTAKE/b2.txt"
wait_for "b1/b2 to be registered" has_sha "$shab"
wait_for "the second copy to be logged as a duplicate" log_has "duplicate: b"
wait_for "spool/ to be empty" spool_empty
assert_gone "$INTAKE/b1.txt" "b1.txt"
assert_gone "$INTAKE/b2.txt" "b2.txt"
assert_eq 2 "$(rec_count)" "records after b1/b2"
assert_eq 1 "$(ctl list --json | jq --arg s "$shab" '[.[] | select(.sha256 == $s)] | length')" \
    "records with b's content"

step "new content, same docno and issuer: version 2"
drop_doc a3.txt docno="$docno" issuer="$issuer" body="根据工作需要，对原通知第二条作如下修改。"
sha2=$DOC_SHA
wait_for "a3.txt to be registered" has_sha "$sha2"
assert_eq "$id" "$(field "$sha2" id)" "id of the new version"
assert_eq 2 "$(field "$id" version)" "version of $id"
assert_eq "$sha2" "$(field "$id" sha256)" "sha256 of $id (current version)"
assert_eq a3.txt "$(field "$id" source_name)" "source_name of $id"
assert_eq 2 "$(rec_count)" "records after version 2"
c2=$(field "$id" commit)
assert_ne "$c1" "$c2" "commit of version 2"
assert_eq "$(vault rev-parse main)" "$c2" "vault head after version 2"

step "versions"
ctl versions "$id" --json >"$T_TMP/hist" || fail "docketctl versions --json"
assert_eq 2 "$(jq length "$T_TMP/hist")" "versions in history"
assert_eq "1 2" "$(jq -r '[.[].version | tostring] | join(" ")' "$T_TMP/hist")" "version numbers"
assert_eq "$sha1 $sha2" "$(jq -r '[.[].sha256] | join(" ")' "$T_TMP/hist")" "sha256 per version"
assert_eq "$c1 $c2" "$(jq -r '[.[].commit] | join(" ")' "$T_TMP/hist")" "commit per version"
assert_eq "a1.txt a3.txt" "$(jq -r '[.[].source_name] | join(" ")' "$T_TMP/hist")" "source per version"
assert_eq 0 "$(jq '[.[] | select(.received_at == null)] | length' "$T_TMP/hist")" \
    "versions without received_at"
ctl versions "$id" >"$T_TMP/hist.txt" || fail "docketctl versions"
grep -q "^1 .*${c1:0:12}" "$T_TMP/hist.txt" || fail "history table lacks version 1 ($c1)"
grep -q "^2 .*${c2:0:12}" "$T_TMP/hist.txt" || fail "history table lacks version 2 ($c2)"
# Any version's sha256 names the record.
assert_eq "$id" "$(ctl show "${sha1:0:8}" --json | jq -r .id)" "show by v1's sha256 prefix"
assert_eq "$id" "$(ctl show "${sha2:0:12}" --json | jq -r .id)" "show by v2's sha256 prefix"
assert_eq "$id" "$(ctl show "$docno" --json | jq -r .id)" "show by docno"

step "the vault"
dir=$(vault_dir "$id")
vault log --format=%H main >"$T_TMP/log" || fail "git log"
grep -qx "$c1" "$T_TMP/log" || fail "git log lacks $c1"
grep -qx "$c2" "$T_TMP/log" || fail "git log lacks $c2"
assert_eq 3 "$(wc -l <"$T_TMP/log" | tr -d ' ')" "commits (a1, b, a3)"
assert_eq "$sha1" "$(vault show "$c1:$dir/original.txt" | sha256sum | cut -d' ' -f1)" \
    "original.txt at version 1's commit"
assert_eq "$sha2" "$(vault show "$c2:$dir/original.txt" | sha256sum | cut -d' ' -f1)" \
    "original.txt at version 2's commit"
vault show "$c2:$dir/text.txt" >"$T_TMP/text.vault" || fail "text.txt at $c2"
ctl text "$id" >"$T_TMP/text.ctl" || fail "docketctl text"
assert_same_file "$T_TMP/text.vault" "$T_TMP/text.ctl" "docketctl text vs text.txt"
assert_eq "$sha2" "$(sha_of "$T_TMP/text.ctl")" "extracted text of a UTF-8 .txt is the file"
vault show "$c2:$dir/record.json" >"$T_TMP/rec.vault" || fail "record.json at $c2"
jq -e 'has("commit") | not' "$T_TMP/rec.vault" >/dev/null ||
    fail "record.json in the vault carries a commit"
assert_eq "$(ctl show "$id" --json | jq -S -c 'del(.commit)')" \
    "$(jq -S -c . "$T_TMP/rec.vault")" "record.json vs show --json minus commit"
assert_eq 1 "$(vault show "$c1:$dir/record.json" | jq .version)" "record.json at $c1"
changed=$(vault diff --name-only "$c1" "$c2" -- "$dir" | sort | tr '\n' ' ')
assert_eq "$dir/events.jsonl $dir/original.txt $dir/record.json $dir/text.txt " "$changed" \
    "files of $id changed by version 2"
bad=$(vault ls-tree -r --name-only main |
    grep -vE '^records/[0-9a-f]{2,}/[0-9a-f]{2}/D[0-9]{6,}/(original\.txt|text\.txt|record\.json|events\.jsonl)$')
[ -z "$bad" ] || fail "unexpected paths in the vault: $bad"
for i in $(ctl list --json | jq -r '.[].id'); do
	d=$(vault_dir "$i")
	for f in original.txt text.txt record.json; do
		vault cat-file -e "main:$d/$f" 2>/dev/null || fail "main:$d/$f is missing"
	done
done

step "the content of version 1 again: a duplicate, not version 3"
cp "$T_TMP/v1" "$STAGE/a4.txt"
mv "$STAGE/a4.txt" "$INTAKE/a4.txt"
wait_for "a4.txt to be logged as a duplicate" log_has "duplicate: a4.txt"
wait_for "spool/ to be empty" spool_empty
assert_gone "$INTAKE/a4.txt" "a4.txt"
assert_eq 2 "$(field "$id" version)" "version of $id after a4.txt"

step "the same docno from another issuer: another record"
drop_doc c1.txt docno="$docno" issuer="淄博市统计局"
shac=$DOC_SHA
wait_for "c1.txt to be registered" has_sha "$shac"
idc=$(field "$shac" id)
assert_ne "$id" "$idc" "id of the other issuer's document"
assert_eq 1 "$(field "$idc" version)" "its version"
assert_eq 2 "$(field "$id" version)" "version of $id after c1.txt"
assert_eq 3 "$(rec_count)" "records"
assert_rc 1 "show by a docno two records share" ctl show "$docno"
assert_contains "$(cat "$T_TMP/err")" "$id" "the ambiguity message"
assert_contains "$(cat "$T_TMP/err")" "$idc" "the ambiguity message"
assert_fsck
stop_daemon

step "two versions of one record in the same batch"
# Put both into spool/ while docketd is stopped: the start-up batch takes
# them together, in name order.
make_doc "$STAGE/s1"
shas1=$DOC_SHA
make_doc "$STAGE/s2" docno="$DOC_DOCNO" issuer="$DOC_ISSUER" body="对上述事项补充通知如下。"
shas2=$DOC_SHA
ms=$(now_ms)
mv "$STAGE/s1" "$ROOT/spool/$(printf '%013d-%06d' "$ms" 1)##s1.txt"
mv "$STAGE/s2" "$ROOT/spool/$(printf '%013d-%06d' "$ms" 2)##s2.txt"
start_daemon
wait_for "spool/ to be stored after start-up" spool_empty
has_sha "$shas1" || fail "s1.txt (version 1) was not registered"
has_sha "$shas2" || fail "s2.txt (version 2) was not registered"
ids=$(field "$shas2" id)
assert_eq "$ids" "$(field "$shas1" id)" "the two versions' record"
assert_eq 2 "$(field "$ids" version)" "version of $ids"
ctl versions "$ids" --json >"$T_TMP/hist2" || fail "versions of $ids"
assert_eq "$shas1 $shas2" "$(jq -r '[.[].sha256] | join(" ")' "$T_TMP/hist2")" \
    "sha256 per version"
d=$(vault_dir "$ids")
for v in 1 2; do
	c=$(jq -r ".[$((v - 1))].commit" "$T_TMP/hist2")
	s=$(jq -r ".[$((v - 1))].sha256" "$T_TMP/hist2")
	assert_eq "$s" "$(vault show "$c:$d/original.txt" | sha256sum | cut -d' ' -f1)" \
	    "original.txt of version $v at its commit"
done

step "a new version keeps the agency it was registered with"
drop_doc g1.txt agency=财政局
shag1=$DOC_SHA
wait_for "g1.txt (in intake/财政局) to be registered" has_sha "$shag1"
idg=$(field "$shag1" id)
assert_eq 财政局 "$(field "$idg" agency)" "agency of version 1"
drop_doc g2.txt docno="$DOC_DOCNO" issuer="$DOC_ISSUER" body="补充规定如下。"
shag2=$DOC_SHA
wait_for "g2.txt (outside any folder) to be version 2" has_sha "$shag2"
assert_eq "$idg" "$(field "$shag2" id)" "g2.txt's record"
assert_eq 2 "$(field "$idg" version)" "version of $idg"
assert_eq 财政局 "$(field "$idg" agency)" "agency of version 2 (decided once)"
stop_daemon
assert_fsck
note "ok"
