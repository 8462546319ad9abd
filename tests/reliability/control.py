#!/usr/bin/env python3
"""control.py: the control socket, as uid 65534 and with bad requests.

Needs root and setpriv(1) (CI has both; without them the test FAILS).
docketd runs with admin_group = users; 6 documents are registered.  Then:

  1. with the socket's own mode, uid 65534 tries to connect (a figure);
  2. the socket is opened to everyone (0666) and uid 65534 sends every
     change: mark, review, repeal, hold, unhold, cleanup_run, reindex,
     report_mail, outbox_drop.  Each must be refused with code "denied";
     docketctl mark and cleanup run as uid 65534 must fail; a supplementary
     group is not admin (SO_PEERCRED carries none).  The vault head and
     every record must be unchanged afterwards;
  3. primary gid users is admin (the positive control);
  4. 19 malformed or oversized requests (not JSON, nesting, NUL, invalid
     UTF-8, 10 MB without a newline, ...) as uid 65534 and as root:
     docketd must survive each batch;
  5. 40 idle connections at once (more than the limit), then 20,000
     pipelined requests never read: docketd must still answer ping;
and at the end docketctl verify is clean.
"""
import json, os, socket, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rel
from rel import Daemon, ctl, fail, log, note

CLIENT_PY = r"""
import json, socket, sys
path = sys.argv[1]
out = []
for r in json.loads(sys.stdin.read()):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(10)
    try:
        s.connect(path)
    except OSError as e:
        out.append({'connect_error': e.strerror}); continue
    try:
        s.sendall(r.encode('latin-1'))
        s.shutdown(socket.SHUT_WR)
        buf = b''
        while True:
            c = s.recv(65536)
            if not c: break
            buf += c
        lines = buf.decode('utf-8', 'replace').splitlines()
        out.append({'replies': [json.loads(l) if l.startswith('{') else l for l in lines][:3]})
    except OSError as e:
        out.append({'io_error': e.strerror})
    s.close()
print(json.dumps(out))
"""
NOBODY = (65534, 65534)


def requests(base, sockpath, reqs, user=None):
    """Send each request on a connection of its own (as user: uid, gid
    [, supplementary groups]); the replies."""
    cp = base + '/client.py'
    if not os.path.exists(cp):
        with open(cp, 'w') as f:
            f.write(CLIENT_PY)
        os.chmod(cp, 0o644)
    a = [sys.executable if not user else '/usr/bin/python3', cp, sockpath]
    if user:
        a = ['setpriv', '--reuid', str(user[0]), '--regid', str(user[1])] + (
            ['--groups', user[2]] if len(user) > 2 else ['--clear-groups']) + a
    r = rel.run(a, input=json.dumps([x.decode('latin-1') if isinstance(x, bytes) else x for x in reqs]).encode(),
                timeout=120)
    try:
        return json.loads(r.stdout)
    except ValueError:
        return [{'client_error': (r.stdout + r.stderr).decode()[-300:]}] * len(reqs)


def req(cmd, **args):
    return json.dumps({'proto': 1, 'cmd': cmd, 'args': args}) + '\n'


def first(a):
    return (a.get('replies') or [a])[0]


def head(root):
    return rel.git(root, 'rev-parse', 'main').stdout.strip()


