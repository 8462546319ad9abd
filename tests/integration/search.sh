#!/bin/bash
# search.sh: `docketctl search` over the full-text index docketd keeps in
# db/search.sqlite.  A two-character word (预算, 征收), a phrase (and not
# the same characters in another order), a docno typed with other
# brackets, ranking (the title weighs more), the filters, --limit and
# --json; a new version replaces the text it finds, a decision moves the
# filters; the index file is no wider than data.mdb; a user who may not
# read the vault may not search; a deleted or damaged index, or one of an
# older schema, is rebuilt at start, and after reindex; one damaged inside
# is rebuilt when docketd meets the damage; verify checks it.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init search

IDX=$ROOT/db/search.sqlite

# hits QUERY [OPTIONS]: the ids found, one line.
hits() {
	ctl search "$@" --json | jq -r '[.hits[].id] | join(" ")'
}

# indexed N: the index holds N documents (docketd caught up).
indexed() {
	[ "$(ctl search 号 --json 2>/dev/null | jq -r .indexed)" = "$1" ]
}

start_daemon

step "documents"
drop_doc a.txt agency=财政局 issuer=淄博市财政局 docno=淄财发〔2024〕1号 \
    title=关于加强预算管理的通知 date=2024-03-01 \
    body=各单位要严格执行预算管理制度，规范资金使用。
wait_for "a.txt" has_sha "$DOC_SHA"
A=$(field "$DOC_SHA" id)
drop_doc b.txt agency=自然资源和规划局 issuer=淄博市自然资源和规划局 \
    docno=淄自然资规发〔2023〕11号 title=关于土地征收补偿安置的意见 \
    date=2023-05-02 marking=（此件不予公开） \
    body=依法做好土地征收补偿工作，保障被征地农民合法权益。部门预算另行下达。
wait_for "b.txt" has_sha "$DOC_SHA"
B=$(field "$DOC_SHA" id)
drop_doc c.txt agency=教育局 issuer=淄博市教育局 docno=淄教发〔2024〕12号 \
    title=关于春季学校安全检查的通知 date=2024-04-01 \
    body=做好安置补偿工作，预，算分开写。
wait_for "c.txt" has_sha "$DOC_SHA"
C=$(field "$DOC_SHA" id)
wait_for "the index to hold 3 documents" indexed 3

step "the index file: mode and group of data.mdb, nothing for others"
[ -f "$IDX" ] || fail "no $IDX"
want=$(printf '%o' $(( 0$(stat -c %a "$ROOT/db/data.mdb") & 0660 )))
assert_eq "$want" "$(stat -c %a "$IDX")" "mode of search.sqlite"
assert_eq "$(stat -c %g "$ROOT/db/data.mdb")" "$(stat -c %g "$IDX")" "group of search.sqlite"

step "two-character words, ranked"
assert_eq "$A $B" "$(hits 预算)" "预算: the title's first, 预，算 is not the word"
assert_eq "$B" "$(hits 征收)" "征收"
assert_eq "$B" "$(hits 征收 补偿)" "both words"
assert_eq "" "$(hits 征收 学校)" "words that never occur together"

step "phrases"
assert_eq "$B" "$(hits '"征收补偿"')" "a quoted phrase"
assert_eq "$B" "$(hits 补偿安置)" "a phrase in the title"
assert_eq "$C" "$(hits 安置补偿)" "the other order is another phrase"
assert_eq "$A" "$(hits 预算管理制度)" "a phrase without quotes"

step "docnos in any bracket form"
assert_eq "$A" "$(hits 淄财发〔2024〕1号)" "the docno as written"
assert_eq "$A" "$(hits '淄财发[2024]1号')" "with ASCII brackets"
assert_eq "$A" "$(hits '淄财发（2024）1号')" "with full-width parentheses"
assert_eq "" "$(hits 淄财发〔2024〕11号)" "11号 is not 1号"
assert_eq "$B" "$(hits 淄自然资规发〔2023〕11号)" "a long issuer code"

step "filters, --limit, --json"
assert_eq "$B" "$(hits 预算 --disclosure withheld)" "--disclosure"
assert_eq "$A" "$(hits 预算 --agency 财政局)" "--agency"
assert_eq "$B" "$(hits 预算 --year 2023)" "--year (signed)"
assert_eq "$A $B" "$(hits 预算 --status in_force)" "--status"
assert_eq "$A" "$(hits 预算 --limit 1)" "--limit 1: the best"
out=$(ctl search 征收 --json)
assert_eq '["agency","disclosure","docno","id","score","snippet","status","title"]' \
    "$(jq -c '.hits[0] | keys' <<<"$out")" "--json keys of a hit"
