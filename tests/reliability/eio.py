#!/usr/bin/env python3
"""eio.py: docketd while storage calls fail with EIO or ENOSPC.

The LD_PRELOAD shim tests/fault/faultshim.c (built here with cc) makes a
chosen call fail on a chosen path: write, pwrite, writev, fsync,
fdatasync and read, on the vault's pack, its ref lock, the refs/heads
directory, LMDB's data.mdb (data pages, meta page), spool/ and a spool
file, quarantine/; once, or for seconds (FS_COUNT=-1).  Each scenario, in
a root of its own (three at a time):

  10 documents are registered; the trigger file appears (the shim fails
  only while it exists) and 20 more are dropped; the fault lasts HOLD
  seconds from the first failure injected; the trigger goes and the same docketd, never restarted, must
  register the waiting files within 20 s (caught up without a restart).

Asserted, per scenario:
  - docketd stayed alive, and the fault was hit (injected >= 1);
  - no spool file was unlinked (acknowledged) while a failed vault or LMDB
    call had not since succeeded on the same kind of file (the shim logs
    every call on those paths; acks_after_failure);
  - no good file was quarantined for a read error: a transient EIO on read
    is retried (defect 3);
  - the log names the errno of the failure ("Input/output error", "No
    space left on device"), every failure line names an errno, and none
    says "unknown libgit2 error" (defect 8);
  - after a clean restart, rel.check_root: exactly once, the vault history
    registering each version once (the refs/heads fsync scenario is defect
    1, fixed), verify and git fsck --strict clean;
  - after the meta page failure (MDB_PANIC, defect 2, fixed) the log says
    docketd reopened the index, and it caught up without a restart.

Knob: REL_EIO_HOLD (seconds a fault lasts; quick 2.5, full 6.5).
"""
import json, os, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rel
from rel import Daemon, fail, log, note

SHIM_SRC = os.path.join(rel.HERE, '..', 'fault', 'faultshim.c')

# name, FS_FUNCS, FS_PATH, FS_ERRNO, FS_COUNT (-1: while the trigger exists),
# FS_OFFSET_BELOW (0: any offset)
SCENARIOS = [
    ('vault pack fsync', 'fsync', 'objects/pack', 'EIO', 1, 0),
    ('vault pack write', 'pwrite,write', 'objects/pack', 'EIO', 1, 0),
    ('vault pack write ENOSPC', 'pwrite,write,writev', 'objects/pack', 'ENOSPC', 1, 0),
    ('vault ref write', 'write', 'refs/heads/main.lock', 'EIO', 1, 0),
    ('vault ref write ENOSPC', 'write', 'refs/heads/main.lock', 'ENOSPC', 1, 0),
    ('vault ref fsync', 'fsync', 'refs/heads/main.lock', 'EIO', 1, 0),
    ('vault refs/heads dir fsync (after the ref moved)', 'fsync', 'refs/heads$', 'EIO', 1, 0),
    ('lmdb fdatasync', 'fdatasync', 'db/data.mdb', 'EIO', 1, 0),
    ('lmdb page writev', 'writev,pwritev', 'db/data.mdb', 'EIO', 1, 0),
    ('lmdb page writev ENOSPC', 'writev,pwritev', 'db/data.mdb', 'ENOSPC', 1, 0),
    ('lmdb meta page pwrite (MDB_PANIC)', 'pwrite', 'db/data.mdb', 'EIO', 1, 8192),
    ('spool dir fsync (after unlink)', 'fsync', '/spool$', 'EIO', 1, 0),
    ('quarantine reason fsync', 'fsync', '/quarantine/', 'EIO', 1, 0),
    ('read of a spool file', 'read', '/spool/', 'EIO', 1, 0),
    ('every fsync+fdatasync for a while', 'fsync,fdatasync', '', 'EIO', -1, 0),
    ('lmdb writes ENOSPC for a while', 'writev,pwritev,pwrite', 'db/data.mdb', 'ENOSPC', -1, 0),
    ('vault writes ENOSPC for a while', 'write,pwrite,writev,ftruncate,fallocate', 'vault.git', 'ENOSPC', -1, 0),
    ('lmdb fdatasync EIO for a while', 'fdatasync', 'db/data.mdb', 'EIO', -1, 0),
]
STRERROR = {'EIO': 'Input/output error', 'ENOSPC': 'No space left on device'}


