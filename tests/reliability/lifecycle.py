#!/usr/bin/env python3
"""lifecycle.py: kill -9 inside docketctl mark/hold/unhold/repeal/cleanup run.

60 documents are registered.  Then, round after round, one change is chosen
(mark to another disclosure, hold, unhold, repeal, or cleanup run when a
repealed record is waiting), strace is attached to the running docketd
with -e inject=SYSCALL:signal=KILL:when=N (link, fsync, fdatasync,
pwrite64, writev, unlink or openat), and docketctl sends the change.
When docketd died it is started again.  Asserted, per round:

  - the records the change touches are as before or as after, never half
    (disclosure, reason, hold, status and the number of history events);
  - a change docketctl reported done (exit 0) is there after the restart
    (every acknowledged change durable);
  - a cleanup that happened has its result cleanup/DATE.json in the vault;
and at the end docketctl verify and git fsck --strict are clean.

Knob: REL_LIFECYCLE (rounds; quick 16, full 80).
"""
import collections, json, os, signal, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rel
from rel import Daemon, RNG, ctl, ctl_json, fail, log

LC_SYSCALLS = {'link': 3, 'fsync': 6, 'fdatasync': 1, 'pwrite64': 2, 'writev': 1, 'unlink': 3, 'openat': 6}


def snap(root, ids):
    out = {}
    for i in ids:
        r = ctl_json(root, 'show', i)
        h = ctl_json(root, 'history', i)
        # The catalog's own events (publish, unpublish) come in the same
        # commit as the change; whether the record is in the catalog is
        # checked as its own field.
        n = len([e for e in h if e.get('action') not in ('publish', 'unpublish')])
        out[i] = (r['disclosure'], r.get('disclosure_reason'), bool(r['hold']), r['status'], n,
                  bool(r.get('published')))
    return out


def listed(disclosure, hold, a):
    """Whether the catalog lists a record after a change: public, not on
    hold (the documents here are never classified)."""
    return disclosure == 'public' and not hold
    return out


def attach_kill(pid, sc, n):
    """strace attached to pid, killing it at the n-th sc; returns once
    the tracer is attached."""
    st = rel.popen(['strace', '-qq', '-o', '/dev/null', '-p', str(pid), '-e', 'trace=' + sc,
                    '-e', f'inject={sc}:signal=KILL:when={n}'], stderr=rel.subprocess.DEVNULL)
    for _ in range(400):
        try:
            with open(f'/proc/{pid}/status') as f:
                if any(l.startswith('TracerPid:') and l.split()[1] != '0' for l in f):
                    return st
        except OSError:
            return st
        time.sleep(0.005)
    return st


def choose(k, recs):
    """One change: (op, docketctl args, touched ids, expected-after fn)."""
    live = [r for r in recs.values() if r['status'] != 'cleaned']
    ops = [('mark', 4), ('hold', 1), ('unhold', 1), ('repeal', 2)]
    targets_cl = [r['id'] for r in live if r['status'] in ('repealed', 'expired') and not r['hold']]
    if targets_cl:
        ops.append(('cleanup', 2))
    op = RNG.choices([o for o, _ in ops], [w for _, w in ops])[0]
    reason = f'rel {op} {k}'
    if op == 'mark':
        r = RNG.choice([r for r in live if not r['hold'] and r['status'] == 'in_force'])
        to = RNG.choice([x for x in ('public', 'on_request', 'withheld') if x != r['disclosure']])
        return op, ['mark', r['id'], to, '--reason', reason], [r['id']], \
            lambda a: (to, reason, a[2], a[3], a[4] + 1, listed(to, a[2], a))
    if op in ('hold', 'unhold'):
        c = [r for r in live if bool(r['hold']) == (op == 'unhold')]
        if not c:
            return None
        r = RNG.choice(c)
        return op, [op, r['id'], '--reason', reason], [r['id']], \
            lambda a: (a[0], a[1], op == 'hold', a[3], a[4] + 1, listed(a[0], op == 'hold', a))
    if op == 'repeal':
        r = RNG.choice([r for r in live if r['status'] == 'in_force'])
        return op, ['repeal', r['id'], '--reason', reason], [r['id']], \
            lambda a: (a[0], a[1], a[2], 'repealed', a[4] + 1, a[5])
    return op, ['cleanup', 'run'], targets_cl, lambda a: (a[0], a[1], a[2], 'cleaned', a[4] + 1, a[5])


