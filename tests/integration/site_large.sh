#!/bin/bash
# site_large.sh: a list longer than one page.  1,050 public documents
# published the same month (an archive's first import) make the month
# page an index of two parts (month/YYYY-MM-1.html, the oldest 1,000,
# and -2.html, the newest 50), each with its sitemap, listed by
# sitemap.xml; every document is on exactly one part; one marked
# withheld leaves its part and the counts follow; a new document only
# rewrites the last part; a rebuild writes the same files (feeds' times
# aside), and every link of every page resolves.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${TESTLIB:-$(dirname "$0")/lib.sh}"
t_init site_large

[ "$(id -u)" -eq 0 ] || skip "needs root (the admin on docketd's socket)"
T_TIMEOUT=120

synced() {
	local s

	s=$(ctl publish --status --json) || return 1
	[ "$(jq -r .behind <<<"$s")" = false ] &&
	    [ "$(jq -r .site_head <<<"$s")" != null ]
}

# links DIR: every relative href of every page is a file of the site.
links() {
	python3 - "$1" <<'PY' || fail "broken links in $1"
import html.parser, os, sys, urllib.parse
root = sys.argv[1]
bad = []
class P(html.parser.HTMLParser):
    def __init__(self, path):
        super().__init__()
        self.path = path
    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "href" and v and not urllib.parse.urlsplit(v).scheme and not v.startswith("#"):
                t = os.path.normpath(os.path.join(os.path.dirname(self.path), v))
                if not os.path.isfile(t):
                    bad.append(self.path + " -> " + v)
for d, _, fs in os.walk(root):
    for f in fs:
        if f.endswith(".html"):
            P(os.path.join(d, f)).feed(open(os.path.join(d, f), encoding="utf-8").read())
if bad:
    print(len(bad), bad[:5], file=sys.stderr)
    sys.exit(1)
PY
}

CONF=$T_TMP/docketd.conf
write_config "$CONF" "[publish]" "dir = site"
CTL_CONF=$CONF
start_daemon -c "$CONF"
SITE=$ROOT/site
N=1050
for i in $(seq 1 $N); do
	f=$STAGE/.g$i.txt
	printf '淄博市教育局文件\n\n淄教发〔2024〕%d号\n\n淄博市教育局\n关于做好第%d批学校安全检查工作的通知\n\n各区县教育局：\n\n现将有关事项通知如下（%d）。\n\n淄博市教育局\n2024年3月1日\n（此件公开发布）\n' \
	    "$i" "$i" "$i" >"$f"
	mv "$f" "$INTAKE/g$i.txt"
done
wait_for "$N documents" records_are $N
wait_for "the site to follow the index" synced
M=$(date +%Y-%m)

step "the month is an index of two parts, each with its sitemap"
assert_file "$SITE/month/$M.html"
assert_file "$SITE/month/$M-1.html"
assert_file "$SITE/month/$M-2.html"
gone "$SITE/month/$M-3.html" || fail "a third part of $N documents"
assert_file "$SITE/sitemap/$M-1.xml"
assert_file "$SITE/sitemap/$M-2.xml"
gone "$SITE/sitemap/$M.xml" || fail "the one-part sitemap is still there"
grep -qF "sitemap/$M-2.xml" "$SITE/sitemap.xml" || fail "sitemap.xml does not list part 2"
grep -qF "month/$M-2.html" "$SITE/month/$M.html" || fail "the month index does not link part 2"
count() {	# count FILE: document links on a page
	grep -o 'doc/[0-9]*/D[0-9]*\.html' "$1" | sort -u | wc -l
}
assert_eq 1000 "$(count "$SITE/month/$M-1.html")" "documents on part 1 (the oldest)"
assert_eq 50 "$(count "$SITE/month/$M-2.html")" "documents on part 2 (the newest)"
grep -qF D000001.html "$SITE/month/$M-1.html" || fail "D000001 is not on part 1"
grep -qF D001050.html "$SITE/month/$M-2.html" || fail "D001050 is not on part 2"
assert_eq $N "$(cat "$SITE/month/$M-1.html" "$SITE/month/$M-2.html" |
    grep -o 'doc/[0-9]*/D[0-9]*\.html' | sort -u | wc -l)" "documents on the parts"
links "$SITE"

step "a document withheld leaves its part"
X=D000500
ctl mark "$X" withheld --reason 内部管理信息 >/dev/null || fail "mark $X withheld"
wait_for "the site to follow the index" synced
grep -lF "$X.html" "$SITE/month/"*.html "$SITE/sitemap/"*.xml && fail "$X is still listed"
assert_eq 1049 "$(cat "$SITE/month/$M-1.html" "$SITE/month/$M-2.html" |
    grep -o 'doc/[0-9]*/D[0-9]*\.html' | sort -u | wc -l)" "documents on the parts"
links "$SITE"

step "a new document: only the last part is written again"
P1=$(stat -c %Y.%i "$SITE/month/$M-1.html")
sleep 1.1
f=$STAGE/.new.txt
printf '淄博市教育局文件\n\n淄教发〔2024〕9999号\n\n淄博市教育局\n关于做好新学期学校安全检查工作的通知\n\n各区县教育局：\n\n现将有关事项通知如下。\n\n淄博市教育局\n2024年3月2日\n（此件公开发布）\n' >"$f"
mv "$f" "$INTAKE/new.txt"
wait_for "$((N + 1)) documents" records_are $((N + 1))
wait_for "the site to follow the index" synced
grep -qF D001051.html "$SITE/month/$M-2.html" || fail "the new document is not on the last part"
assert_eq "$P1" "$(stat -c %Y.%i "$SITE/month/$M-1.html")" "part 1 (untouched)"
links "$SITE"

step "a rebuild writes the same site"
cp -a "$SITE" "$T_TMP/incremental"
ctl publish --rebuild >/dev/null || fail "publish --rebuild"
diff -r -x feed.atom -x feed.json "$T_TMP/incremental" "$SITE" >"$T_TMP/diff" ||
    fail "rebuild differs: $(head -c 600 "$T_TMP/diff")"
stop_daemon
exit 0
