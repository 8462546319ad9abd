#!/bin/bash
# annual.sh: the annual report (政府信息公开工作年度报告) end to end, on a
# small real year 2025 under faketime:
#  A. 2025-12-30: four documents of 财政局 (淄财规 normative ones, one
#     repealed in the year, an ordinary 通知), a 令 of 市政府, and the
#     year's applications — one carried in from 2024, answers granted and
#     denied, a review and a lawsuit, a fee paid, one still open at the end
#     of the year; one of 教育局;
#  B. 2026-01-20: the open one answered in 2026 (still carried out of
#     2025); `annual-report set` enters 许可/处罚/强制/收费 (with an event
#     in annual/2025/values.jsonl, never a record); `publish 2025`
#     commits annual/2025/SLUG.json and .md;
#  C. 2026-02-02: published again after a new value: first_published_on
#     stays, published_on moves, the new value is in;
#  - `annual-report 2025` reads with no daemon: md, json (--json is
#    --format json), html, --check and its exit status; the notes file's
#    three sections, and a marked placeholder naming the missing file;
#  - bad input is exit 2 with a Chinese message (a year out of range, a
#    bad key or value, a bad format, --check with --format, set with too
#    few arguments, publishing a year not over), an unknown agency exit
#    3, `set` and `publish` as a user who is not admin exit 4, a value
#    already set exit 5;
#  - [annual_report] errors in docketd.conf name the file and line.
# The counts of the tables come from the pure core (branch annual-core):
# while src/annual_stub.c stands in for it, the block "COUNTS" is
# skipped; it runs by itself once the stub is gone.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init annual
export TZ=UTC
SRCDIR=$(cd "$(dirname "${TESTLIB:-$0}")/../.." && pwd)

[ "$(id -u)" -eq 0 ] || skip "needs root (the admin on the socket)"
need iconv libc-bin

CONF=$T_TMP/docketd.conf
write_config "$CONF" \
    "[applications]" "fee_method = pages" "" \
    "[agency 财政局]" "issuers = 淄博市财政局" "" \
    "[agency 市政府]" "issuers = 淄博市人民政府" "" \
    "[agency 教育局]" "issuers = 淄博市教育局" "" \
    "[annual_report]" "notes_dir = notes" "normative = 淄财规" "" \
    "[publish]" "dir = site" "" \
    "[annual_report 市政府]" "due = 03-31" "regulation = 淄政令"
CTL_CONF=$CONF
NOTES=$ROOT/notes

# new_app RECEIVED TYPE [AGENCY]: a new application; its id on stdout.
new_app() {
	ctl apply new --received "$1" --channel in_person --applicant 申请人 \
	    --applicant-type "$2" --request "某项政府信息" \
	    --agency "${3:-财政局}" || fail "apply new $*"
}
answer() {
	local id=$1

	shift
	assert_rc 0 "apply answer $id $*" ctl apply answer "$id" "$@" \
	    --reason "依法答复"
}
slug_of() {
	# site_agency_slug without a code: "a" + 12 hex of sha256(name)
	printf 'a%s' "$(printf '%s' "$1" | sha256sum | cut -c1-12)"
}
SLUG=$(slug_of 财政局)

step "[annual_report] errors name the file and line"
bad_conf() {
	write_config "$T_TMP/bad.conf" "[annual_report]" "$1"
	assert_rc 1 "docketctl with '$1'" "$DOCKETCTL" -r "$ROOT" \
	    -c "$T_TMP/bad.conf" annual-report 2025
	assert_contains "$(cat "$T_TMP/err")" "bad.conf:2: $2" "'$1'"
}
bad_conf "agency_due = 02-29" "agency_due: '02-29' is not a day"
bad_conf "government_due = 3-31" "government_due: '3-31' is not a day"
bad_conf "regulation = ,," "regulation: ',,' is not a list of docno prefixes"
bad_conf "bogus = 1" "unknown key 'bogus' in [annual_report]"
write_config "$T_TMP/bad.conf" "[annual_report]" "normative = 淄财规" \
    "other = 淄财规"
assert_rc 1 "one prefix, two kinds" "$DOCKETCTL" -r "$ROOT" \
    -c "$T_TMP/bad.conf" annual-report 2025