assert_eq "淄自然资规发〔2023〕11号" "$(jq -r '.hits[0].docno' <<<"$out")" "docno"
assert_contains "$(jq -r '.hits[0].snippet' <<<"$out")" "征收补偿" "snippet"
assert_rc 0 "human output" ctl search 征收
assert_contains "$(cat "$T_TMP/out")" "$B" "human output names the id"
assert_contains "$(cat "$T_TMP/out")" "关于土地征收补偿安置的意见" "and the title"
assert_contains "$(cat "$T_TMP/out")" "共 1 条" "and the count"
assert_contains "$(cat "$T_TMP/out")" "关于土地征收补偿安置的意见  （不予公开）" \
    "and that it is withheld"
assert_rc 2 "a query of punctuation" ctl search '〔〕，'
assert_rc 2 "a bad --year" ctl search 预算 --year 24
assert_rc 2 "a bad --disclosure" ctl search 预算 --disclosure secret
assert_rc 2 "a bad --limit" ctl search 预算 --limit 0
assert_rc 3 "an unknown agency" ctl search 预算 --agency 无此局

step "a new version replaces the text; a decision moves the filters"
drop_doc a2.txt agency=财政局 issuer=淄博市财政局 docno=淄财发〔2024〕1号 \
    title=关于加强预算管理的通知 date=2024-03-01 \
    body=各单位要严格执行绩效评价制度。
wait_for "version 2 of $A" eval '[ "$(field "$A" version)" = 2 ]'
wait_for "the index to follow version 2" eval '[ "$(hits 绩效评价)" = "$A" ]'
assert_eq "" "$(hits 预算管理制度)" "the old text is gone"
assert_eq "$B" "$(hits 部门预算)" "the other documents stay"
ctl mark "$C" withheld --reason 测试 >/dev/null || fail "mark $C"
wait_for "the index to follow the mark" eval '[ "$(hits 安置补偿 --disclosure withheld)" = "$C" ]'

step "verify checks the index"
assert_rc 0 "verify" ctl verify
assert_contains "$(cat "$T_TMP/out")" "全文索引" "verify names the index"

step "who may search: whoever may read the text"
if command -v setpriv >/dev/null && command -v useradd >/dev/null &&
    U=dsr$$ && useradd -M -N -s /bin/false "$U" 2>/dev/null; then
	trap 'rc=$?; userdel "$U" 2>/dev/null; (exit $rc); t_cleanup' EXIT
	AS="setpriv --reuid=$U --regid=$(id -g "$U") --clear-groups"
	chmod o+x "$T_TMP" "$ROOT"
	if $AS test -x "$ROOT"; then
		assert_rc 4 "search as $U (no access to db/)" \
		    $AS "$DOCKETCTL" -r "$ROOT" search 预算
		# LMDB readable, the vault not: text is refused, so is search
		chmod o+rx "$ROOT/db"
		chmod o+r "$ROOT/db/data.mdb"
		chmod o+rw "$ROOT/db/lock.mdb"
		chmod o-rwx "$ROOT/vault.git"
		assert_rc 4 "search as $U (no access to the vault)" \
		    $AS "$DOCKETCTL" -r "$ROOT" search 预算
		assert_contains "$(cat "$T_TMP/err")" "权限不足" "message"
		chmod o-rx "$ROOT/db"
		chmod o-r "$ROOT/db/data.mdb"
		chmod o-rw "$ROOT/db/lock.mdb"
	else
		note "$U cannot reach $ROOT: not checked"
	fi
else
	note "no setpriv/useradd: the other user is not checked"
fi

step "a deleted index is built again at start"
stop_daemon
rm -f "$IDX"
assert_rc 1 "search without an index" ctl search 预算
assert_contains "$(cat "$T_TMP/err")" "全文索引" "says the index is missing"
start_daemon
wait_for "the index to be rebuilt" indexed 3
assert_eq "$A" "$(hits 绩效评价)" "after the rebuild"

step "the worker reads packs larger than a pack window"
# libgit2 keeps open packs in one cache for the process; the worker is a
# forked child that closed the parent's descriptors, so it must not use
# the parent's packs (vault_opts_child).  With 16 KB windows a 150 KB
# text spans several, and the parent has mapped none of its blob's.
stop_daemon
export DOCKET_TEST_MWINDOW=16384
start_daemon
make_doc "$T_TMP/big.txt" issuer=淄博市财政局 \
    docno=淄财发〔2024〕9号 title=关于年度绩效考核的通知 date=2024-06-01 \
    body=开展年度绩效考核工作。
