#!/usr/bin/env python3
"""hostile.py: the hostile-input catalogue, through one live docketd.

38 kinds of input (39 in the full run, with 10,000 files at once) are put
into intake/ one after another: zip bombs, overlapping and encrypted zip
entries, zip slip, billion laughs and XXE in docx and OFD, deep nesting,
garbage PDF, huge and odd text, special files (symlink, hard link, FIFO,
socket, device nodes), hostile names (newline, dot-names, %2F, 255 bytes,
GBK bytes), an agency folder named with control characters or not in
UTF-8, nesting below an agency, files truncated or still growing while
read.  For each, until nothing of it is left in intake/ and spool/:

  - docketd is alive (else it is a failure, and it is started again);
  - the outcome is the expected one: registered, quarantined, or left
    alone (a dot-name); never GONE (neither registered, quarantined nor
    left in intake);
  - no registered text holds /etc/passwd or /etc/shadow lines;
  - a canary document dropped after it is registered within 30 s.
At the end: every canary registered exactly once; docketd's peak RSS under
REL_RSS_MB (1024); verify and git fsck --strict clean; and (defect 7)
  - a file name with a newline does not split a log line;
  - an agency folder whose name has control characters or is not UTF-8 is
    refused: its files are quarantined with that reason;
  - docketctl's human output (list, show) carries no raw control
    characters (ESC, CR, DEL) from names;
and (defect 6, fixed) a 255-byte .docx name is read as docx and the record
keeps the whole original name.

The quick run scales the large inputs down with max_size = 8M (a 9 MiB
file is over it, one line of 6 MB, 500,000 short lines, a 6 MB file
truncated while read); the full run (REL_FULL=1) uses the default 64M and
the sizes of tools/crash_check.py.
"""
import collections, html, importlib.util, io, json, os, socket, stat, struct, sys
import tempfile, time, zipfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rel
from rel import Daemon, ctl, fail, log, sha

W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
OFD_NS = 'http://www.ofdspec.org/2016'
CT_XML = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS_XML = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">' +
          ''.join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + ']>')
XXE = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
XXE_PARAM = '<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
CTL_CHARS = (b'\x1b', b'\r', b'\x01', b'\x7f')


# --- building hostile files -----------------------------------------------

def docx_xml(text, doctype=''):
    ps = ''.join(f'<w:p><w:r><w:t xml:space="preserve">{html.escape(l)}</w:t></w:r></w:p>' for l in text.split('\n'))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{ps}</w:body></w:document>')


def make_zip(entries, method=zipfile.ZIP_DEFLATED):
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, 'w', method) as z:
        for n, data in entries:
            z.writestr(n, data)
    return bio.getvalue()


def make_docx(doc_xml, extra=()):
    return make_zip([('[Content_Types].xml', CT_XML), ('_rels/.rels', RELS_XML),
                     ('word/document.xml', doc_xml)] + list(extra))


def zipbomb_docx(mb):
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT_XML)
        z.writestr('_rels/.rels', RELS_XML)
        with z.open('word/document.xml', 'w', force_zip64=True) as f:
            f.write(f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode())
            chunk = b'A' * (1 << 20)
            for _ in range(mb):
                f.write(chunk)
            f.write(b'</w:t></w:r></w:p></w:body></w:document>')
    return bio.getvalue()


def overlap_zip(text):
    """A docx whose central directory names a second entry at the local
    header of word/document.xml (overlapping entries)."""
    data = make_zip([('[Content_Types].xml', CT_XML), ('_rels/.rels', RELS_XML),
                     ('word/document.xml', docx_xml(text))], zipfile.ZIP_STORED)
    e = data.rfind(b'PK\x05\x06')
    (sig, dn, dcd, n1, n, cdsize, cdoff, clen) = struct.unpack('<IHHHHIIH', data[e:e + 22])
    cd = data[cdoff:cdoff + cdsize]
    p, ent = 0, None
    while p < len(cd):
        nlen, xlen, clen2 = struct.unpack('<HHH', cd[p + 28:p + 34])
        if cd[p + 46:p + 46 + nlen] == b'word/document.xml':
            ent = cd[p:p + 46 + nlen + xlen + clen2]
        p += 46 + nlen + xlen + clen2
    newname = b'word/styles.xml'
    dup = ent[:28] + struct.pack('<H', len(newname)) + ent[30:46] + newname + ent[46 + len(b'word/document.xml'):]
    cd2 = cd + dup
    return data[:cdoff] + cd2 + struct.pack('<IHHHHIIH', sig, dn, dcd, n1 + 1, n + 1, len(cd2), cdoff, 0)