assert_contains "$(cat "$T_TMP/err")" "bad.conf:3: other: '淄财规' is a normative prefix" \
    "one prefix, two kinds"
write_config "$T_TMP/bad.conf" "[annual_report 财政局]" "due = 13-01"
assert_rc 1 "[annual_report AGENCY] due" "$DOCKETCTL" -r "$ROOT" \
    -c "$T_TMP/bad.conf" annual-report 2025
assert_contains "$(cat "$T_TMP/err")" "bad.conf:2: due: '13-01' is not a day" \
    "[annual_report AGENCY] due"

step "A. the year 2025 (2025-12-30)"
FAKE_TIME="2025-12-30 09:00:00" start_daemon -c "$CONF"
drop_doc n1.txt agency=财政局 issuer=淄博市财政局 docno=淄财规〔2023〕1号 \
    date=2023-03-01 title=淄博市财政专项资金管理办法
wait_for "n1 registered" has_sha "$DOC_SHA"
N1=$(field "$DOC_SHA" id)
drop_doc n2.txt agency=财政局 issuer=淄博市财政局 docno=淄财规〔2024〕2号 \
    date=2024-05-10 title=淄博市政府采购管理办法
wait_for "n2 registered" has_sha "$DOC_SHA"
N2=$(field "$DOC_SHA" id)
drop_doc n3.txt agency=财政局 issuer=淄博市财政局 docno=淄财规〔2025〕3号 \
    date=2025-02-15 title=淄博市预算绩效管理办法
wait_for "n3 registered" has_sha "$DOC_SHA"
drop_doc f1.txt agency=财政局 issuer=淄博市财政局 docno=淄财发〔2025〕5号 \
    date=2025-03-05 title=关于做好2025年预算执行工作的通知
wait_for "f1 registered" has_sha "$DOC_SHA"
drop_doc r1.txt agency=市政府 issuer=淄博市人民政府 docno=淄政令〔2025〕1号 \
    date=2025-03-01 title=淄博市城市绿化管理办法
wait_for "r1 registered" has_sha "$DOC_SHA"
# 市政府's report of 2024 (a 令 of 2024 is registered only after it, in B)
assert_rc 0 "publish 2024 for 市政府" ctl annual-report publish 2024 --agency 市政府
# Nothing entered, no notes: published, and the one who publishes is told
# what the page shows as not entered and how to enter it.
assert_contains "$(cat "$T_TMP/err")" "警告：报告中有 7 项尚未填报" "publish 2024: the warning"
assert_contains "$(cat "$T_TMP/err")" "行政许可：docketctl annual-report set 2024 permits N --agency 市政府" \
    "publish 2024: how to enter permits"
assert_contains "$(cat "$T_TMP/err")" "行政事业性收费：docketctl annual-report set 2024 charges AMOUNT --agency 市政府" \
    "publish 2024: how to enter charges"
assert_eq 1 "$(grep -c "$NOTES/2024-市政府.md" "$T_TMP/err")" "publish 2024: the missing notes file, once"
assert_contains "$(cat "$T_TMP/err")" "总体情况、问题与改进、其他事项：" \
    "publish 2024: the sections the notes file is to hold"
assert_eq 7 "$(ctl annual-report publish 2024 --agency 市政府 --json | jq '.unfilled | length')" \
    "publish --json: unfilled"
assert_rc 0 "repeal N2 on 2025-08-01" ctl repeal "$N2" --on 2025-08-01 \
    --reason 已被替代

A02=$(new_app 2024-12-20 business)
answer "$A02" --on 2025-01-10 --type granted
A03=$(new_app 2025-01-06 person)
answer "$A03" --on 2025-01-20 --type granted
A05=$(new_app 2025-02-03 research)
answer "$A05" --on 2025-02-20 --type denied --sub state_secret
assert_rc 0 "appeal A05" ctl apply appeal "$A05" --kind review --on 2025-03-10
assert_rc 0 "appeal-result A05" ctl apply appeal-result "$A05" --result upheld
A08=$(new_app 2025-03-03 legal)
answer "$A08" --on 2025-03-20 --type denied --sub third_party
assert_rc 0 "appeal A08" ctl apply appeal "$A08" --kind lawsuit --on 2025-04-01
assert_rc 0 "appeal-result A08" ctl apply appeal-result "$A08" --result corrected
A24=$(new_app 2025-12-01 person)
assert_rc 0 "fee A24 (40 pages: ¥100)" ctl apply fee "$A24" --pages 40
assert_rc 0 "paid A24" ctl apply paid "$A24" --on 2025-12-30
answer "$A24" --on 2025-12-30 --type granted
A25=$(new_app 2025-12-22 person)
E01=$(new_app 2025-03-03 person 教育局)
answer "$E01" --on 2025-03-20 --type granted
stop_daemon

