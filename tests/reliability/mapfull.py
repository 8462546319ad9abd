#!/usr/bin/env python3
"""mapfull.py: LMDB's map full (map_size = 1M, the smallest docketd takes).

Documents are dropped past what a 1 MiB map holds, while a reader runs
`docketctl list --json` again and again; half-way docketd is killed -9
and started again on the grown map.  Then 20 records are marked (changes
on the grown map) and `docketctl reindex` rebuilds the index into a fresh
1 MiB map.  Asserted:

  - the map grew ("map full, growing" in the log), during ingest;
  - no concurrent docketctl read failed;
  - the 20 marks succeeded; reindex succeeded and changed no record;
  - docketd stayed alive;
  - rel.check_root: exactly once, nothing left, verify and git fsck
    --strict clean.

Knob: REL_MAP_DOCS (quick 1200, full 3000).
"""
import collections, json, os, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rel
from rel import Daemon, ctl, fail, log


def sweep():
    n = rel.knob('MAP_DOCS', 1200, 3000)
    base = rel.scratch('map')
    root = base + '/root'
    conf = rel.write_conf(base + '/docketd.conf', 'map_size = 1M\n' + rel.NEVER_CONF)
    docs = rel.gendocs(n, 2, start=80000)
    expected = {}
    d = Daemon(root, conf).start()
    if not d.wait_ready():
        fail('docketd did not start: ' + d.newlog()[-300:])
        return
    stop = threading.Event()
    rerr = collections.Counter()

    def reader():
        while not stop.is_set():
            r = ctl(root, 'list', '--json', timeout=60)
            rerr['reads'] += 1
            if r.returncode != 0:
                rerr['failed'] += 1
                rerr['last'] = r.stderr.decode()[-200:]
            time.sleep(0.05)
    th = threading.Thread(target=reader, daemon=True)
    th.start()
    for i, b in enumerate(docs):
        name = f'map{i:05d}.txt'
        rel.drop(root + '/intake', name, b)
        expected[rel.sha(b)] = name
        if i == n // 2:
            time.sleep(0.3)
            d.kill9()           # a kill in the middle, with the map grown
            d = Daemon(root, conf).start()
        if i % 200 == 199:
            time.sleep(0.1)
    rel.wait_idle(root, n, 120, d)
    stop.set()
    th.join()
    with open(d.logpath, errors='replace') as f:
        grows = f.read().count('map full, growing')
    recs = rel.records(root)
    okm = 0
    for r in recs[:20]:
        to = 'public' if r['disclosure'] != 'public' else 'withheld'
        okm += ctl(root, 'mark', r['id'], to, '--reason', 'map test').returncode == 0
    before = json.dumps(sorted((r['id'], r['disclosure']) for r in rel.records(root)))
    ri = ctl(root, 'reindex', timeout=300)
    after = json.dumps(sorted((r['id'], r['disclosure']) for r in rel.records(root)))
    with open(d.logpath, errors='replace') as f:
        grows2 = f.read().count('map full, growing') - grows
    alive = d.alive()
    d.stop()
    f = rel.check_root(root, expected)
    size = os.path.getsize(root + '/db/data.mdb')
    if ri.returncode != 0:
        fail(f'reindex with map_size 1M failed: {(ri.stdout + ri.stderr).decode()[-300:]}')
    if before != after:
        fail('reindex changed the records')
    if okm != 20:
        fail(f'only {okm} of 20 marks succeeded on the grown map')
    if grows == 0:
        fail('the map never grew (map_size 1M not honoured, or too few documents)')
    if rerr['failed']:
        fail(f'{rerr["failed"]} of {rerr["reads"]} concurrent docketctl reads failed: {rerr["last"]}')
    if not alive:
        fail('docketd died')
    rel.FIG['mapfull'] = dict(documents=n, growths_ingest=grows, growths_reindex=grows2,
                              data_mdb_mb=round(size / 2 ** 20, 1), concurrent_reads=rerr['reads'],
                              failed_reads=rerr['failed'], marks_ok=okm,
                              reindex='ok' if ri.returncode == 0 else 'FAIL', **f)
    log('  mapfull:', json.dumps(rel.FIG['mapfull'], ensure_ascii=False))


def summary(fig):
    m = fig['mapfull']
    return (f"mapfull 1M->{m['growths_ingest']} growths, {m['lost']} lost {m['duplicated']} dup, "
            f"reindex {m['reindex']}, {m['failed_reads']} failed reads, verify {m['verify']}, fsck {m['fsck']}")


if __name__ == '__main__':
    rel.main('mapfull', sweep, summary)
