#!/bin/bash
# site.sh: the static site of the public catalog ([publish] dir) and the
# vault's public branch.  With the corpus of tests/data/corpus dropped:
#  - every public document has its page doc/NNNN/ID.html with its 索引号,
#    and its original under file/;
#  - no file of the site, and no file of `git ls-tree -r public`, holds
#    the title, the docno or a sentence of the text of any withheld,
#    on_request or undetermined document;
#  - a public document marked withheld leaves: its page and original are
#    gone, nothing of it is on any index page or the public branch after
#    the next sync, and the event of the mark notes it left the catalog;
#  - docketd killed (-9) while it writes the site for a batch, then
#    restarted: the site catches up (site_head = the index's head) and is
#    exactly what a rebuild writes;
#  - `docketctl publish --rebuild` (by docketd, and on a stopped docketd)
#    gives byte-identical pages to the incremental ones, feeds' times
#    aside; the public branch holds exactly the site's files, git fsck
#    is clean;
#  - a file where the site's directory should be: both rebuilds fail
#    naming it (in Chinese), docketd keeps registering, and the site
#    catches up once the file is gone;
#  - the only public document of an agency leaves: agency/SLUG/ goes
#    (no empty directory is left in the site).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init site

[ "$(id -u)" -eq 0 ] || skip "needs root (the admin on docketd's socket)"
need mdb_load lmdb-utils
CORPUS=$DOCKET_TEST_DATA/corpus
[ -d "$CORPUS" ] || fail "no corpus in $CORPUS"

put() {	# put FILE: the drafting system's hand-off of a corpus file
	cp "$CORPUS/$1" "$INTAKE/.$1" && mv "$INTAKE/.$1" "$INTAKE/$1" ||
	    fail "cannot drop $1"
}

# synced: the site reflects what the index holds.
synced() {
	local s

	s=$(ctl publish --status --json) || return 1
	[ "$(jq -r .behind <<<"$s")" = false ] &&
	    [ "$(jq -r .site_head <<<"$s")" != null ]
}