step "the notes"
mkdir -p "$NOTES"
cat >"$NOTES/2025-财政局.md" <<'EOF'
本年度财政局认真贯彻《政府信息公开条例》。

[问题与改进]
个别答复说理不够充分，下一年度加强培训。
[其他事项]
无。
EOF

# 教育局's, saved as GBK (Notepad): refused, never printed as mojibake
printf '%s\n' '教育局本年度工作情况。' | iconv -f UTF-8 -t GBK >"$NOTES/2025-教育局.md" ||
    fail "iconv"
# the government's: UTF-8 with a BOM, one section only
printf '\xef\xbb\xbf[其他事项]\n全市无其他事项。\n' >"$NOTES/2025.md"

step "B. 2026-01-20: the carried-out application answered, values, publish"
FAKE_TIME="2026-01-20 10:00:00" start_daemon -c "$CONF"
# a 令 of 2024 registered after 市政府's report of 2024: 2025's table 二
# check cannot add up, and the report names R0
drop_doc r0.txt agency=市政府 issuer=淄博市人民政府 docno=淄政令〔2024〕9号 \
    date=2024-06-01 title=淄博市城市供水管理办法
wait_for "r0 registered" has_sha "$DOC_SHA"
answer "$A25" --on 2026-01-12 --type granted
commits=$(vault rev-list --count main)
assert_rc 0 "set permits" ctl annual-report set 2025 permits 120 --agency 财政局
assert_contains "$(cat "$T_TMP/out")" "已记录 2025 年财政局行政许可（permits）：120（原为未填报）" \
    "set: what it says"
assert_rc 0 "set penalties" ctl annual-report set 2025 penalties 35 --agency 财政局
assert_rc 0 "set enforcement" ctl annual-report set 2025 enforcement 4 --agency 财政局
assert_rc 0 "set charges" ctl annual-report set 2025 charges 012.50 --agency 财政局
assert_rc 0 "set charges --json" ctl annual-report set 2025 charges 12.6 \
    --agency 财政局 --json
assert_eq '"12.5"' "$(jq -c .previous "$T_TMP/out")" "charges as entered: 12.5"
assert_eq '"12.6"' "$(jq -c .value "$T_TMP/out")" "charges now"
assert_rc 0 "set charges back" ctl annual-report set 2025 charges 12.5 --agency 财政局
assert_rc 0 "set the government's permits" ctl annual-report set 2025 permits 300
assert_eq $((commits + 7)) "$(vault rev-list --count main)" "one commit per value"
vault show main:annual/2025/values.jsonl >"$T_TMP/values" ||
    fail "annual/2025/values.jsonl is not in the vault"
assert_eq 7 "$(wc -l <"$T_TMP/values")" "seven lines in values.jsonl"
assert_eq '{"seq":1,"actor":"root","action":"set","year":2025,"agency":"财政局","key":"permits","value":120,"from":null}' \
    "$(sed -n 1p "$T_TMP/values" | jq -c 'del(.time)')" "the first event"
assert_eq null "$(sed -n 7p "$T_TMP/values" | jq -c .agency)" "the government's value"
vault ls-tree -r --name-only main | grep -E '^annual/2025/' | grep -vE '^annual/2025/values\.jsonl$' &&
    fail "set wrote something else under annual/"
assert_rc 5 "the same value again" ctl annual-report set 2025 permits 120 --agency 财政局
assert_contains "$(cat "$T_TMP/err")" "已是 120" "the same value: message"
assert_rc 0 "status after set: nothing indexed from annual/" ctl status --json
assert_eq 6 "$(jq -r .records "$T_TMP/out")" "records (no record from annual/)"

