#!/usr/bin/env python3
"""kill.py: kill -9 sweep of docketd during ingest, then exactly-once.

A dropper thread hands documents into intake/ (80 % rename, 10 % link,
10 % written in place; a quarter into agency folders) for the whole sweep,
while docketd is killed again and again:

  1. at random moments: started, killed with SIGKILL after 0-1.2 s;
  2. at exact system calls: started under
       strace -f -e inject=SYSCALL:signal=KILL:when=N
     so the N-th link/fsync/fdatasync/pwrite64/writev/unlink/renameat2/
     openat kills it (the calls of one batch: pack and ref lock files
     linked into place, fsyncs of the pack, its directory, the ref,
     refs/heads and spool/, LMDB's fdatasync and meta pwrite, the spool
     unlinks that acknowledge the files, the claims intake -> spool).
     A kill whose call does not come within 2 s is counted as not
     reached (and docketd is killed by hand); at least a fifth must hit;
  3. aimed: at the probe file's rename and unlink at start-up, and after a
     batch's pack is in place but before the ref moved (AIMED below), so
     the quick run opens the windows that leave litter too.

Then what was not dropped yet is dropped, one docketd runs until it is
idle and stops, is started and stopped once more (what a crash left newer
than the last durable commit is removed at the start after the next
commit), and the root is checked (rel.check_root): every document
registered exactly once with its agency, the vault history registering
each version once, nothing left, verify and git fsck --strict clean, no
stale probe files (defect 4), no unreferenced packs and no temporary
pack files left (defect 5).  A
docketd that exits by itself, or a log line with "fatal" or "recovery
failed", is a failure.

Knobs: REL_DOCS (quick 400, full 10000), REL_KILL_TIME (quick 25, full
700), REL_KILL_SYSCALL (quick 25, full 300).
"""
import collections, json, os, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rel
from rel import Daemon, RNG, fail, log

KILL_SYSCALLS = {   # syscall: (weight, largest N)
    'link': (3, 12),
    'fsync': (3, 25),
    'fdatasync': (2, 5),
    'pwrite64': (2, 10),
    'writev': (1, 5),
    'unlink': (3, 80),
    'renameat2': (2, 150),
    'openat': (1, 200),
}


def analyse(text, acc):
    acc['stored'] += text.count(' stored D')
    acc['replays'] += text.count('replay: vault head')
    acc['duplicates_removed'] += text.count('duplicate: ')
    acc['stale_locks'] += text.count('removed stale')
    if ' stored D' in text:
        acc['cycles_storing'] += 1
    for line in text.splitlines():
        if 'fatal' in line.lower() or 'recovery failed' in line:
            acc['fatal'].append(line[-200:])


# Kills aimed at the two windows that leave litter, so that even the quick
# run opens them: (what, syscall, N, documents waiting).  At start-up
# docketd renames a probe file intake -> spool (the 1st rename) and
# unlinks it (the 1st unlink); a batch links its pack's .idx (1st link),
# the .pack (2nd) and the ref (3rd) into place.
AIMED = [
    ('probe file, killed at its rename intake -> spool', 'rename', 1, 0),
    ('probe file, killed before its unlink in spool/', 'unlink', 1, 0),
    ('batch killed after its pack, before the ref moved', 'link', 3, 6),
    ('batch killed between the .idx and the .pack', 'link', 2, 6),
]


def aimed_kills(root, expected, acc):
    out = []
    for k, (what, sc, n, ndocs) in enumerate(AIMED):
        for i, b in enumerate(rel.gendocs(ndocs, 2, start=300000 + 100 * k)):
            rel.drop(root + '/intake', f'aim{k}-{i}.txt', b)
            expected[rel.sha(b)] = f'aim{k}-{i}.txt'
        wrap = ['strace', '-f', '-qq', '-o', '/dev/null', '-e', 'trace=' + sc,
                '-e', f'inject={sc}:signal=KILL:when={n}']
        d = Daemon(root, wrap=wrap).start()
        t = time.time() + 10
        while time.time() < t and d.alive():
            time.sleep(0.01)
        died = not d.alive()
        d.kill9()
        analyse(d.newlog(), acc)
        time.sleep(1.1)     # the commit made again gets another time
        out.append(dict(kill=what, at=f'{sc}#{n}', hit=died))
        if not died:
            fail(f'aimed kill "{what}" ({sc}#{n}) was not reached in 10 s')
    return out