def path_class(p):
    if '/db/' in p:
        return 'lmdb'
    if 'vault.git' in p:
        return 'vault-ref' if '/refs/' in p else 'vault'
    if '/spool' in p:
        return 'spool'
    if '/quarantine' in p:
        return 'quarantine'
    return 'other'


def acks_after_failure(shimlog):
    """Spool files unlinked while a vault or LMDB call that failed has not
    since succeeded on the same kind of file: (failure, path) pairs."""
    pending, bad = {}, []
    try:
        with open(shimlog, errors='replace') as f:
            lines = f.read().splitlines()
    except OSError:
        return bad
    for line in lines:
        w = line.split(' ', 4)
        if len(w) < 5:
            continue
        func, res, path = w[2], w[3], w[4]
        c = path_class(path)
        if res == 'INJECTED':
            if c in ('vault', 'vault-ref', 'lmdb'):
                pending[(func, c)] = path
        elif res == 'OK':
            if func == 'unlink' and '/spool/' in path:
                bad += [(f'{k[0]} on {v}', path) for k, v in pending.items()]
            pending.pop((func, c), None)
    return bad


def injected_count(shimlog):
    try:
        with open(shimlog, errors='replace') as f:
            return sum(1 for l in f if ' INJECTED ' in l)
    except OSError:
        return 0


def one(base, so, idx, sc, hold):
    name, funcs, fpath, errno_, count, below = sc
    d0 = f'{base}/s{idx:02d}'
    os.makedirs(d0)
    root = d0 + '/root'
    trig = d0 + '/trigger'
    env = {'LD_PRELOAD': so, 'FS_FUNCS': funcs, 'FS_PATH': fpath, 'FS_ERRNO': errno_,
           'FS_COUNT': str(count), 'FS_OFFSET_BELOW': str(below), 'FS_TRIGGER': trig,
           'FS_LOG': d0 + '/shim.log', 'FS_LOGPATHS': '/spool/|db/data.mdb|vault.git/'}
    docs = rel.gendocs(30, 2, start=70000 + idx * 100)
    expected = {}
    d = Daemon(root, env=env).start()
    if not d.wait_ready(30):
        fail(f'{name}: docketd did not start under the shim: {d.newlog()[-300:]}')
        return dict(scenario=name, result='no start')
    for i, b in enumerate(docs[:10]):
        rel.drop(root + '/intake', f'a{i:02d}.txt', b)
        expected[rel.sha(b)] = f'a{i:02d}.txt'
    rel.wait_idle(root, 10, 30, d)
    off = d.logsize()
    open(trig, 'w').close()
    for i, b in enumerate(docs[10:30]):
        rel.drop(root + '/intake', f'b{i:02d}.txt', b)
        expected[rel.sha(b)] = f'b{i:02d}.txt'
    qok = ()
    if 'quarantine' in name:       # something to quarantine
        rel.drop(root + '/intake', 'empty.txt', b'')
        qok = ('empty.txt',)
    # the fault lasts HOLD seconds from the first injected failure (up to
    # 20 s for docketd to reach the call on a slow machine)
    t = time.time() + 20
    while time.time() < t and injected_count(d0 + '/shim.log') == 0 and d.alive():
        time.sleep(0.05)
    time.sleep(hold if count == 1 else hold + 1.5)
    alive_during = d.alive()
    during = (rel.status(root) or {}).get('records')
    os.unlink(trig)
    qdir = root + '/quarantine'
    quar = lambda: [n for n in os.listdir(qdir) if not n.endswith('.reason') and n not in qok] \
        if os.path.isdir(qdir) else []
    s2 = rel.wait_idle(root, 30 - len(quar()), 20, d) or {}
    resumed = d.alive() and s2.get('records') == 30 - len(quar())
    txt = d.logsince(off)
    errs = [l[20:] for l in txt.splitlines() if any(k in l for k in (
        'fail', 'error', 'cannot', 'behind', 'not yet', 'quarantined', 'panic', 'PANIC'))]
    injected = injected_count(d0 + '/shim.log')
    rec = dict(scenario=name, injected=injected, alive=alive_during and d.alive(),
               registered_during_fault=during, resumed_without_restart=resumed,
               log=sorted({e[:150] for e in errs})[:3])
    d.stop()
    if not alive_during:
        fail(f'{name}: docketd died: {txt[-300:]}')
    if injected == 0:
        fail(f'{name}: the fault was never hit (the shim failed no call)')
    bad = acks_after_failure(d0 + '/shim.log')
    rec['acked_after_failure'] = len(bad)
    if bad:
        fail(f'{name}: {len(bad)} spool file(s) unlinked although {bad[0][0]} failed and was not redone, '
             f'e.g. {os.path.basename(bad[0][1])}')
    if injected and STRERROR[errno_] not in txt:
        fail(f'{name}: the log does not name the error ("{STRERROR[errno_]}"): {rec["log"][:2]}', pending=8)
    unnamed = rel.errno_unnamed(txt)
    if unnamed:
        fail(f'{name}: {len(unnamed)} failure line(s) name no errno, e.g. {unnamed[0][20:][-200:]}', pending=8)
    if 'unknown libgit2 error' in txt:
        fail(f'{name}: the log says "unknown libgit2 error" instead of the file and the errno', pending=8)
    if 'MDB_PANIC' in name and injected and 'reopen' not in txt:
        fail(f'{name}: docketd did not log that it reopened the index after MDB_PANIC')
    q = quar()
    rec['quarantined_good'] = len(q)
    if q:
        why = open(f'{qdir}/{q[0]}.reason', errors='replace').read().strip()
        fail(f'{name}: {len(q)} good file(s) quarantined ({why[:120]}): a transient error must be retried',
             pending=3 if 'read' in funcs else None)
        qok = qok + tuple(q)
        expected = {h: n for h, n in expected.items() if n not in q}
    if not resumed:
        fail(f'{name}: after the fault cleared, the running docketd did not register the waiting files '
             f'in 20 s ({s2.get("records")} of {30 - len(q)}; waiting {s2.get("waiting")}); {rec["log"][-1:]}')
    d = Daemon(root).start()
    d.wait_ready(30)
    rel.wait_idle(root, len(expected), 30, d)
    d.stop()
    f = rel.check_root(root, expected, quarantine_ok=qok, label=name + ': ')
    rec.update(lost=f['lost'], duplicated=f['duplicated'], verify=f['verify'], fsck=f['fsck'],
               vault_registrations=f['vault_registrations'], records=f['records'])
    log('  eio:', json.dumps(rec, ensure_ascii=False))
    return rec