assert_rc 0 "publish 2025 财政局" ctl annual-report publish 2025 --agency 财政局
assert_contains "$(cat "$T_TMP/out")" "已发布 2025 年财政局政府信息公开工作年度报告：annual/2025/$SLUG.json、annual/2025/$SLUG.md（发布日期 2026-01-20）" \
    "publish: what it says"
vault show "main:annual/2025/$SLUG.json" >"$T_TMP/pub.json" ||
    fail "annual/2025/$SLUG.json is not in the vault"
vault show "main:annual/2025/$SLUG.md" >"$T_TMP/pub.md" ||
    fail "annual/2025/$SLUG.md is not in the vault"
assert_eq "2026-01-20 2026-01-20 2025 财政局 120 12.5" \
    "$(jq -r '"\(.published_on) \(.first_published_on) \(.year) \(.agency) \(.entered.permits) \(.entered.charges)"' "$T_TMP/pub.json")" \
    "the published snapshot"
assert_eq "$(vault log -1 --format=%s main)" "annual-report 2025 财政局 by root" \
    "the commit message"
if grep -q site_annual_pages "$SRCDIR/src/site_files.c"; then
	# SITE: the published report on the site (branch annual-site)
	step "SITE: the report of 财政局 on the site"
	wait_for "site/annual/index.html" test -f "$ROOT/site/annual/index.html"
	wait_for "the index lists 2025" grep -q "2025/$SLUG.html" \
	    "$ROOT/site/annual/index.html"
	PAGE=$ROOT/site/annual/2025/$SLUG.html
	[ -f "$PAGE" ] || fail "no $PAGE"
	assert_contains "$(cat "$PAGE")" 三、收到和处理政府信息公开申请情况 "the page"
	assert_contains "$(cat "$PAGE")" "<svg" "the page: a chart"
	grep -q "<script" "$PAGE" && fail "the page has a script"
	[ -f "$ROOT/site/annual/2025/$SLUG.md" ] || fail "no .md beside the page"
	grep -q 'annual/index.html' "$ROOT/site/index.html" ||
	    fail "the home page does not link annual/index.html"
	# The public pages never show the commands that enter a value or
	# where the notes files lie on the server (市政府's 2024 report has
	# neither values nor notes).
	wait_for "2024 on the site" grep -q "2024/" "$ROOT/site/annual/index.html"
	! grep -rl "docketctl\|$NOTES\|本部分由" "$ROOT/site/annual" ||
	    fail "a public annual page shows a command or a server path: $(grep -rl "docketctl\|$NOTES\|本部分由" "$ROOT/site/annual")"
	grep -rq "未填报" "$ROOT/site/annual" || fail "no 未填报 on 市政府's 2024 page"
else
	note "SITE skipped: no site_annual_pages in src/site_files.c (branch annual-site)"
fi
assert_rc 2 "publishing a year not over" ctl annual-report publish 2026 --agency 财政局
assert_contains "$(cat "$T_TMP/err")" "2026 年尚未结束" "publish 2026: message"
stop_daemon

step "C. 2026-02-02: published again, first_published_on kept"
FAKE_TIME="2026-02-02 10:00:00" start_daemon -c "$CONF"
assert_rc 0 "set permits 121" ctl annual-report set 2025 permits 121 --agency 财政局
assert_contains "$(cat "$T_TMP/out")" "注意：2025 年报告已于 2026-01-20 发布" \
    "set after publishing: the published report is now stale"
assert_contains "$(cat "$T_TMP/out")" "docketctl annual-report publish 2025 --agency 财政局" \
    "set after publishing: how to publish again"
assert_rc 0 "publish again --json" ctl annual-report publish 2025 --agency 财政局 --json
assert_eq "2026-02-02 2026-01-20" \
    "$(jq -r '"\(.published_on) \(.first_published_on)"' "$T_TMP/out")" "the reply"
vault show "main:annual/2025/$SLUG.json" >"$T_TMP/pub.json" || fail "the snapshot"
assert_eq "2026-02-02 2026-01-20 121" \
    "$(jq -r '"\(.published_on) \(.first_published_on) \(.entered.permits)"' "$T_TMP/pub.json")" \
    "the snapshot published again"
assert_rc 0 "publish the whole government" ctl annual-report publish 2025
vault show main:annual/2025/_all.json >/dev/null || fail "annual/2025/_all.json"