def sweep():
    ndocs = rel.knob('DOCS', 400, 10000)
    ktime = rel.knob('KILL_TIME', 25, 700)
    ksys = rel.knob('KILL_SYSCALL', 25, 300)
    if not rel.shutil_which('strace'):
        fail('strace is not installed (.ci/setup installs it): the exact-syscall kills cannot run')
        return
    base = rel.scratch('kill')
    root = base + '/root'
    expected, agencies, plan = {}, {}, []
    for i, b in enumerate(rel.gendocs(ndocs, 2)):
        name = f'kill{i:06d}.txt'
        h = rel.sha(b)
        expected[h] = name
        r = RNG.random()
        how = 'rename' if r < 0.8 else ('link' if r < 0.9 else 'inplace')
        ag = RNG.choice([None, None, None, '财政局', 'agency-2'])
        agencies[h] = ag
        plan.append((name, b, ag, how))
    d = Daemon(root).start()
    if not d.wait_ready():
        fail('docketd did not start: ' + d.newlog()[-300:])
        return
    # The dropper keeps pace with the kills, not with the clock: each kill
    # cycle has its share of the documents, dropped in bursts while that
    # cycle's docketd runs, so every docketd has work to be killed in.
    per = ndocs / max(1, ktime + ksys)
    cycle = [1]
    stop_drop = threading.Event()
    pos = [0]

    def dropper():
        while pos[0] < len(plan) and not stop_drop.is_set():
            target = min(len(plan), int(cycle[0] * per) + 1)
            if pos[0] >= target:
                time.sleep(0.01)
                continue
            burst = min(target - pos[0], RNG.randint(1, max(2, int(per))))
            for name, b, ag, how in plan[pos[0]:pos[0] + burst]:
                rel.drop(root + '/intake', name, b, ag, how)
            pos[0] += burst
            time.sleep(RNG.uniform(0, 0.05))
    th = threading.Thread(target=dropper, daemon=True)
    th.start()
    acc = collections.Counter()
    acc['fatal'] = []
    t0 = time.time()
    d.kill9()
    kills = {'time': 1, 'syscall': 0, 'syscall_not_reached': 0}
    bysc = collections.Counter()
    for _ in range(ktime - 1):
        cycle[0] += 1
        d = Daemon(root).start()
        r = RNG.random()
        time.sleep(RNG.uniform(0, 0.04) if r < 0.35 else
                   RNG.uniform(0.04, 0.3) if r < 0.8 else RNG.uniform(0.3, 1.2))
        if not d.alive():
            acc['died_by_itself'] += 1
            fail(f'docketd exited by itself (rc {d.p.returncode}): {d.newlog()[-300:]}')
        d.kill9()
        kills['time'] += 1
        analyse(d.newlog(), acc)
    ta = time.time() - t0
    names, weights = zip(*[(k, v[0]) for k, v in KILL_SYSCALLS.items()])
    for _ in range(ksys):
        cycle[0] += 1
        sc = RNG.choices(names, weights)[0]
        # the quick run has fewer files waiting: the later calls of a big
        # backlog are rarely reached, so it aims at the first half
        n = RNG.randint(1, KILL_SYSCALLS[sc][1] if rel.FULL else max(1, KILL_SYSCALLS[sc][1] // 2))
        wrap = ['strace', '-f', '-qq', '-o', '/dev/null', '-e', 'trace=' + sc,
                '-e', f'inject={sc}:signal=KILL:when={n}']
        d = Daemon(root, wrap=wrap).start()
        t = time.time() + 2.0
        while time.time() < t and d.alive():
            time.sleep(0.01)
        if d.alive():
            d.kill9()
            kills['syscall_not_reached'] += 1
        else:
            d.reap()
            kills['syscall'] += 1
            bysc[sc] += 1
        analyse(d.newlog(), acc)
    tb = time.time() - t0 - ta
    stop_drop.set()
    th.join()
    late = len(plan) - min(pos[0], len(plan))
    for name, b, ag, how in plan[pos[0]:]:
        rel.drop(root + '/intake', name, b, ag, 'rename')
    targeted = aimed_kills(root, expected, acc)
    d = Daemon(root).start()
    rel.wait_idle(root, len(expected), timeout=600, d=d)
    alive = d.alive()
    d.stop()
    analyse(d.newlog(), acc)
    if not alive:
        fail('the final docketd died: ' + d.newlog()[-300:])
    # One more start and stop: garbage newer than the last durable commit
    # is the start after the next commit's to remove (defect 5's rule).
    d = Daemon(root).start()
    if not d.wait_ready(60):
        fail('docketd did not start after the sweep: ' + d.newlog()[-300:])
    d.stop()
    f = rel.check_root(root, expected, agencies)
    total = sum(kills.values())
    rel.FIG['kill'] = dict(
        kill_points=total, random_time=kills['time'], syscall_exact=kills['syscall'],
        syscall_not_reached=kills['syscall_not_reached'], by_syscall=dict(bysc),
        documents=len(expected), dropped_after_sweep=late, aimed=targeted, seconds_random=round(ta), seconds_syscall=round(tb),
        recoveries=dict(replays=acc['replays'], duplicates_removed=acc['duplicates_removed'],
                        stale_locks=acc['stale_locks'], cycles_storing=acc['cycles_storing'],
                        stored_lines=acc['stored']), **f)
    if acc['fatal']:
        fail(f'{len(acc["fatal"])} fatal line(s) in the logs, e.g. {acc["fatal"][:2]}')
    if kills['syscall'] < ksys // 5:
        fail(f'only {kills["syscall"]} of {ksys} strace kills hit their system call')
    log('  kill:', json.dumps(rel.FIG['kill'], ensure_ascii=False))


def summary(fig):
    k = fig['kill']
    return (f"kill -9 {k['kill_points']} points ({k['syscall_exact']} at exact syscalls)/"
            f"{k['documents']} docs: {k['lost']} lost {k['duplicated']} dup, "
            f"{k['probe_files']} probe files, {k['packs_unreferenced']} unreferenced packs, "
            f"verify {k['verify']}, fsck {k['fsck']}")


if __name__ == '__main__':
    rel.main('kill', sweep, summary)
