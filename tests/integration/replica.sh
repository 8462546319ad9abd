#!/bin/bash
# replica.sh: a replica is a clone of the vault plus `docketctl reindex`,
# and it answers like the origin.
#  - the origin registers documents of every disclosure (public,
#    依申请公开, 不予公开, undetermined), a new version, a mark and a repeal
#    (events beyond registration);
#  - `git clone --bare` of the origin's vault.git into a fresh root, a
#    docketd there, `docketctl -r REPLICA reindex`: `list --json`, `list
#    --all --json`, every `show --json` and `history --json` are
#    byte-identical to the origin's;
#  - the same from a clone of a refs = all mirror that docketd pushed
#    (the off-site backup is a working archive, not just bytes).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init replica

[ "$(id -u)" -eq 0 ] || skip "needs root (the admin on docketd's socket)"

ORIGIN=$ROOT
git init -q --bare "$T_TMP/backup.git" || fail "git init backup.git"
CONF=$T_TMP/docketd.conf
write_config "$CONF" "[mirror backup]" "url = file://$T_TMP/backup.git" "refs = all"
CTL_CONF=$CONF
start_daemon -c "$CONF"

step "the origin: documents of every disclosure, a version, a mark, a repeal"
drop_doc a.txt docno="淄教发〔2024〕1号" title="关于做好2024年春季学校安全检查工作的通知"
drop_doc b.txt marking="（此件依申请公开）"
drop_doc c.txt marking="（此件不予公开）"
drop_doc d.txt marking=none
drop_doc e.txt docno="淄财发〔2024〕9号" date=2024-05-06
wait_for "5 documents registered" records_are 5
# a new version of 淄教发〔2024〕1号 (same docno and issuer, new text)
drop_doc a2.txt docno="淄教发〔2024〕1号" title="关于做好2024年春季学校安全检查工作的通知" \
    issuer="淄博市教育局" body="根据新的部署，现将修订后的有关事项通知如下。"
wait_for "the new version" sh -c "[ \"\$($DOCKETCTL -r '$ROOT' -c '$CONF' show '淄教发〔2024〕1号' --json | jq .version)\" = 2 ]"
id_d=$(ctl list --all --json | jq -r '.[] | select(.disclosure == "undetermined") | .id' | head -1)
[ -n "$id_d" ] || fail "no undetermined document"
ctl mark "$id_d" on_request --reason "涉及第三方合法权益" >/dev/null || fail "mark $id_d"
ctl repeal "淄财发〔2024〕9号" --reason "已被新规定替代" >/dev/null || fail "repeal"
for i in 1 2 3; do
	drop_doc "f$i.txt"
done
wait_for "8 documents" records_are 8

snapshot() {	# snapshot DIR: what a reader of ROOT sees, one file each
	local d=$1 id

	mkdir -p "$d"
	ctl list --json >"$d/list" || fail "list --json ($ROOT)"
	ctl list --all --json >"$d/list-all" || fail "list --all --json ($ROOT)"
	for id in $(jq -r '.[].id' "$d/list-all"); do
		ctl show "$id" --json >"$d/show-$id" || fail "show $id ($ROOT)"
		ctl history "$id" --json >"$d/history-$id" || fail "history $id ($ROOT)"
	done
}
snapshot "$T_TMP/origin"
assert_eq 8 "$(jq length "$T_TMP/origin/list-all")" "records at the origin"
[ "$(jq '[.[] | .disclosure] | unique | length' "$T_TMP/origin/list-all")" -ge 3 ] ||
    fail "the origin needs several disclosures: $(jq -c '[.[] | .disclosure]' "$T_TMP/origin/list-all")"
main=$(vault rev-parse main)
mirror_at_main() {
	[ "$(git --git-dir="$T_TMP/backup.git" rev-parse -q --verify main)" = "$main" ]
}
wait_for "the backup mirror at the origin's main" mirror_at_main
stop_daemon

# replica NAME SOURCE: clone SOURCE (bare) into a fresh root, run docketd
# there, reindex, and compare what it answers with the origin.
replica() {
	local name=$1 src=$2 f

	step "replica $name: git clone --bare, docketd, docketctl reindex"
	new_root "$name"
	mkdir -p "$ROOT"
	git clone -q --bare "$src" "$ROOT/vault.git" || fail "git clone --bare $src"
	CTL_CONF=
	start_daemon
	ctl reindex --json >"$T_TMP/reindex.json" 2>"$T_TMP/err" ||
	    fail "docketctl -r $ROOT reindex: $(cat "$T_TMP/err")"
	assert_eq 8 "$(jq .indexed "$T_TMP/reindex.json")" "reindex on replica $name: records rebuilt"
	snapshot "$T_TMP/$name.out"
	for f in "$T_TMP"/origin/*; do
		assert_same_file "$f" "$T_TMP/$name.out/${f##*/}" \
		    "replica $name: ${f##*/} equals the origin's"
	done
	assert_eq "$main" "$(vault rev-parse main)" "replica $name: main"
	assert_fsck
	stop_daemon
	note "replica $name: $(ls "$T_TMP/origin" | wc -l) answers identical"
}
replica clone "$ORIGIN/vault.git"
replica mirror "$T_TMP/backup.git"