def sweep():
    if os.geteuid() != 0:
        fail('needs root (setpriv to uid 65534, chmod of the socket); CI runs as root')
        return
    for tool in ('setpriv', '/usr/bin/python3'):
        if not rel.shutil_which(tool):
            fail(f'{tool} is not installed (.ci/setup installs it)')
            return
    base = rel.scratch('ctl')
    root = base + '/root'
    conf = rel.write_conf(base + '/docketd.conf', 'admin_group = users\n' + rel.NEVER_CONF)
    d = Daemon(root, conf).start()
    if not d.wait_ready():
        fail('docketd did not start: ' + d.newlog()[-300:])
        return
    for i, b in enumerate(rel.gendocs(6, 2, start=95000)):
        rel.drop(root + '/intake', f'c{i}.txt', b)
    rel.wait_idle(root, 6, 30, d)
    sockp = root + '/docketd.sock'
    st = os.stat(sockp)
    fc = rel.FIG['control'] = dict(socket_mode=oct(st.st_mode & 0o777), socket_gid=st.st_gid)
    head0, state0 = head(root), json.dumps(rel.records(root), sort_keys=True)
    muts = [req('mark', id='D000001', disclosure='public', reason='x'),
            req('mark', id='D000002', disclosure='withheld', reason='x'),
            req('review', id='D000003', decision='keep', reason='x'),
            req('repeal', id='D000004', reason='x'), req('hold', id='D000005', reason='x'),
            req('unhold', id='D000005', reason='x'), req('cleanup_run'), req('reindex'),
            req('report_mail', kind='summary'), req('outbox_drop', id=1)]
    # 1. the file system's wall
    r = requests(base, sockp, [req('ping')], NOBODY)
    fc['nobody_connect_default_perms'] = r[0].get('connect_error', 'CONNECTED')
    if 'connect_error' not in r[0]:
        note(f'uid 65534 can connect to the control socket with its default mode {fc["socket_mode"]}')
    # 2. docketd's own wall
    os.chmod(sockp, 0o666)
    os.chmod(root, 0o755)
    r = requests(base, sockp, [req('ping'), req('schedule')] + muts, NOBODY)
    fc['nobody_ping'] = first(r[0]).get('result', first(r[0])) if isinstance(first(r[0]), dict) else r[0]
    denied = 0
    for q, a in zip(muts, r[2:]):
        rep = first(a)
        if isinstance(rep, dict) and rep.get('ok') is False and rep.get('code') == 'denied':
            denied += 1
        else:
            fail(f'uid 65534 was not denied {q.strip()}: {a}')
    fc['nobody_changes_denied'] = f'{denied}/{len(muts)}'
    dc = ctl(root, 'mark', 'D000001', 'public', '--reason', 'x', user=NOBODY)
    fc['docketctl_mark_as_nobody'] = f'exit {dc.returncode}'
    dc2 = ctl(root, 'cleanup', 'run', user=NOBODY)
    fc['docketctl_cleanup_as_nobody'] = f'exit {dc2.returncode}'
    if dc.returncode == 0 or dc2.returncode == 0:
        fail(f'docketctl as uid 65534 succeeded: mark exit {dc.returncode}, cleanup run exit {dc2.returncode}')
    r = requests(base, sockp, [muts[0]], (65534, 65534, '100'))
    rep = first(r[0])
    fc['nobody_with_supplementary_users'] = rep.get('code', rep.get('ok')) if isinstance(rep, dict) else str(rep)
    if not (isinstance(rep, dict) and rep.get('code') == 'denied'):
        fail(f'a supplementary group made uid 65534 admin: {r[0]}')
    if head(root) != head0 or json.dumps(rel.records(root), sort_keys=True) != state0:
        fail('the vault or the records changed after requests of uid 65534')
    # 3. positive control: primary gid users is admin
    r = requests(base, sockp, [req('mark', id='D000006', disclosure='withheld', reason='admin by gid')],
                 (65534, 100))
    fc['gid_users_mark'] = first(r[0]).get('ok') if isinstance(first(r[0]), dict) else str(r[0])
    if fc['gid_users_mark'] is not True:
        fail(f'a member of admin_group by primary gid could not mark: {r[0]}')
    # 4. malformed and oversized requests
    bad = [('not JSON', b'hello\n'), ('JSON array', b'[1,2]\n'), ('empty object', b'{}\n'),
           ('proto 999', b'{"proto":999,"cmd":"ping"}\n'), ('cmd not a string', b'{"proto":1,"cmd":5}\n'),
           ('args not an object', b'{"proto":1,"cmd":"mark","args":[1]}\n'),
           ('duplicate keys', b'{"proto":1,"cmd":"ping","cmd":"reindex"}\n'),
           ('unknown id', req('mark', id='D999999', disclosure='public', reason='x').encode()),
           ('id not a string', b'{"proto":1,"cmd":"mark","args":{"id":1e400,"disclosure":"public","reason":"x"}}\n'),
           ('id ../../etc', req('hold', id='../../etc/passwd', reason='x').encode()),
           ('bad disclosure', req('mark', id='D000001', disclosure='secret', reason='x').encode()),
           ('invalid UTF-8', b'{"proto":1,"cmd":"\xff\xfe"}\n'), ('NUL bytes', b'{"proto":1,\0"cmd":"ping"}\n'),
           ('70 KB line', b'{"proto":1,"cmd":"ping","args":{"x":"' + b'a' * 70000 + b'"}}\n'),
           ('10 MB without newline', b'{' + b' ' * (10 << 20)),
           ('100,000 nested [', b'[' * 100000 + b'\n'),
           ('unknown command', req('rm_rf').encode()),
           ('huge reason (60 KB)', req('mark', id='D000001', disclosure='on_request', reason='r' * 60000).encode()),
           ('control chars in reason', req('hold', id='D000002', reason='x\n\x1b[31mforged line\r').encode())]
    for who, user in (('nobody', NOBODY), ('root', None)):
        h0 = head(root)
        r = requests(base, sockp, [b for _, b in bad], user)
        res = {}
        for (label, _), a in zip(bad, r):
            rep = first(a)
            res[label] = (rep.get('code') if isinstance(rep, dict) and rep.get('ok') is False else
                          ('ok' if isinstance(rep, dict) and rep.get('ok') else str(rep)[:80]))
        fc[f'malformed_{who}'] = res
        if who == 'nobody':
            if head(root) != h0:
                fail('malformed requests of uid 65534 changed the vault')
            oks = [k for k, v in res.items() if v == 'ok' and k not in ('duplicate keys',)]
            if any(k in ('huge reason (60 KB)', 'control chars in reason') for k in oks):
                fail(f'uid 65534 made changes with malformed requests: {oks}')
        if not d.alive():
            fail(f'docketd died on malformed requests from {who}: {d.newlog()[-300:]}')
            d = Daemon(root, conf).start()
            d.wait_ready()
    # 5. 40 connections at once, then 20,000 pipelined requests never read
    socks = []
    for _ in range(40):
        c = socket.socket(socket.AF_UNIX)
        c.connect(sockp)
        socks.append(c)
    time.sleep(0.3)
    busy = 0
    for c in socks:
        c.setblocking(False)
        try:
            busy += b'busy' in c.recv(4096)
        except BlockingIOError:
            pass
    for c in socks:
        c.close()
    fc['connections_refused_busy_of_40'] = busy
    time.sleep(0.3)
    hw0 = d.hwm_kb()
    c = socket.socket(socket.AF_UNIX)
    c.connect(sockp)
    c.setblocking(False)
    payload = req('schedule').encode() * 20000
    sent, t = 0, time.time()
    while sent < len(payload) and time.time() - t < 10:
        try:
            sent += c.send(payload[sent:sent + 65536])
        except BlockingIOError:
            time.sleep(0.05)
    c.close()
    time.sleep(0.5)
    fc['pipelined_bytes_accepted_without_reading'] = sent
    fc['vmhwm_growth_pipelining_mb'] = round((d.hwm_kb() - hw0) / 1024, 1)
    r = requests(base, sockp, [req('ping')])
    alive = d.alive() and isinstance(first(r[0]), dict) and first(r[0]).get('ok') is True
    fc['alive_and_answering_at_end'] = alive
    if not alive:
        fail(f'docketd does not answer ping at the end: {r}')
    d.stop()
    fc['verify'], fc['fsck'] = rel.verify_and_fsck(root)
    log('  control:', json.dumps(fc, ensure_ascii=False))


def summary(fig):
    c = fig['control']
    return (f"control: uid 65534 denied {c.get('nobody_changes_denied', '?')}, {19} malformed kinds x2, "
            f"alive {c.get('alive_and_answering_at_end')}, verify {c.get('verify')}")


if __name__ == '__main__':
    rel.main('control', sweep, summary)