def sweep():
    K = rel.knob('LIFECYCLE', 16, 80)
    if not rel.shutil_which('strace'):
        fail('strace is not installed (.ci/setup installs it): no kills inside commands')
        return
    base = rel.scratch('lc')
    root = base + '/root'
    conf = rel.write_conf(base + '/docketd.conf', rel.NEVER_CONF)
    docs = rel.gendocs(60, 2, start=50000)
    d = Daemon(root, conf).start()
    if not d.wait_ready():
        fail('docketd did not start: ' + d.newlog()[-300:])
        return
    for i, b in enumerate(docs):
        rel.drop(root + '/intake', f'lc{i:03d}.txt', b)
    rel.wait_idle(root, len(docs), 60, d)
    kills = half = 0
    rounds = collections.Counter()
    outcome = collections.Counter()
    for k in range(K):
        c = choose(k, {r['id']: r for r in rel.records(root)})
        if c is None:
            continue
        op, cmd, ids, after = c
        pre = snap(root, ids)
        post = {i: after(a) for i, a in pre.items()}
        sc = RNG.choice(list(LC_SYSCALLS))
        n = RNG.randint(1, LC_SYSCALLS[sc])
        st = attach_kill(d.pid, sc, n)
        res = ctl(root, *cmd, timeout=30)
        t = time.time() + 2
        while time.time() < t and d.alive():
            time.sleep(0.01)
        killed = not d.alive()
        if killed:
            d.reap()
            st.wait(10)
            kills += 1
            d = Daemon(root, conf).start()
            if not d.wait_ready(30):
                fail(f'docketd did not restart after a kill in {cmd}: {d.newlog()[-300:]}')
                break
        else:
            st.send_signal(signal.SIGINT)
            st.wait(10)
        now = snap(root, ids)
        rounds[op] += 1
        if all(now[i] == pre[i] for i in ids):
            state = 'before'
        elif all(now[i] == post[i] for i in ids):
            state = 'after'
        else:
            state = 'half'
            half += 1
            fail(f'{" ".join(cmd)} killed at {sc}#{n}: neither before nor after: '
                 f'pre {pre} post {post} now {now}')
        if state == 'after' and op == 'cleanup':
            today = time.strftime('%Y-%m-%d')
            files = rel.git(root, 'ls-tree', '-r', '--name-only', 'main', 'cleanup/').stdout.decode().split()
            if f'cleanup/{today}.json' not in files:
                fail('cleanup applied but its result cleanup/DATE.json is not in the vault')
        if res.returncode == 0 and state != 'after':
            fail(f'{" ".join(cmd)} was reported done (exit 0) but the change is not there after the restart')
        outcome['/'.join(('killed' if killed else 'not-killed', state,
                          'reply-ok' if res.returncode == 0 else 'no-reply'))] += 1
    alive = d.alive()
    d.stop()
    if not alive:
        fail('docketd died at the end: ' + d.newlog()[-300:])
    v, g = rel.verify_and_fsck(root)
    rel.FIG['lifecycle'] = dict(rounds=sum(rounds.values()), kill_points=kills, by_op=dict(rounds),
                                half=half, outcomes=dict(outcome), verify=v, fsck=g)
    log('  lifecycle:', json.dumps(rel.FIG['lifecycle'], ensure_ascii=False))


def summary(fig):
    lc = fig['lifecycle']
    return (f"lifecycle {lc['rounds']} changes, {lc['kill_points']} kills: {lc['half']} half, "
            f"verify {lc['verify']}, fsck {lc['fsck']}")


if __name__ == '__main__':
    rel.main('lifecycle', sweep, summary)