step "an agency with applications only (no document, no [agency] section)"
T01=$(new_app 2026-01-05 person 交通局)
assert_rc 0 "annual-report 2026 --agency 交通局" \
    ctl annual-report 2026 --agency 交通局 --json
assert_eq 1 "$(jq -r .applications.new.total "$T_TMP/out")" "交通局: its application"
assert_rc 0 "set for 交通局" ctl annual-report set 2025 permits 3 --agency 交通局
assert_rc 3 "an agency nobody knows" ctl annual-report 2026 --agency 不存在局

step "not admin: set and publish refused"
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
if command -v setpriv >/dev/null; then
	chmod o+x "$T_TMP" "$ROOT" || fail "chmod o+x"
	commits=$(vault rev-list --count main)
	assert_rc 4 "set as uid 65534" $NOBODY "$DOCKETCTL" -r "$ROOT" \
	    annual-report set 2025 permits 1 --agency 财政局
	assert_contains "$(cat "$T_TMP/err")" "权限不足" "set as uid 65534"
	assert_rc 4 "publish as uid 65534" $NOBODY "$DOCKETCTL" -r "$ROOT" \
	    annual-report publish 2025
	assert_eq "$commits" "$(vault rev-list --count main)" "nothing committed"
else
	note "no setpriv: not checked"
fi
stop_daemon

step "reading with no daemon"
assert_rc 0 "annual-report 2025 --agency 财政局" ctl annual-report 2025 --agency 财政局
MD=$(cat "$T_TMP/out")
assert_contains "$MD" "政府信息公开工作年度报告" "md: the title"
for h in 一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 \
    四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 \
    六、其他需要报告的事项; do
	assert_contains "$MD" "$h" "md: section $h"
done
assert_contains "$MD" "本年度财政局认真贯彻《政府信息公开条例》。" "md: the notes of 一"
assert_contains "$MD" "个别答复说理不够充分" "md: the notes of 五"
assert_rc 0 "annual-report 2025 --agency 财政局 --json" \
    ctl annual-report 2025 --agency 财政局 --json
cp "$T_TMP/out" "$T_TMP/cz.json"
assert_rc 0 "--format json" ctl annual-report 2025 --agency 财政局 --format json
cmp -s "$T_TMP/out" "$T_TMP/cz.json" || fail "--json and --format json differ"
assert_eq '2025 "财政局" 2025-12-31' \
    "$(jq -r '"\(.year) \(.agency|tojson) \(.as_of)"' "$T_TMP/cz.json")" "json: year, agency, as_of"
assert_eq '{"permits":121,"penalties":35,"enforcement":4,"charges":"12.5"}' \
    "$(jq -c .entered "$T_TMP/cz.json")" "json: the values entered"
assert_eq "true []" "$(jq -r '"\(.notes.found) \(.notes.placeholders|tojson)"' "$T_TMP/cz.json")" \
    "json: the notes file found"
assert_eq "无。" "$(jq -r .notes.other "$T_TMP/cz.json")" "json: notes 其他事项"
for k in documents entered applications appeals fees problems last_year checks notes; do
	jq -e --arg k "$k" 'has($k)' "$T_TMP/cz.json" >/dev/null ||
	    fail "json: no key $k"
done
assert_rc 0 "the 市政府 report" ctl annual-report 2025 --agency 市政府 --json
assert_eq "false" "$(jq -r .notes.found "$T_TMP/out")" "市政府: no notes file"
assert_eq "（本部分由政府信息公开工作机构填写：$NOTES/2025-市政府.md）" \
    "$(jq -r .notes.overview "$T_TMP/out")" "市政府: the placeholder names the file"
assert_eq '{"permits":null,"penalties":null,"enforcement":null,"charges":null}' \
    "$(jq -c .entered "$T_TMP/out")" "市政府: nothing entered"
assert_rc 0 "the whole government" ctl annual-report 2025 --json
assert_eq "null 300" "$(jq -r '"\(.agency) \(.entered.permits)"' "$T_TMP/out")" \
    "the government: its own value"
assert_eq '全市无其他事项。 ["overview","problems"]' \
    "$(jq -r '"\(.notes.other) \(.notes.placeholders|tojson)"' "$T_TMP/out")" \
    "the government: notes with a BOM, one section"