def flag_encrypted(data):
    """Set the 'encrypted' bit on every entry, local and central."""
    b = bytearray(data)
    for sigb, off in ((b'PK\x03\x04', 6), (b'PK\x01\x02', 8)):
        i = 0
        while (i := b.find(sigb, i)) >= 0:
            b[i + off] |= 1
            i += 4
    return bytes(b)


def ofd_with(tmpdir, lines, content_xml=None, ofd_xml=None):
    spec = importlib.util.spec_from_file_location('ofdwrite', os.path.join(rel.HERE, 'ofdwrite.py'))
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    fd, tmp = tempfile.mkstemp(suffix='.ofd', dir=tmpdir)
    os.close(fd)
    m.write(tmp, lines, title='t')
    ents = []
    with zipfile.ZipFile(tmp) as zin:
        for n in zin.namelist():
            d = zin.read(n)
            if content_xml is not None and n == 'Doc_0/Pages/Page_0/Content.xml':
                d = content_xml.encode()
            if ofd_xml is not None and n == 'OFD.xml':
                d = ofd_xml.encode()
            ents.append((n, d))
    os.unlink(tmp)
    return make_zip(ents)


def tree_files(d):
    return rel.files_under(d)


# --- the catalogue ---------------------------------------------------------

def catalogue(base, intake, g, grow_final, tenk):
    """(label, create-fn, expect, timeout) for every kind."""
    full = rel.FULL
    MB = 1 << 20
    items = []

    def add(label, fn, expect, timeout=30):
        items.append((label, fn, expect, timeout))

    def mk(name, data, sub=None, how='rename'):
        rel.drop(intake, name, data, sub, how)

    add('zip bomb docx (400 MiB of one entry)' if full else 'zip bomb docx (100 MiB of one entry)',
        lambda: mk('bomb.docx', zipbomb_docx(400 if full else 100)), 'quarantine', 60)
    add('overlapping-entry zip (docx)', lambda: mk('overlap.docx', overlap_zip(g().decode())), 'quarantine')
    add('billion laughs in docx', lambda: mk('laughs.docx', make_docx(
        docx_xml('&lol9;', LAUGHS).replace('&amp;lol9;', '&lol9;'))), 'quarantine')
    add('XXE (file:///etc/passwd) in docx', lambda: mk('xxe.docx', make_docx(
        docx_xml(g().decode() + '\n&xxe;', XXE).replace('&amp;xxe;', '&xxe;'))), 'quarantine')
    add('XXE parameter entity in docx', lambda: mk('xxe2.docx', make_docx(docx_xml(g().decode(), XXE_PARAM))),
        'quarantine')
    add('billion laughs in OFD Content.xml', lambda: mk('laughs.ofd', ofd_with(base, ['x'], content_xml=(
        f'<?xml version="1.0"?>{LAUGHS}<ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content><ofd:Layer ID="1">'
        f'<ofd:TextObject ID="2" Boundary="0 0 100 10" Font="2" Size="5"><ofd:TextCode X="0" Y="5">&lol9;'
        f'</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>'))), 'quarantine')
    add('XXE in OFD.xml', lambda: mk('xxe.ofd', ofd_with(base, g().decode().split('\n'), ofd_xml=(
        f'<?xml version="1.0"?><!DOCTYPE ofd:OFD [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<ofd:OFD xmlns:ofd="{OFD_NS}" DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo>'
        f'<ofd:Title>&xxe;</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
        f'</ofd:DocBody></ofd:OFD>'))), 'quarantine')
    add('5,000-deep nested XML in docx', lambda: mk('deep.docx', make_docx(
        f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>' + '<w:p>' * 5000 +
        '<w:r><w:t>x</w:t></w:r>' + '</w:p>' * 5000 + '</w:body></w:document>')), 'any')
    add('100,000-deep nested HTML', lambda: mk('deep.html', b'<html><body>' + b'<div>' * 100000 + g() +
                                                b'</div>' * 100000 + b'</body></html>'), 'any', 60)
    add('zip entry named ../../evil (zip slip)', lambda: mk('slip.docx', make_docx(
        docx_xml(g().decode()), [('../../evil.xml', 'x')])), 'quarantine')
    add('encrypted zip entries', lambda: mk('enc.docx', flag_encrypted(make_docx(docx_xml(g().decode())))),
        'quarantine')
    add('zip with 10,001 entries', lambda: mk('many.docx', make_docx(
        docx_xml(g().decode()), [(f'x/{i}.xml', '') for i in range(10001)])), 'quarantine')
    add('garbage PDF (pdftotext fails)', lambda: mk('garbage.pdf', b'%PDF-1.4\n' + os.urandom(20000)),
        'quarantine', 60)
    big = 60 if full else 6
    add(f'{big} MB single-line txt', lambda: mk('oneline.txt', (
        '为进一步做好政务公开工作，推进基层政务公开标准化规范化建设' * (700000 if full else 70000)
    ).encode()[:big * 10 ** 6]), 'any', 180)
    over = 65 if full else 9
    add(f'{over} MB txt (over max_size {64 if full else 8}M)', lambda: mk('huge.txt', b'x' * (over * MB)),
        'quarantine', 60)
    nl = 2000000 if full else 500000
    add(f'{nl:,} short lines txt', lambda: mk('lines.txt', b'\xe4\xb8\x80\n' * nl), 'any', 120)
    add('invalid UTF-8 + GB18030 mix', lambda: mk('mix.txt', (
        lambda b: b[:len(b) // 2] + b'\xff\xfe\x80\xc3(' + b.decode().encode('gb18030')[len(b) // 3:])(g())), 'any')
    add('UTF-16LE without BOM', lambda: mk('utf16.txt', g().decode().encode('utf-16-le')), 'any')
    add('NUL bytes in txt', lambda: mk('nul.txt', b'\0'.join(g()[i:i + 100] for i in range(0, 2000, 100))), 'any')
    add('empty file', lambda: mk('empty.txt', b''), 'quarantine')
    add('symlink to /etc/shadow', lambda: os.symlink('/etc/shadow', intake + '/shadow.txt'), 'quarantine')

    def hardlink():
        sec = base + '/secret.txt'
        with open(sec, 'wb') as f:
            f.write(g())
        os.chmod(sec, 0o600)
        os.link(sec, intake + '/hardlink.txt')
    add('hard link to a private 0600 file outside intake', hardlink, 'any')
    add('FIFO', lambda: os.mkfifo(intake + '/fifo.txt'), 'quarantine')

    def sock():
        s_ = socket.socket(socket.AF_UNIX)
        s_.bind(intake + '/sock.txt')
        s_.close()
    add('unix socket', sock, 'quarantine')
    add('character device node (1,5 = zero)', lambda: os.mknod(
        intake + '/zero.txt', stat.S_IFCHR | 0o600, os.makedev(1, 5)), 'quarantine')
    add('block device node (7,0 = loop0)', lambda: os.mknod(
        intake + '/loop.txt', stat.S_IFBLK | 0o600, os.makedev(7, 0)), 'quarantine')
    add('name with newline and CR', lambda: mk('new\nline\rname.txt', g()), 'register')
    add('name ../ style: ..\\..\\etc\\passwd.txt (a dot-name)', lambda: mk('..\\..\\etc\\passwd.txt', g()),
        'ignore', 4)
    add('name x..%2F..%2Fetc%2Fpasswd and x..\\..\\a.txt', lambda: (
        mk('x..%2F..%2Fetc%2Fpasswd.txt', g()), mk('x..\\..\\a.txt', g())), 'register')
    add('name with # and %41', lambda: mk('#a#b%41%.txt', g()), 'register')
    add('255-byte name .txt', lambda: mk('ab' + '公' * 83 + '.txt', g()), 'register')
    add('255-byte name .docx', lambda: mk(LONG_DOCX, make_docx(docx_xml(g().decode()))), 'register')

    def gbk_name():
        with open(intake + '/.gbk.part', 'wb') as f:
            f.write(g())
        os.rename(intake + '/.gbk.part', os.fsencode(intake) + b'/' + '关于通知.txt'.encode('gbk'))
    add('GBK-encoded (not UTF-8) file name', gbk_name, 'register')

    def bad_agencies():
        mk('ctl.txt', g(), sub='\x01ag\x1b[31m\x7f')
        sub = os.fsencode(intake) + b'/' + '财政局'.encode('gbk')
        os.makedirs(sub, exist_ok=True)
        with open(sub + b'/.x.part', 'wb') as f:
            f.write(g())
        os.rename(sub + b'/.x.part', sub + b'/gbkag.txt')
    add('agency folders named with control characters and in GBK (not UTF-8)', bad_agencies, 'quarantine')
    add('folder nested below an agency', lambda: mk('deep.txt', g(), sub='ag/sub'), 'quarantine')

    def truncated():
        size = 40 * 10 ** 6 if full else 6 * 10 ** 6
        data = g() + b'\n' + ('一' * (size // 3) + '\n').encode()
        tmp = intake + '/.trunc.part'
        with open(tmp, 'wb') as f:
            f.write(data)
        fd = os.open(tmp, os.O_RDWR)
        os.rename(tmp, intake + '/trunc.txt')
        t = time.time()
        sizes = [20 * MB, 5 * MB, 1 * MB, 4096] if full else [3 * MB, 1 * MB, 4096]
        while time.time() - t < 2 and sizes:
            time.sleep(0.002)
            os.ftruncate(fd, sizes.pop(0))
        os.close(fd)
    add(f'file truncated while being read ({40 if full else 6} MB, ftruncate through a held fd)',
        truncated, 'any', 60)

    def growing():
        b = g()
        with open(intake + '/grow.txt', 'wb') as f:
            f.write(b[:200])
            f.flush()
            for i in range(200, len(b), 40):
                time.sleep(0.1)
                f.write(b[i:i + 40])
                f.flush()
        grow_final['sha'] = sha(b)
    add('file that keeps growing (written in place for ~5 s)', growing, 'register', 40)

    def grow_renamed():
        b = g()
        tmp = intake + '/.growr.part'
        f = open(tmp, 'wb')
        f.write(b[:300])
        f.flush()
        os.rename(tmp, intake + '/growr.txt')
        for i in range(300, len(b), 100):
            time.sleep(0.05)
            f.write(b[i:i + 100])
            f.flush()
        f.close()
    add('file renamed in, then still growing (protocol violated)', grow_renamed, 'any', 30)

    def ten_thousand():
        stage = base + '/stage10k'
        os.makedirs(stage)
        docs = rel.gendocs(10000, 1, start=200000)
        for i, b in enumerate(docs):
            with open(f'{stage}/t{i:05d}.txt', 'wb') as f:
                f.write(b)
            tenk[sha(b)] = f't{i:05d}.txt'
        for i in range(len(docs)):
            os.rename(f'{stage}/t{i:05d}.txt', f'{intake}/t{i:05d}.txt')
    if full:
        add('10,000 files at once', ten_thousand, 'register', 240)
    return items


LONG_DOCX = 'ab' + '公' * 82 + 'xy.docx'


def hostile_name(v):
    return isinstance(v, str) and any(c in v for c in '\n\r\x1b\x01\x7f')


def human_output_raw(root):
    """docketctl's human output that carries raw control characters (ESC,
    CR, ^A, DEL): list, quarantine list, show of every record whose name
    or agency has them, and quarantine show of every quarantined file."""
    outs = {'list --all': ctl(root, 'list', '--all').stdout,
            'quarantine list': ctl(root, 'quarantine', 'list').stdout}
    for r in rel.records(root):
        if hostile_name(r.get('source_name')) or hostile_name(r.get('agency')):
            outs[f'show {r["id"]}'] = ctl(root, 'show', r['id']).stdout
    try:
        q = rel.ctl_json(root, 'quarantine', 'list')
        for e in (q if isinstance(q, list) else q.get('files', q.get('entries', []))):
            # every entry: its reason quotes the path it came from
            outs[f'quarantine show {e.get("n")}'] = ctl(root, 'quarantine', 'show', str(e.get('n'))).stdout
    except Exception as e:
        fail(f'docketctl quarantine list --json: {e!r}')
    return {k: [repr(c) for c in CTL_CHARS if c in v] for k, v in outs.items()
            if any(c in v for c in CTL_CHARS)}


def sweep():
    base = rel.scratch('hostile')
    root = base + '/root'
    conf = rel.write_conf(base + '/docketd.conf', ('' if rel.FULL else 'max_size = 8M\n') + rel.NEVER_CONF)
    d = Daemon(root, conf).start()
    if not d.wait_ready():
        fail('docketd did not start: ' + d.newlog()[-300:])
        return
    intake = root + '/intake'
    good = rel.gendocs(400, 2, start=90000)
    gi = [0]

    def g():
        gi[0] += 1
        return good[gi[0] - 1]
    grow_final, tenk, canaries, results = {}, {}, {}, []
    items = catalogue(base, intake, g, grow_final, tenk)
    peak = 0
    qdir = root + '/quarantine'
    for label, fn, expect, timeout in items:
        ids0 = {r['id'] for r in rel.records(root)}
        q0 = set(os.listdir(qdir)) if os.path.isdir(qdir) else set()
        f0 = set(tree_files(intake)) | set(os.listdir(root + '/spool'))
        hwm0 = d.hwm_kb()
        t0 = time.time()
        try:
            fn()
        except Exception as e:
            fail(f'{label}: the harness could not create it: {e!r}')
            continue
        mine = lambda: (set(tree_files(intake)) | set(os.listdir(root + '/spool'))) - f0
        while time.time() - t0 < timeout:
            if not mine():
                time.sleep(0.3)
                if not mine():
                    break
            if not d.alive():
                break
            time.sleep(0.1)
        took = time.time() - t0
        alive = d.alive()
        hwm = d.hwm_kb() if alive else hwm0
        peak = max(peak, hwm)
        recs = [r for r in rel.records(root) if r['id'] not in ids0]
        newq = sorted((set(os.listdir(qdir)) if os.path.isdir(qdir) else set()) - q0)
        reasons = [open(os.path.join(qdir, n), 'rb').read().decode('utf-8', 'replace').strip()[:160]
                   for n in newq if n.endswith('.reason')]
        left = sorted(os.path.relpath(p, root) if p.startswith('/') else 'spool/' + p for p in mine())
        if recs and (newq or left):
            outcome = 'split'
        elif recs:
            outcome = 'registered'
        elif newq:
            outcome = 'quarantined'
        elif left:
            outcome = 'ignored (still in intake/spool)'
        else:
            outcome = 'GONE'
        res = dict(input=label, outcome=outcome, seconds=round(took, 1), alive=alive,
                   vmhwm_mb=round(hwm / 1024, 1), hwm_growth_mb=round((hwm - hwm0) / 1024, 1))
        if reasons:
            res['reason'] = reasons[0]
        if recs and len(recs) < 5:
            res['registered'] = [dict(id=r['id'], source_name=r.get('source_name'), agency=r.get('agency'),
                                      format=r.get('format'), size=r.get('size')) for r in recs]
        elif recs:
            res['registered_count'] = len(recs)
        if left:
            res['left'] = left[:3]
        if not alive:
            fail(f'{label}: docketd died ({d.p.returncode}): {d.newlog()[-300:]}')
            d = Daemon(root, conf).start()
            d.wait_ready()
        pend = 7 if label.startswith('agency folders') else None
        if outcome == 'GONE':
            fail(f'{label}: the file vanished: neither registered, quarantined nor left in intake')
        elif expect == 'quarantine' and outcome != 'quarantined':
            fail(f'{label}: expected quarantine, got {outcome} {res.get("registered", "")}', pending=pend)
        elif expect == 'ignore' and outcome != 'ignored (still in intake/spool)':
            fail(f'{label}: expected to be left alone (a dot-name), got {outcome}')
        elif expect == 'register' and outcome != 'registered':
            fail(f'{label}: expected a record, got {outcome} {res.get("reason", "")} {res.get("left", "")}')
        if pend and outcome == 'quarantined':
            raw = [n for n in newq if n.endswith('.reason') and
                   any(c in open(os.path.join(qdir, n), 'rb').read() for c in CTL_CHARS)]
            if raw:
                fail(f'{label}: the quarantine reason carries raw control characters ({raw[0]!r})', pending=7)
            files = [n for n in newq if not n.endswith('.reason')]
            nq = len(files)
            odd = [n for n in files if not n.startswith(('ctl', 'gbkag'))]
            if odd:
                fail(f'{label}: quarantined under a name that is not the file\'s ({odd[0]!r}; '
                     'expected ctl.txt and gbkag.txt)', pending=7)
            if nq != 2 or not all(any(k in r for k in ('agency', '机关', '单位', '目录')) for r in reasons):
                fail(f'{label}: {nq} file(s) quarantined (expected 2), reasons {reasons}: '
                     'the reason must say the agency folder name is refused', pending=7)
        if label.startswith('255-byte name .docx') and recs:
            r = recs[0]
            if r.get('format') != 'docx':
                fail(f'{label}: read as {r.get("format")}, not docx')
            if r.get('source_name') != LONG_DOCX:
                fail(f'{label}: the record keeps the name {r.get("source_name")!r}, not the whole original name',
                     pending=6)
        for r in recs[:5]:
            t = ctl(root, 'text', r['id']).stdout.decode('utf-8', 'replace')
            if 'root:x:0:0' in t or 'root:$' in t or 'root:*' in t or 'root:!' in t:
                fail(f'{label}: the registered text of {r["id"]} holds system account lines')
        if label.startswith('file that keeps growing') and recs:
            if recs[0]['sha256'] != grow_final.get('sha') or len(recs) != 1:
                fail(f'{label}: registered {len(recs)} record(s), not the finished file once')
        if label.startswith('10,000'):
            got = collections.Counter(r['sha256'] for r in recs)
            miss = sum(1 for h in tenk if got[h] == 0)
            dup = sum(c - 1 for c in got.values() if c > 1)
            res.update(lost=miss, duplicated=dup)
            if miss or dup:
                fail(f'10,000 files: {miss} lost, {dup} duplicated')
        cb = g()
        cname = f'canary{len(canaries):03d}.txt'
        canaries[sha(cb)] = cname
        n1 = len(ids0) + len(recs)
        rel.drop(intake, cname, cb)
        st = rel.wait_idle(root, n1 + 1, 30, d)
        if not st or st['records'] < n1 + 1:
            fail(f'after {label}: a normal document was not registered within 30 s')
        results.append(res)
        log('  hostile:', json.dumps(res, ensure_ascii=False))
    got = collections.Counter(r['sha256'] for r in rel.records(root))
    lostc = [n for h, n in canaries.items() if got[h] != 1]
    if lostc:
        fail(f'canaries not registered exactly once: {lostc[:5]}')
    raw_ctl = human_output_raw(root)
    for what, chars in raw_ctl.items():
        fail(f'docketctl {what} prints raw control characters from names ({", ".join(chars)}): '
             'terminal escape injection', pending=7)
    with open(d.logpath, 'rb') as f:
        lg = f.read()
    forged = b'new\nline' in lg or b'line\rname' in lg
    if forged:
        fail('a file name with a newline splits docketd log lines (log forging)', pending=7)
    if any(c in lg for c in (b'\x1b', b'\x01', b'\x7f')):
        fail('docketd logs raw control characters from names', pending=7)
    alive = d.alive()
    d.stop()
    if not alive:
        fail('docketd was not running at the end')
    v, gf = rel.verify_and_fsck(root)
    limit = int(os.environ.get('REL_RSS_MB', 1024))
    if peak / 1024 > limit:
        fail(f'docketd peak RSS {peak / 1024:.0f} MB over {limit} MB')
    rel.FIG['hostile'] = dict(inputs=results, kinds=len(results), canaries=len(canaries),
                              canaries_lost=len(lostc), gone=sum(1 for r in results if r['outcome'] == 'GONE'),
                              alive=sum(1 for r in results if r['alive']), peak_vmhwm_mb=round(peak / 1024, 1),
                              raw_control_in_human_output=sorted(raw_ctl), log_forged=forged, verify=v, fsck=gf)


def summary(fig):
    h = fig['hostile']
    return (f"hostile {h['kinds']} kinds: {h['gone']} gone, daemon alive {h['alive']}/{h['kinds']}, "
            f"canaries lost {h['canaries_lost']}, peak RSS {h['peak_vmhwm_mb']:.0f} MB, "
            f"verify {h['verify']}, fsck {h['fsck']}")


if __name__ == '__main__':
    rel.main('hostile', sweep, summary)