def sweep():
    hold = rel.knob('EIO_HOLD', 2.5, 6.5)
    base = rel.scratch('eio')
    so = base + '/faultshim.so'
    r = rel.run(['cc', '-shared', '-fPIC', '-O2', '-o', so, SHIM_SRC, '-ldl'])
    if r.returncode != 0:
        fail('cannot build the fault shim (cc is installed by .ci/setup): ' + r.stderr.decode()[-300:])
        return
    if 'libasan' in rel.run(['ldd', rel.DOCKETD]).stdout.decode():
        rel.skip('docketd is built with ASan: the shim cannot be preloaded before its runtime '
                 '(as tests/integration/reliability_eio.sh)')
    out = [None] * len(SCENARIOS)

    def worker(i):
        try:
            out[i] = one(base, so, i, SCENARIOS[i], hold)
        except Exception as e:
            fail(f'{SCENARIOS[i][0]}: harness error {e!r}')
    pending = list(range(len(SCENARIOS)))
    while pending:
        batch, pending = pending[:3], pending[3:]
        ths = [threading.Thread(target=worker, args=(i,)) for i in batch]
        for t in ths:
            t.start()
        for t in ths:
            t.join()
    res = [r for r in out if r]
    clean = sum(1 for r in res if r.get('lost') == 0 and r.get('duplicated') == 0
                and r.get('acked_after_failure') == 0 and r.get('resumed_without_restart')
                and r.get('verify') == 'ok' and r.get('fsck') == 'ok' and not r.get('quarantined_good'))
    rel.FIG['eio'] = dict(scenarios=res, clean=clean, total=len(SCENARIOS),
                          lost=sum(r.get('lost', 0) for r in res),
                          duplicated=sum(r.get('duplicated', 0) for r in res),
                          acked_after_failure=sum(r.get('acked_after_failure', 0) for r in res))


def summary(fig):
    e = fig['eio']
    return (f"eio/enospc shim {e['clean']}/{e['total']} scenarios clean, {e['lost']} lost, "
            f"{e['duplicated']} dup, {e['acked_after_failure']} acked after failure")


if __name__ == '__main__':
    rel.main('eio', sweep, summary)