assert_contains "$(jq -r .notes.problems "$T_TMP/out")" "$NOTES/2025.md 中的 [问题与改进]" \
    "the government: the missing section's placeholder"
assert_rc 0 "教育局 (notes in GBK)" ctl annual-report 2025 --agency 教育局 --json
assert_eq "false 不是 UTF-8 编码的文本，请另存为 UTF-8" \
    "$(jq -r '"\(.notes.found) \(.notes.error)"' "$T_TMP/out")" "教育局: GBK notes refused"
assert_contains "$(jq -r .notes.overview "$T_TMP/out")" "$NOTES/2025-教育局.md；该文件不是 UTF-8" \
    "教育局: the placeholder says why"
assert_rc 0 "--format html" ctl annual-report 2025 --agency 财政局 --format html
assert_contains "$(cat "$T_TMP/out")" "<html" "html: a page"
assert_contains "$(cat "$T_TMP/out")" "$SLUG.md" "html: links the Markdown"
grep -q "<script" "$T_TMP/out" && fail "html: a script"
assert_rc 0 "--check" ctl annual-report 2025 --agency 财政局 --check
assert_contains "$(cat "$T_TMP/out")" "勾稽关系检查：通过" "--check: the verdict"
assert_rc 0 "--check --json" ctl annual-report 2025 --agency 财政局 --check --json
assert_eq true "$(jq -r .ok "$T_TMP/out")" "--check --json: ok"
assert_eq 6 "$(jq -r '.checks | length' "$T_TMP/out")" "--check --json: six checks"
assert_rc 0 "this year, so far" ctl annual-report "$(date +%Y)"

step "bad input"
bad() {
	local want=$1 what=$2

	shift 2
	assert_rc "$want" "$what" ctl annual-report "$@"
	[ -s "$T_TMP/out" ] && fail "$what: output on stdout"
	LC_ALL=C grep -q $'[\x80-\xff]' "$T_TMP/err" ||
	    fail "$what: no Chinese in '$(cat "$T_TMP/err")'"
}
bad 2 "a year before the 条例" 2007
bad 2 "a year to come" $(( $(date +%Y) + 1 ))
bad 2 "not a year" 25
bad 2 "not a year, text" 二〇二五
assert_contains "$(cat "$T_TMP/err")" "不是年度" "not a year: message"
bad 2 "a bad format" 2025 --format pdf
assert_contains "$(cat "$T_TMP/err")" "应为 md、html 或 json" "a bad format: message"
bad 2 "--json with --format md" 2025 --json --format md
bad 2 "--check with --format" 2025 --check --format md
bad 2 "an extra argument" 2025 extra
bad 2 "a bad key" set 2025 permit 1 --agency 财政局
assert_contains "$(cat "$T_TMP/err")" "没有填报项“permit”" "a bad key: message"
assert_rc 2 "a negative count (an option to getopt)" ctl annual-report set 2025 permits -1
bad 2 "a negative count" set 2025 permits --agency 财政局 -- -1
assert_contains "$(cat "$T_TMP/err")" "应为不小于 0 的整数" "a negative count: message"
bad 2 "a fraction of a permit" set 2025 penalties 1.5 --agency 财政局
bad 2 "five decimals" set 2025 charges 1.23456 --agency 财政局
assert_contains "$(cat "$T_TMP/err")" "最多 4 位小数" "five decimals: message"
bad 2 "set without a value" set 2025 permits
bad 2 "set a year to come" set $(( $(date +%Y) + 1 )) permits 1
bad 2 "set --format" set 2025 permits 1 --format md
bad 2 "publish without a year" publish
assert_rc 2 "an unknown option" ctl annual-report 2025 --as-of 2025-12-31
bad 3 "an unknown agency" 2025 --agency 不存在局
assert_contains "$(cat "$T_TMP/err")" "没有机关“不存在局”" "an unknown agency: message"
assert_contains "$(cat "$T_TMP/err")" "财政局" "an unknown agency: the known ones"
bad 3 "set for an unknown agency" set 2025 permits 1 --agency 不存在局