doc_page() {	# doc_page ID: the page's path in the site
	local n=${1#D}

	printf 'doc/%04d/%s.html' $((10#$n / 1000)) "$1"
}

# public_tree DIR: the public branch's files, checked out into DIR.
public_tree() {
	rm -rf "$1" && mkdir -p "$1" &&
	    vault archive public | tar -x -C "$1" ||
	    fail "cannot check out the public branch"
}

# same_site A B: the two trees hold the same files, byte for byte, the
# feeds' generated times aside.
same_site() {
	diff -r -x feed.atom -x feed.json -x '.*' "$1" "$2" >"$T_TMP/diff" ||
	    fail "$3: the sites differ: $(head -c 600 "$T_TMP/diff")"
	for f in feed.atom feed.json; do
		diff <(grep -v -e '<updated>' -e '"date_modified"' -e '"updated"' "$1/$f") \
		    <(grep -v -e '<updated>' -e '"date_modified"' -e '"updated"' "$2/$f") >/dev/null ||
		    fail "$3: $f differs beyond its time"
	done
}

# consistent DIR WHAT: every relative link of every page leads to a file
# of the site; feeds, sitemaps and pages parse.
consistent() {
	python3 - "$1" >"$T_TMP/links" 2>&1 <<'PY' || fail "$2: $(head -c 800 "$T_TMP/links")"
import html.parser, json, os, sys, urllib.parse, xml.etree.ElementTree as ET
root = sys.argv[1]
bad = []
class P(html.parser.HTMLParser):
    def __init__(self, path):
        super().__init__()
        self.path = path
    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k not in ("href", "src") or v is None:
                continue
            u = urllib.parse.urlsplit(v)
            if u.scheme or v.startswith("#"):
                continue
            t = os.path.normpath(os.path.join(os.path.dirname(self.path), urllib.parse.unquote(u.path)))
            if not t.startswith(root) or not os.path.isfile(t):
                bad.append("%s -> %s" % (os.path.relpath(self.path, root), v))
n = 0
for d, _, files in os.walk(root):
    for f in files:
        p = os.path.join(d, f)
        if f.endswith(".html"):
            P(p).feed(open(p, encoding="utf-8").read())
            n += 1
        elif f.endswith(".xml") or f.endswith(".atom"):
            ET.parse(p)
        elif f.endswith(".json") and os.path.dirname(p) == root:
            json.load(open(p, encoding="utf-8"))
if bad:
    print("broken links:", len(bad), bad[:5])
    sys.exit(1)
print(n, "pages")
PY
}

CONF=$T_TMP/docketd.conf
write_config "$CONF" "[publish]" "dir = site" \
    "base_url = https://gongkai.example.gov.cn/" "site_name = 淄博市政府信息公开" \
    "code = 11370300004326123X"
CTL_CONF=$CONF
start_daemon -c "$CONF"
SITE=$ROOT/site
for f in "$CORPUS"/*; do
	put "$(basename "$f")"
done
# A public page saved from a portal (GB2312): its original is HTML.
cp "$DOCKET_TEST_DATA/formats/html-gb2312-housing.html" "$INTAKE/.h.html" &&
    mv "$INTAKE/.h.html" "$INTAKE/housing.html" || fail "cannot drop housing.html"
N=$(( $(ls "$CORPUS" | wc -l) + 1 ))
wait_for "$N documents" records_are "$N"
wait_for "the site to follow the index" synced
assert_file "$SITE/index.html"
assert_file "$SITE/style.css"

step "every public document has its page with its 索引号, and its original"
PUB=$(ctl list --all --json | jq -r '.[] | select(.published == true) | .id')
[ "$(wc -w <<<"$PUB")" -ge 5 ] || fail "fewer than 5 published documents: $PUB"
for id in $PUB; do
	p=$SITE/$(doc_page "$id")
	assert_file "$p"
	ino=$(field "$id" index_no)
	assert_match "$ino" '^11370300004326123X/[0-9]{4}-[0-9]{5}$' "index_no of $id"
	grep -qF -- "$ino" "$p" || fail "$p has not its 索引号 $ino"
	grep -qF -- "$(field "$id" title)" "$p" || fail "$p has not its title"
	# The original for download, but never a page a browser would run
	# on the portal's address (an HTML original: the text is on the page).
	case $(field "$id" format) in
	html)
		ls "$SITE/file/"*/"$id".* >/dev/null 2>&1 &&
		    fail "the HTML original of $id is on the site"
		grep -qF "下载原件" "$p" && fail "$p offers an HTML original" ;;
	*)
		ls "$SITE/file/"*/"$id".* >/dev/null 2>&1 ||
		    fail "no original of $id under file/" ;;
	esac
	grep -qF "$(doc_page "$id")" "$SITE/month/"*.html ||
	    fail "$id is on no month page"
done
assert_eq "$(wc -w <<<"$PUB")" "$(ls "$SITE"/doc/*/*.html | wc -l)" \
    "document pages (one per published document)"
assert_eq "$(wc -w <<<"$PUB")" "$(ctl publish --status --json | jq .documents)" \
    "publish --status documents"
ctl publish --status | grep -q '公开文件：.*件' || fail "publish --status in Chinese"

# secrets ID: title, docno and the longest text line no public document has.
secrets() {
	local id=$1 t d line

	t=$(field "$id" title)
	d=$(field "$id" docno)
	[ "$t" != null ] && echo "$t"
	[ "$d" != null ] && echo "$d"
	ctl text "$id" | awk 'length($0) >= 12' | while IFS= read -r line; do
		grep -qxF -- "$line" "$T_TMP/public.txt" || printf '%d\t%s\n' "${#line}" "$line"
	done | sort -rn | head -1 | cut -f2-
}

# no_leak DIR WHAT: none of the non-public documents' secrets in DIR.
no_leak() {
	local s

	while IFS= read -r s; do
		[ -n "$s" ] || continue
		if grep -rlF -- "$s" "$1" >"$T_TMP/hits"; then
			fail "$2 holds '$s' of a non-public document: $(head -3 "$T_TMP/hits")"
		fi
	done <"$T_TMP/secrets"
}

consistent "$SITE" "the site after the corpus"
note "links: $(cat "$T_TMP/links")"

step "nothing of a withheld, on_request or undetermined document anywhere"
: >"$T_TMP/public.txt"
for id in $PUB; do ctl text "$id" >>"$T_TMP/public.txt"; done
HIDDEN=$(ctl list --all --json | jq -r '.[] | select(.disclosure != "public") | .id')
for d in withheld on_request undetermined; do
	ctl list --all --json | jq -e --arg d "$d" 'map(select(.disclosure == $d)) | length > 0' \
	    >/dev/null || fail "the corpus has no $d document"
done
: >"$T_TMP/secrets"
for id in $HIDDEN; do secrets "$id" >>"$T_TMP/secrets"; done
[ "$(wc -l <"$T_TMP/secrets")" -ge 12 ] || fail "too few secrets to look for: $(cat "$T_TMP/secrets")"
no_leak "$SITE" "the site"
public_tree "$T_TMP/public"
no_leak "$T_TMP/public" "the public branch"
note "$(wc -l <"$T_TMP/secrets") strings of $(wc -w <<<"$HIDDEN") non-public documents: 0 hits"

step "the 负面清单 page: each item with its matter, basis and count"
# The built-in list's items; the withheld and on_request documents here
# cite some of them (counts only: the no_leak check above covers titles).
NEGP=$T_TMP/negative.html
cp "$SITE/negative.html" "$NEGP" || fail "no negative.html"
assert_contains "$(cat "$NEGP")" "依法确定为国家秘密的政府信息" "negative.html: an item's matter"
assert_contains "$(cat "$NEGP")" "第十四条" "negative.html: an item's legal basis"
ctl negative-list --json >"$T_TMP/neg.json" || fail "negative-list --json"
while IFS=$'\t' read -r matter count; do
	grep -qF -- "$matter" "$NEGP" || fail "negative.html lacks the item '$matter'"
done < <(jq -r '.items[] | "\(.matter)\t\(.count)"' "$T_TMP/neg.json")
note "$(jq '.items | length' "$T_TMP/neg.json") items, $(jq '[.items[].count] | add' "$T_TMP/neg.json") documents cite one"

step "the public branch holds exactly the site"
same_site "$SITE" "$T_TMP/public" "public branch vs site"

step "a public document marked withheld leaves the site"
X=$(ctl list --all --json | jq -r '[.[] | select(.published == true and .status == "in_force")][0].id')
X_TITLE=$(field "$X" title)
X_INO=$(field "$X" index_no)
X_PAGE=$SITE/$(doc_page "$X")
assert_file "$X_PAGE"
ctl mark "$X" withheld --reason 内部管理信息 >/dev/null || fail "mark $X withheld"
wait_for "the site to follow the index" synced
assert_gone "$X_PAGE"
ls "$SITE/file/"*/"$X".* >/dev/null 2>&1 && fail "the original of $X is still on the site"
for s in "$X_TITLE" "$X_INO" "$(doc_page "$X")"; do
	grep -rlF -- "$s" "$SITE" && fail "the site still has '$s' of $X"
done
ctl history "$X" --json | jq -e '.[-1] | .action == "mark" and
    .unpublish != null' >/dev/null ||
    fail "the mark of $X does not note that it left the catalog"
public_tree "$T_TMP/public"
grep -rlF -- "$X_TITLE" "$T_TMP/public" && fail "the public branch still has $X"
same_site "$SITE" "$T_TMP/public" "public branch after the unpublish"
# Nor its history: what a portal's clone of the branch gets holds no
# page, list or line of it (the withdrawal made a commit without parent).
rm -rf "$T_TMP/clone"
git clone -q --bare --single-branch -b public "file://$ROOT/vault.git" "$T_TMP/clone" ||
    fail "git clone --single-branch -b public"
git -C "$T_TMP/clone" log -p --all | grep -qF -- "$X_TITLE" &&
    fail "a clone of the public branch still has $X in its history"
git -C "$T_TMP/clone" rev-list --all --objects | grep -qF -- "$(doc_page "$X")" &&
    fail "a clone of the public branch still has the page of $X"
# ...nor any object of it at all (a clone of a plain path, without
# file://, would hard-link the vault's packs: main's texts with them).
git -C "$T_TMP/clone" cat-file --batch-all-objects --batch | grep -aqF -- "$X_TITLE" &&
    fail "an object of the public clone still holds the title of $X"
assert_fsck

step "the 政策文件库 links the repealing document, while it is public"
OLD=$(ctl list --all --json | jq -r '.[] | select(.docno == "淄政办发〔2016〕12号") | .id')
[ -n "$OLD" ] || fail "淄政办发〔2016〕12号 not registered"
wait_for "$OLD to be repealed" eval '[ "$(field "$OLD" status)" = repealed ]'
BY=$(field "$OLD" repealed_by)
BY_DOCNO=$(field "$BY" docno)
wait_for "the site to follow the index" synced
month="$SITE/month/$(field "$OLD" published_on | cut -c1-7).html"
assert_file "$month"
grep -qF "由<a href=\"../$(doc_page "$BY")\">$BY_DOCNO</a>废止" "$month" ||
    fail "$month does not link $BY ($BY_DOCNO) as the repealing document of $OLD"
ctl mark "$BY" withheld --reason 内部管理信息 >/dev/null || fail "mark $BY withheld"
wait_for "the site to follow the index" synced
grep -rlF -- "$BY_DOCNO" "$SITE" && fail "the site still names $BY_DOCNO after it was withheld"
grep -qF "已废止" "$month" || fail "$month no longer says $OLD is repealed"
ctl mark "$BY" public >/dev/null || fail "mark $BY public"
wait_for "the site to follow the index" synced
grep -qF "$BY_DOCNO</a>废止" "$month" || fail "$month does not link $BY again"

step "cleanup results name public documents, until one is withheld"
OLD_TITLE=$(field "$OLD" title)
ctl cleanup run >/dev/null || fail "cleanup run"
wait_for "the site to follow the index" synced
assert_file "$SITE/cleanup/index.html"
grep -lF -- "$OLD_TITLE" "$SITE"/cleanup/????-??-??.html >/dev/null ||
    fail "the cleanup page does not name $OLD"
# restored (a wrong cleanup), then marked withheld: it leaves the public
ctl restore "$OLD" --reason 误清理 >/dev/null || fail "restore $OLD"
ctl mark "$OLD" withheld --reason 内部管理信息 >/dev/null || fail "mark $OLD withheld"
wait_for "the site to follow the index" synced
grep -rlF -- "$OLD_TITLE" "$SITE" && fail "the site still names $OLD after it was withheld"
public_tree "$T_TMP/public"
grep -rlF -- "$OLD_TITLE" "$T_TMP/public" && fail "the public branch still names $OLD"

step "kill -9 while the site is written, then restart"
for i in $(seq 1 40); do
	drop_doc "gen$i.txt"
done
wait_for "$((N + 40)) documents" records_are $((N + 40))
kill -9 "$DPID"
wait "$DPID" 2>/dev/null
DPID=
start_daemon -c "$CONF"
wait_for "the site to catch up after the restart" synced
cp -a "$SITE" "$T_TMP/incremental"
for id in $(ctl list --all --json | jq -r '.[] | select(.published == true) | .id'); do
	assert_file "$SITE/$(doc_page "$id")"
done

step "a sync cut short by failing renames, killed -9, then restarted"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SHIM=$T_TMP/faultshim.so
cc -shared -fPIC -O2 -o "$SHIM" "$here/../fault/faultshim.c" -ldl 2>"$T_TMP/cc.err" ||
    fail "cannot build the fault shim: $(head -c 300 "$T_TMP/cc.err")"
if ldd "$DOCKETD" 2>/dev/null | grep -q libasan; then
	note "ASan build: the shim cannot be preloaded; step skipped"
else
	stop_daemon
	TRIG=$T_TMP/trigger
	SHIMLOG=$T_TMP/shim.log
	touch "$TRIG"
	# From the 4th rename in the site on, every one fails: a sync that
	# has written some pages and not others, and site_head not moved.
	LD_PRELOAD=$SHIM FS_FUNCS=rename FS_PATH=/site/ FS_SKIP=3 FS_COUNT=-1 \
	    FS_TRIGGER=$TRIG FS_LOG=$SHIMLOG start_daemon -c "$CONF"
	for i in $(seq 41 60); do
		drop_doc "gen$i.txt"
	done
	# intake does not wait for the site
	wait_for "$((N + 60)) documents" records_are $((N + 60))
	wait_for "a failed rename in the site" grep -q INJECTED "$SHIMLOG"
	wait_for "the failure logged with a retry" log_has "trying again in"
	synced && fail "site_head moved although the sync failed"
	kill -9 "$DPID"
	wait "$DPID" 2>/dev/null
	DPID=
	rm -f "$TRIG"
	start_daemon -c "$CONF"
	wait_for "the site to catch up after the restart" synced
	rm -rf "$T_TMP/incremental"
	cp -a "$SITE" "$T_TMP/incremental"
fi

consistent "$SITE" "the site after the crashes"

step "publish --rebuild gives the same pages (docketd running)"
ctl publish --rebuild >"$T_TMP/out" || fail "publish --rebuild"
assert_contains "$(cat "$T_TMP/out")" "已重建公开网站" "publish --rebuild output"
same_site "$T_TMP/incremental" "$SITE" "incremental vs rebuild"
find "$SITE" -name '.*' | grep -q . && fail "temporary files left in the site: $(find "$SITE" -name '.*')"
public_tree "$T_TMP/public"
same_site "$SITE" "$T_TMP/public" "public branch after the crash and rebuild"

step "SIGHUP with a new site_name: every page follows"
sed -i 's/^site_name = .*/site_name = 淄博市人民政府信息公开/' "$CONF"
kill -HUP "$DPID"
wait_for "the new name on the home page" grep -qF 淄博市人民政府信息公开 "$SITE/index.html"
Y=$(ctl list --all --json | jq -r '[.[] | select(.published == true)][0].id')
wait_for "the new name on a document page" grep -qF 淄博市人民政府信息公开 \
    "$SITE/$(doc_page "$Y")"
ctl publish --rebuild >/dev/null || fail "publish --rebuild after the reload"
rm -rf "$T_TMP/incremental"
cp -a "$SITE" "$T_TMP/incremental"

step "publish --rebuild on a stopped docketd, with a page missing"
stop_daemon
rm -f "$SITE/index.html" "$SITE/$(doc_page "$Y")"
ctl publish --rebuild --json >"$T_TMP/out" || fail "publish --rebuild (stopped)"
jq -e '.documents > 50' "$T_TMP/out" >/dev/null || fail "rebuild: $(cat "$T_TMP/out")"
same_site "$T_TMP/incremental" "$SITE" "incremental vs offline rebuild"

step "a file where the site's directory should be: intake goes on, the error names it"
mv "$SITE" "$T_TMP/site.away"
: >"$SITE"
ctl publish --rebuild 2>"$T_TMP/err" && fail "publish --rebuild into a file succeeded"
assert_contains "$(cat "$T_TMP/err")" "重建公开网站失败：$SITE is not a directory" \
    "publish --rebuild (stopped) over a file"
start_daemon -c "$CONF"
n=$(rec_count)
cp "$DOCKET_TEST_DATA/samples/01-budget-public.txt" "$INTAKE/.late.part" &&
    mv "$INTAKE/.late.part" "$INTAKE/late.txt" || fail "cannot drop late.txt"
wait_for "the new document registered, the site stuck" records_are $((n + 1))
wait_for "docketd's log to name the file in the way" \
    log_has "$SITE is not a directory"
ctl publish --rebuild 2>"$T_TMP/err" && fail "publish --rebuild (docketd) into a file succeeded"
assert_contains "$(cat "$T_TMP/err")" "重建公开网站失败：$SITE is not a directory" \
    "publish --rebuild (docketd) over a file"
ctl publish --status >"$T_TMP/out" || fail "publish --status"
assert_contains "$(cat "$T_TMP/out")" "（落后于索引，待同步）" "publish --status of a stuck site"
assert_contains "$(cat "$T_TMP/out")" "上次错误：" "publish --status says why it is stuck"
assert_contains "$(ctl publish --status --json | jq -r .last_error)" \
    "$SITE is not a directory" "publish --status --json: last_error"
iconv -f UTF-8 -t UTF-8 "$T_TMP/out" >/dev/null || fail "publish --status: broken UTF-8"
assert_daemon_alive "the site's directory is a file"
rm -f "$SITE"
mv "$T_TMP/site.away" "$SITE"
wait_for -t 60 "the site to catch up once the file is gone" synced
consistent "$SITE" "the site after the file was removed"
assert_eq null "$(ctl publish --status --json | jq -r .last_error)" \
    "last_error once the site is in step again"

step "the only document of an agency leaves: its directory goes too"
ls "$SITE/agency" >"$T_TMP/agencies.before"
n=$(rec_count)
drop_doc q.txt agency=青州市财政局
wait_for "q.txt registered" records_are $((n + 1))
wait_for "the site to follow the index" synced
Q=$(ctl list --all --json | jq -r '.[] | select(.agency == "青州市财政局") | .id')
assert_eq true "$(field "$Q" published)" "$Q published"
QDIR=$(comm -13 "$T_TMP/agencies.before" <(ls "$SITE/agency"))
[ -n "$QDIR" ] && [ -f "$SITE/agency/$QDIR/index.html" ] ||
    fail "no agency directory for 青州市财政局: $(ls "$SITE/agency")"
ctl mark "$Q" withheld --reason 内部管理信息 >/dev/null || fail "mark $Q withheld"
wait_for "the site to follow the index" synced
[ -e "$SITE/agency/$QDIR" ] && fail "agency/$QDIR is left: $(ls -A "$SITE/agency/$QDIR")"
empty=$(find "$SITE" -type d -empty)
[ -z "$empty" ] || fail "empty directories in the site: $empty"
consistent "$SITE" "the site after the agency's only document left"

step "pages of another version of docket are all written again"
stop_daemon
echo '<!-- written by an old docket -->' >>"$SITE/index.html"
printf 'site_format\nold\n' | mdb_load -T -s meta "$ROOT/db" ||
    fail "mdb_load site_format"
start_daemon -c "$CONF"
wait_for "docketd to write the site again" \
    log_has "written by another version of docket"
wait_for "the site to follow the index" synced
grep -qF "an old docket" "$SITE/index.html" && fail "index.html was not written again"
consistent "$SITE" "the site after an upgrade"
stop_daemon
assert_fsck
exit 0
