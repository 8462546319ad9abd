#!/usr/bin/env python3
"""enospc.py: docketd's root on a small tmpfs that fills up during ingest.

Needs root and mount(8): the root lives on a tmpfs of its own (24 MiB
quick, 48 MiB full).  A test that cannot mount FAILS (CI runs as root on
Debian 12); it does not skip.

Each round: docketd is stopped (SIGSTOP), documents are dropped, a filler
file takes the free space but LEAVE bytes, docketd continues (SIGCONT) and
works on a full disk for a few seconds; then the filler goes.  The last
round also restarts docketd while the disk is full.  Asserted:

  - docketd stays alive on a full disk, and starts on one;
  - once space is back, the same docketd registers every waiting file
    within 30 s (caught up without a restart);
  - every failure it logs names the errno ("No space left on device";
    LMDB turns a short write into "Input/output error") and never says
    "unknown libgit2 error" (defect 8);
  - at the end rel.check_root: exactly once, nothing left, verify and git
    fsck --strict clean.

Rounds: quick 5 (leaving 0, 64 KiB, 96 KiB, 768 KiB, 0 with a restart), full 8.
Knob: REL_ENOSPC_WAIT (seconds on a full disk per round; quick 3, full 6.5).
"""
import json, os, signal, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rel
from rel import Daemon, fail, log


def fill(path, leave=0):
    """Fill the file system of path, leaving about `leave` bytes; the
    bytes written."""
    n = 0
    with open(path, 'wb') as f:
        for chunk in (1 << 20, 1 << 16, 4096):
            buf = b'\0' * chunk
            while True:
                st = os.statvfs(os.path.dirname(path))
                if st.f_bavail * st.f_frsize - chunk < leave:
                    break
                try:
                    f.write(buf)
                    f.flush()
                    n += chunk
                except OSError:
                    break
    return n


def sweep():
    wait = rel.knob('ENOSPC_WAIT', 3.0, 6.5)
    base = rel.scratch('enospc')
    mnt = base + '/mnt'
    os.makedirs(mnt)
    size = '48m' if rel.FULL else '24m'
    r = rel.run(['mount', '-t', 'tmpfs', '-o', f'size={size}', 'tmpfs', mnt])
    if r.returncode != 0:
        fail(f'cannot mount a tmpfs on {mnt} (this test needs root and mount(8), as CI has): '
             + r.stderr.decode().strip())
        return
    rel.MOUNTS.append(mnt)
    root = mnt + '/root'
    lp = base + '/docketd.log'
    d = Daemon(root, logpath=lp).start()
    if not d.wait_ready():
        fail('docketd did not start: ' + d.newlog()[-300:])
        return
    expected = {}
    docs = rel.gendocs(1200, 2, start=60000)
    pos = 0

    def put(n):
        nonlocal pos
        for b in docs[pos:pos + n]:
            name = f'full{pos:05d}.txt'
            rel.drop(root + '/intake', name, b)
            expected[rel.sha(b)] = name
            pos += 1
    first = 200 if rel.FULL else 100
    put(first)
    rel.wait_idle(root, first, 60, d)
    if rel.FULL:
        plan = [(100, 0, False), (100, 64 << 10, False), (20, 96 << 10, False), (20, 192 << 10, False),
                (50, 384 << 10, False), (100, 768 << 10, False), (100, 1536 << 10, False), (100, 0, True)]
    else:
        plan = [(50, 0, False), (100, 64 << 10, False), (20, 96 << 10, False), (50, 768 << 10, False),
                (50, 0, True)]
    rounds = []
    errno_named = unknown = 0
    for nd, leave, restart in plan:
        off = os.path.getsize(lp)
        os.kill(d.pid, signal.SIGSTOP)
        put(nd)
        nfill = fill(mnt + '/filler', leave)
        os.kill(d.pid, signal.SIGCONT)
        time.sleep(wait)
        alive = d.alive()
        during = (rel.status(root) or {}).get('records')
        restarted = False
        if restart and alive:
            d.stop()
            d = Daemon(root, logpath=lp).start()
            restarted = True
            if not d.wait_ready(15):
                fail('docketd does not start on a full disk: ' + d.newlog()[-300:])
                d.kill9()
        txt = d.logsince(off)
        warn = [l for l in txt.splitlines() if any(k in l for k in (
            'fail', 'No space', 'behind', 'not yet', 'cannot', 'error'))]
        if not alive:
            fail(f'docketd died on a full disk (leave {leave}): {txt[-300:]}')
        unnamed = rel.errno_unnamed(txt)
        if unnamed:
            fail(f'full disk (leave {leave >> 10} KiB): {len(unnamed)} failure line(s) name no errno, '
                 f'e.g. {unnamed[0][20:][-200:]}', pending=8)
        elif warn:
            errno_named += 1
        if 'unknown libgit2 error' in txt:
            unknown += 1
            fail(f'full disk (leave {leave >> 10} KiB): "unknown libgit2 error" in the log', pending=8)
        os.unlink(mnt + '/filler')
        t0 = time.time()
        s2 = rel.wait_idle(root, len(expected), 30, d) or {}
        resumed = s2.get('records') == len(expected) and d.alive()
        if not resumed:
            if d.alive():
                fail(f'after space came back, docketd (same process) did not take the waiting files in 30 s '
                     f'(leave {leave}): {s2.get("records")} of {len(expected)}; {s2.get("waiting")}')
            d.kill9()
            d = Daemon(root, logpath=lp).start()
            d.wait_ready(30)
            rel.wait_idle(root, len(expected), 60, d)
        rounds.append(dict(docs=nd, leave_kb=leave >> 10, filled_mb=round(nfill / 2 ** 20, 1),
                           alive_when_full=alive, registered_while_full=during,
                           resumed_s=round(time.time() - t0, 1) if resumed else None,
                           restarted_when_full=restarted, errors_logged=len(warn),
                           errors=sorted({w[20:][:120] for w in warn})[:3]))
        log('  enospc round:', json.dumps(rounds[-1], ensure_ascii=False))
    d.stop()
    f = rel.check_root(root, expected)
    rel.FIG['enospc'] = dict(rounds=rounds, documents=len(expected), errno_named_rounds=errno_named,
                             unknown_libgit2_rounds=unknown, **f)
    log('  enospc:', json.dumps({k: v for k, v in rel.FIG['enospc'].items() if k != 'rounds'},
                                ensure_ascii=False))


def summary(fig):
    e = fig['enospc']
    return (f"enospc {len(e['rounds'])} fills: {e['lost']} lost {e['duplicated']} dup, resumed "
            f"{sum(1 for r in e['rounds'] if r['resumed_s'] is not None)}/{len(e['rounds'])}, "
            f"verify {e['verify']}, fsck {e['fsck']}")


if __name__ == '__main__':
    rel.main('enospc', sweep, summary)