if [ -f "$SRCDIR/src/annual_stub.c" ]; then
	note "COUNTS skipped: src/annual_stub.c stands in for the core (branch annual-core)"
else
	step "COUNTS: the tables of 2025 (财政局 by hand)"
	J=$T_TMP/cz.json
	# documents: N3 issued, N2 repealed on 2025-08-01, N1 and N3 in force;
	# 淄政令 is 市政府's
	assert_eq '{"issued":1,"repealed":1,"in_force":2}' \
	    "$(jq -c '.documents.normative' "$J")" "normative"
	assert_eq '{"issued":0,"repealed":0,"in_force":0}' \
	    "$(jq -c '.documents.regulation' "$J")" "regulation"
	# columns person business research nonprofit legal other total
	row() { jq -c "[$1 | .person, .business, .research, .nonprofit, .legal, .other, .total]" "$J"; }
	assert_eq "[3,0,1,0,1,0,5]" "$(row .applications.new)" "一 new"
	assert_eq "[0,1,0,0,0,0,1]" "$(row .applications.carried_in)" "二 carried in (A02)"
	assert_eq "[2,1,0,0,0,0,3]" "$(row .applications.results.granted)" "（一） granted"
	assert_eq "[0,0,1,0,0,0,1]" "$(row .applications.results.denied.state_secret)" "（三）1"
	assert_eq "[0,0,0,0,1,0,1]" "$(row .applications.results.denied.third_party)" "（三）4"
	assert_eq "[2,1,1,0,1,0,5]" "$(row .applications.results.total)" "（七） total"
	assert_eq "[1,0,0,0,0,0,1]" "$(row .applications.carried_out)" "四 carried out (A25)"
	assert_eq '{"upheld":1,"corrected":0,"other":0,"pending":0,"total":1}' \
	    "$(jq -c .appeals.review "$J")" "review"
	assert_eq '{"upheld":0,"corrected":1,"other":0,"pending":0,"total":1}' \
	    "$(jq -c .appeals.lawsuit_direct "$J")" "lawsuit_direct"
	assert_eq '{"notices":1,"amount":100,"paid":1,"amount_paid":100}' \
	    "$(jq -c .fees "$J")" "fees"
	assert_eq true "$(jq -r '[.checks[].ok] | all' "$J")" "checks pass"
	assert_rc 0 "市政府" ctl annual-report 2025 --agency 市政府 --json
	assert_eq '{"issued":1,"repealed":0,"in_force":2}' \
	    "$(jq -c '.documents.regulation' "$T_TMP/out")" "市政府 regulation (淄政令)"
	assert_eq "published 0" \
	    "$(jq -r '"\(.last_year.source) \(.last_year.in_force.regulation)"' "$T_TMP/out")" \
	    "市政府: last year as published"
	jq -r '.explain[] | .docno' "$T_TMP/out" | grep -qF 淄政令〔2024〕9号 ||
	    fail "市政府: explain does not name R0: $(jq -c .explain "$T_TMP/out")"
	assert_rc 1 "--check 市政府 (table2_regulation fails)" \
	    ctl annual-report 2025 --agency 市政府 --check
	assert_contains "$(cat "$T_TMP/out")" "勾稽关系检查：未通过" "--check 市政府"
	assert_contains "$(cat "$T_TMP/out")" "未通过  表二：规章：" "--check 市政府: the check"
	assert_contains "$(cat "$T_TMP/out")" "淄政令〔2024〕9号" "--check 市政府: names R0"
	assert_rc 1 "--check --json 市政府" ctl annual-report 2025 --agency 市政府 --check --json
	assert_eq "false table2_regulation" \
	    "$(jq -r '"\(.ok) \([.checks[] | select(.ok | not) | .name] | join(" "))"' "$T_TMP/out")" \
	    "--check --json 市政府"
	assert_rc 0 "md 市政府" ctl annual-report 2025 --agency 市政府
	assert_contains "$(cat "$T_TMP/out")" "【勾稽关系检查未通过】" "md 市政府: the warning"
	assert_rc 0 "the whole government" ctl annual-report 2025 --json
	assert_eq 6 "$(jq -r .applications.new.total "$T_TMP/out")" "the government: new (E01 too)"
	vault show main:annual/2025/_all.json >/dev/null || fail "_all.json"
fi
note ok