head -c 150000 /dev/urandom | base64 -w 76 >>"$T_TMP/big.txt"
mkdir -p "$INTAKE/财政局"
mv "$T_TMP/big.txt" "$INTAKE/财政局/big.txt"
wait_for "the index to hold 4 documents" indexed 4
D=$(ctl search 考核 --json | jq -r '.hits[0].id')
stop_daemon
rm -f "$IDX"
start_daemon
wait_for "the index to be built by the worker" indexed 4
assert_eq "$D" "$(hits 考核)" "the large text, read by the worker"
log_has "failed to mmap" && fail "the worker could not map a pack window"
log_has "incorrect header" && fail "the worker read another file"
stop_daemon
unset DOCKET_TEST_MWINDOW
start_daemon

step "a vault its group may not read: the index is the owner's alone"
stop_daemon
vmode=$(stat -c %a "$ROOT/vault.git")
chmod g-rwx "$ROOT/vault.git"
rm -f "$IDX"
start_daemon
wait_for "the index to be rebuilt" indexed 4
want=$(printf '%o' $(( 0$(stat -c %a "$ROOT/db/data.mdb") & 0600 )))
assert_eq "$want" "$(stat -c %a "$IDX")" "mode of search.sqlite"
chmod "$vmode" "$ROOT/vault.git"

step "a damaged index is replaced"
stop_daemon
head -c 8192 /dev/urandom >"$IDX"
start_daemon
wait_for "the index to be rebuilt" indexed 4
assert_eq "$B" "$(hits 征收)" "after replacing a damaged index"
log_has "search index" || fail "the log does not say the index was rebuilt"

step "an index an older docketd wrote (another schema) is built again"
stop_daemon
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE meta SET v = ? WHERE k = ?", ("3", "schema"))
c.commit()' "$IDX" || fail "setting the index's schema to 3"
# docketd down: search and verify say what it is, not "missing" or "damaged"
run_rc ctl search 预算
[ "$RC" != 0 ] || fail "search on an index of schema 3 succeeded"
grep -q "旧版" "$T_TMP/err" || fail "search on schema 3: $(cat "$T_TMP/err")"
run_rc ctl verify
grep -q "旧版" "$T_TMP/out" || fail "verify on schema 3: $(cat "$T_TMP/out")"
grep -q "已损坏" "$T_TMP/out" && fail "verify calls an index of schema 3 damaged"
start_daemon
wait_for "the index to be rebuilt" indexed 4
assert_eq "$A $B" "$(hits 预算)" "after an index of schema 3"
log_has "not a search index of schema" ||
    fail "the log does not say why the index was built again"

step "reindex builds it again (twice: the old directory goes each time)"
for i in 1 2; do
	ctl reindex >/dev/null || fail "reindex $i"
	wait_for "the index after reindex $i" indexed 4
	assert_eq "$A $B" "$(hits 预算)" "after reindex $i"
done
[ ! -e "$ROOT/db.old" ] || fail "db.old left behind"

step "an index damaged inside (a page the open does not read: the texts') is built again"
stop_daemon
python3 - "$IDX" <<'EOF2' || fail "damaging the index"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
ps = c.execute("PRAGMA page_size").fetchone()[0]
root = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'doc_content'").fetchone()[0]
c.close()
with open(sys.argv[1], "r+b") as f:
    f.seek((root - 1) * ps)
    f.write(b"\xff" * ps)
EOF2
run_rc ctl search 预算
[ "$RC" != 0 ] || fail "search on a damaged index succeeded"
grep -q "已损坏" "$T_TMP/err" || fail "search on a damaged index: $(cat "$T_TMP/err")"
start_daemon
drop_doc e.txt agency=教育局 issuer=淄博市教育局 docno=淄教发〔2024〕13号 \
    title=关于校车安全的通知 date=2024-05-01 body=校车每日检查。
wait_for "e.txt" has_sha "$DOC_SHA"
wait_for "the damaged index to be built again" indexed 5
assert_eq "$A $B" "$(hits 预算)" "after a damaged index"
assert_eq "$(field "$DOC_SHA" id)" "$(hits 校车)" "the new document"
log_has "damaged; building a new one" ||
    fail "the log does not say the damaged index was built again"
assert_daemon_alive
note ok
