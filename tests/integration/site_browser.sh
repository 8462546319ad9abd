#!/bin/bash
# site_browser.sh: the static site as a browser sees it.  The corpus is
# dropped, the site served by `python3 -m http.server` on a free port of
# 127.0.0.1, and Debian's headless chromium dumps each page's DOM:
#  - the home page lists the 26 domains of conf/domains.conf;
#  - a document's page shows its info table (索引号, 发布机构, 文号, 成文
#    日期, 发布日期, 有效性, 领域, 公开方式) and its text;
#  - 淄政办发〔2016〕12号, repealed by 淄政办发〔2021〕6号, is marked 已废止
#    with a link to the repealing document's page;
#  - a month page of the 政策文件库 lists the documents with their 有效性.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init site_browser

[ "$(id -u)" -eq 0 ] || skip "needs root (the admin on docketd's socket)"
CHROMIUM=$(command -v chromium || command -v chromium-browser) ||
    skip "no chromium (bash .ci/setup installs it)"
need python3
CORPUS=$DOCKET_TEST_DATA/corpus
[ -d "$CORPUS" ] || fail "no corpus in $CORPUS"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

synced() {
	local s

	s=$(ctl publish --status --json) || return 1
	[ "$(jq -r .behind <<<"$s")" = false ] &&
	    [ "$(jq -r .site_head <<<"$s")" != null ]
}

id_of() {	# id_of DOCNO
	ctl list --all --json | jq -r --arg d "$1" '.[] | select(.docno == $d) | .id'
}

doc_page() {
	local n=${1#D}

	printf 'doc/%04d/%s.html' $((10#$n / 1000)) "$1"
}

# dom PATH: the page's DOM after chromium loaded it, into $T_TMP/dom.
dom() {
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --no-first-run --user-data-dir="$T_TMP/chromium" \
	    --dump-dom "$URL/$1" >"$T_TMP/dom" 2>"$T_TMP/chromium.err" ||
	    fail "chromium could not load $URL/$1: $(tail -c 400 "$T_TMP/chromium.err")"
	grep -q '<html' "$T_TMP/dom" || fail "no DOM for $1"
}

has() {	# has TEXT WHAT
	grep -qF -- "$1" "$T_TMP/dom" || fail "$2: no '$1' in the page"
}

CONF=$T_TMP/docketd.conf
write_config "$CONF" "[publish]" "dir = site" "site_name = 淄博市政府信息公开" \
    "code = 11370300004326123X"
CTL_CONF=$CONF
start_daemon -c "$CONF"
SITE=$ROOT/site
for f in "$CORPUS"/*; do
	b=$(basename "$f")
	cp "$f" "$INTAKE/.$b" && mv "$INTAKE/.$b" "$INTAKE/$b" || fail "cannot drop $b"
done
N=$(ls "$CORPUS" | wc -l)
wait_for "$N documents" records_are "$N"
OLD=$(id_of 淄政办发〔2016〕12号)
NEW=$(id_of 淄政办发〔2021〕6号)
[ -n "$OLD" ] && [ -n "$NEW" ] || fail "06 or 07 of the corpus not registered"
wait_for "$OLD to be repealed" eval '[ "$(field "$OLD" status)" = repealed ]'
wait_for "the site to follow the index" synced

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$SITE" \
    >"$T_TMP/http.log" 2>&1 &
T_PIDS="$T_PIDS $!"
URL=http://127.0.0.1:$PORT
wait_for "the web server" python3 -c "import urllib.request; urllib.request.urlopen('$URL/index.html')"

step "the home page lists the 26 domains"
dom index.html
has 淄博市政府信息公开 "home page"
n=0
while IFS= read -r d; do
	has "$d" "home page (domain $d)"
	n=$((n + 1))
done < <(sed -n 's/^\[\(.*\)\]$/\1/p' "$here/../../conf/domains.conf")
assert_eq 26 "$n" "domains in conf/domains.conf"
has 政策文件库 "home page"

step "a document's page: info table and text"
dom "$(doc_page "$NEW")"
for th in 索引号 发布机构 文号 成文日期 发布日期 有效性 领域 公开方式 主动公开; do
	has "$th" "page of $NEW"
done
has "$(field "$NEW" index_no)" "page of $NEW"
has 淄政办发〔2021〕6号 "page of $NEW"
has "$(field "$NEW" title)" "page of $NEW"
line=$(ctl text "$NEW" | awk 'length($0) >= 20' | head -1)
[ -n "$line" ] || fail "no text line of $NEW"
has "$line" "the text on the page of $NEW"

step "a repealed document is marked 已废止, with a link to what repealed it"
dom "$(doc_page "$OLD")"
has 已废止 "page of $OLD"
has "$NEW.html" "page of $OLD (link to $NEW)"

step "the 政策文件库 by month shows 有效性"
m=$(ls "$SITE/month" | head -1)
[ -n "$m" ] || fail "no month page"
dom "month/$m"
has "$OLD.html" "month page $m"
has 已废止 "month page $m"
has 有效 "month page $m"
stop_daemon
exit 0
