"""rel.py: what docket's reliability suite (tests/reliability/*.py) shares.

Each test of the suite is one concern in one file (kill.py, lifecycle.py,
enospc.py, eio.py, mapfull.py, hostile.py, control.py), started by the .sh
of the same name that `make check` runs.  This module gives them:

  - the programs: DOCKETD and DOCKETCTL from the environment (automake sets
    them), else src/ of the build tree beside this directory;
  - the size of the run: knob(NAME, quick, full) reads REL_NAME from the
    environment, else the quick value, or the full value when REL_FULL=1
    (`make check-reliability` sets it);
  - synthetic documents (gendocs), the hand-off (drop), docketctl (ctl,
    ctl_json, status, records, wait_idle) and a Daemon (start, kill -9,
    stop, optionally under strace or with LD_PRELOAD);
  - check_root: the properties every section asserts of a root at the end:
    every document registered exactly once, nothing left in intake/ or
    spool/, no good file quarantined, the vault history registering as many
    versions as the index holds, `docketctl verify` and `git fsck --strict`
    clean, no stale .docketd-probe files, no pack that no ref reaches;
  - fail/note and the figures: run(NAME, fn) runs one section, prints its
    figures as JSON, the notes and the failures, and as the last line one
    summary: "reliability NAME: PASS|FAIL in N s; ...".  Exit status 0 only
    when every property held.

A failure that waits for a fix in progress names it: fail(..., pending=N)
prints "(issue 14 defect N)" so a red run says which fix it waits for.

Scratch directories are mkdtemp'd as $TMPDIR/docket-rel-NAME.*; they and
every process the test started (by pid) are removed at the end, and tmpfs
mounts are unmounted.  REL_KEEP=1 keeps the directories.  REL_SEED seeds
the random choices (default 20261206), so a run can be repeated.
"""
import collections, hashlib, json, os, random, re, shutil, signal, subprocess
import sys, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
_BUILD = os.path.normpath(os.path.join(HERE, '..', '..', 'src'))
DOCKETD = os.environ.get('DOCKETD') or os.path.join(_BUILD, 'docketd')
DOCKETCTL = os.environ.get('DOCKETCTL') or os.path.join(_BUILD, 'docketctl')
FULL = os.environ.get('REL_FULL', '') not in ('', '0')
RNG = random.Random(int(os.environ.get('REL_SEED', '20261206')))
TMP = os.environ.get('TMPDIR', '/tmp')

SECTION = '?'
MY_PIDS = set()        # every process this test started (killed by pid only)
MOUNTS = []            # tmpfs mounts to undo
CREATED = []           # scratch directories to remove
FAILS = []             # (section, text)
NOTES = []
FIG = collections.OrderedDict()


def knob(name, quick, full):
    """REL_<NAME> from the environment, else the quick or the full value."""
    v = os.environ.get('REL_' + name)
    return type(quick)(v) if v else (full if FULL else quick)


def log(*a):
    print(*a, flush=True)


def fail(text, pending=None):
    if pending:
        text = f'(issue 14 defect {pending}) {text}'
    FAILS.append((SECTION, text))
    log(f'  FAIL [{SECTION}] {text}')


def skip(text):
    """Exit 77 (automake's SKIP).  Only for a build that cannot take the
    test (a sanitizer build and LD_PRELOAD), never for a missing tool."""
    log(f'SKIP: {SECTION}: {text}')
    cleanup()
    sys.exit(77)


def note(text):
    NOTES.append((SECTION, text))
    log(f'  note [{SECTION}] {text}')


def sha(b):
    return hashlib.sha256(b).hexdigest()


# --- documents -------------------------------------------------------------

def gendocs(n, size_kb=2, start=0):
    """n distinct synthetic 公文 (bytes).  The docno and the title carry the
    number start+i+1, so sets with different start values never share a
    docno (no document is read as a new version of another)."""
    rnd = random.Random(start * 7919 + n)
    ag = ['淄博市财政局:淄财', '淄博市教育局:淄教', '淄博市民政局:淄民',
          '淄博市生态环境局:淄环', '淄博市人民政府办公室:淄政办']
    mk = ['（此件公开发布）',
          '（此件依申请公开）\n依申请公开理由：涉及第三方权益，依据《中华人民共和国政府信息公开条例》第十五条。',
          '（此件不予公开）\n不予公开理由：内部事务信息，依据《中华人民共和国政府信息公开条例》第十六条。']
    para = ('为进一步做好政务公开工作，推进基层政务公开标准化规范化建设，现就有关事项通知如下。'
            '各单位要高度重视，明确责任分工，认真抓好落实。')
    nbody = max(1, size_kb * 1024 // (len(para.encode()) + 8))
    body = '\n\n'.join(f'{k + 1}、{para}' for k in range(nbody))
    out = []
    for i in range(start, start + n):
        a, code = rnd.choice(ag).split(':')
        year = rnd.randint(2015, 2026)
        text = (f'{a}\n\n{code}发〔{year}〕{i + 1}号\n\n{a}\n'
                f'关于做好第{i + 1}批政务公开事项工作的通知\n\n各区县人民政府，市政府各部门：\n\n'
                f'{body}\n\n{a}\n{year}年{rnd.randint(1, 12)}月{rnd.randint(1, 28)}日\n'
                f'{rnd.choice(mk)}\n')
        out.append(text.encode('utf-8'))
    return out


def drop(intake, name, data, agency=None, how='rename'):
    """The hand-offs drafting systems use: write a dot-file and rename it in
    (rename), write in a stage directory and link it in (link), or write in
    place (inplace; found by IN_CLOSE_WRITE and the settle check)."""
    d = os.path.join(intake, agency) if agency else intake
    os.makedirs(d, exist_ok=True)
    if how == 'rename':
        tmp = os.path.join(d, f'.drop-{os.getpid()}-{threading.get_ident()}.part')
        with open(tmp, 'wb') as f:
            f.write(data)
        os.rename(tmp, os.path.join(d, name))
    elif how == 'link':
        stage = os.path.join(os.path.dirname(intake), 'stage')
        os.makedirs(stage, exist_ok=True)
        tmp = os.path.join(stage, name)
        with open(tmp, 'wb') as f:
            f.write(data)
        os.link(tmp, os.path.join(d, name))
        os.unlink(tmp)
    else:
        with open(os.path.join(d, name), 'wb') as f:
            f.write(data)


# --- processes -------------------------------------------------------------

def popen(args, **kw):
    p = subprocess.Popen(args, **kw)
    MY_PIDS.add(p.pid)
    return p


def run(args, timeout=120, **kw):
    return subprocess.run(args, capture_output=True, timeout=timeout, **kw)


class Daemon:
    """docketd -f -r ROOT [-c CONF], optionally under a wrapper (strace) or
    with extra environment (LD_PRELOAD); its output goes to logpath."""

    def __init__(self, root, conf=None, env=None, wrap=None, logpath=None):
        self.root, self.conf, self.env, self.wrap = root, conf, env, wrap
        self.p = None
        self.pid = None
        self.logpath = logpath or root + '.log'
        self.logoff = 0

    def start(self):
        args = [DOCKETD, '-f', '-r', self.root]
        if self.conf:
            args += ['-c', self.conf]
        if self.wrap:
            args = self.wrap + args
        env = dict(os.environ)
        env.update(self.env or {})
        self.logoff = self.logsize()
        with open(self.logpath, 'ab') as lf:
            self.p = popen(args, stdout=lf, stderr=subprocess.STDOUT, env=env)
        self.pid = self.p.pid
        if self.wrap:
            self.pid = self._find_docketd()
        return self

    def _find_docketd(self):
        """The pid of docketd under the wrapper: the child of strace that
        has exec'd docketd.  (strace's first child may be a short-lived
        helper; taking it for docketd made a kill of ours look like a kill
        at the system call.)  None when the wrapper ended first: docketd
        was killed before it could be seen."""
        real = os.path.realpath(DOCKETD)
        for _ in range(1000):
            try:
                with open(f'/proc/{self.p.pid}/task/{self.p.pid}/children') as f:
                    kids = [int(c) for c in f.read().split()]
            except OSError:
                kids = []
            for c in kids:
                try:
                    if os.path.realpath(os.readlink(f'/proc/{c}/exe')) == real:
                        MY_PIDS.add(c)
                        return c
                except OSError:
                    pass
            if self.p.poll() is not None:
                return None
            time.sleep(0.003)
        return None

    def logsize(self):
        try:
            return os.path.getsize(self.logpath)
        except OSError:
            return 0

    def logsince(self, off):
        with open(self.logpath, 'rb') as f:
            f.seek(off)
            return f.read().decode('utf-8', 'replace')

    def newlog(self):
        """What this start of docketd logged."""
        return self.logsince(self.logoff)

    def alive(self):
        if self.p is None or self.p.poll() is not None:
            return False
        if self.pid and self.pid != self.p.pid:
            try:
                with open(f'/proc/{self.pid}/status') as f:
                    return 'zombie' not in f.read()
            except OSError:
                return False
        return True

    def wait_ready(self, timeout=60):
        t = time.time() + timeout
        while time.time() < t:
            if 'docketd started on' in self.newlog():
                return True
            if not self.alive():
                return False
            time.sleep(0.02)
        return False

    def hwm_kb(self):
        try:
            with open(f'/proc/{self.pid or self.p.pid}/status') as f:
                for line in f:
                    if line.startswith('VmHWM:'):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def kill9(self):
        for pid in {self.pid, self.p.pid if self.p else None} - {None}:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.reap()

    def reap(self, timeout=10):
        if self.p is None:
            return
        try:
            self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            os.kill(self.p.pid, signal.SIGKILL)
            self.p.wait()
        if self.pid and self.pid != self.p.pid:   # dies with strace
            for _ in range(200):
                try:
                    with open(f'/proc/{self.pid}/status') as f:
                        if 'zombie' in f.read():
                            break
                except OSError:
                    break
                time.sleep(0.01)

    def stop(self, timeout=60):
        """SIGTERM; the exit status, or None when it was not running."""
        if not self.alive():
            self.reap()
            return None
        os.kill(self.pid or self.p.pid, signal.SIGTERM)
        try:
            self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill9()
        return self.p.returncode


def ctl(root, *args, timeout=120, user=None):
    a = [DOCKETCTL, '-r', root] + list(args)
    if user:
        a = ['setpriv', '--reuid', str(user[0]), '--regid', str(user[1]), '--clear-groups'] + a
    return run(a, timeout=timeout)


def ctl_json(root, *args, timeout=120):
    r = ctl(root, *args, '--json', timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f'docketctl {" ".join(args)}: rc {r.returncode}: {r.stderr.decode()[-300:]}')
    return json.loads(r.stdout)


def status(root):
    try:
        return ctl_json(root, 'status', timeout=30)
    except Exception:
        return None


def records(root):
    return ctl_json(root, 'list', '--all')


def wait_idle(root, n, timeout=120, d=None):
    """Until n records and nothing waiting in intake or spool (or the
    timeout, or the daemon d died); the last status."""
    t = time.time() + timeout
    s = None
    while time.time() < t:
        s = status(root)
        if s and s['records'] >= n and s['waiting']['intake'] == 0 and s['waiting']['spool'] == 0:
            return s
        if d is not None and not d.alive():
            return s
        time.sleep(0.2)
    return s


def shutil_which(prog):
    return shutil.which(prog)


def write_conf(path, text):
    with open(path, 'w') as f:
        f.write(text)
    return path


# A cleanup schedule that never comes (30 February): no cleanup run of its
# own while a test changes records.
NEVER_CONF = '[cleanup]\nschedule = 0 0 30 2 *\ncatch_up = no\n'


def scratch(name):
    d = tempfile.mkdtemp(prefix=f'docket-rel-{name}.', dir=TMP)
    os.chmod(d, 0o755)
    CREATED.append(d)
    return d


def files_under(d):
    out = []
    for dp, dn, fn in os.walk(d):
        out += [os.path.join(dp, f) for f in fn]
    return out


def git(root, *args, timeout=600, **kw):
    return run(['git', '--git-dir', os.path.join(root, 'vault.git')] + list(args), timeout=timeout, **kw)


def pack_state(root):
    """(packs, garbage files in objects/pack, packs no ref reaches).  docketd
    writes one pack per commit, so a pack whose commit no ref reaches is
    garbage even when its blobs are reachable (a batch re-committed after
    a kill has the same blobs and trees, but a new commit)."""
    p = os.path.join(root, 'vault.git', 'objects', 'pack')
    names = os.listdir(p) if os.path.isdir(p) else []
    packs = sorted(n[:-5] for n in names if n.endswith('.pack'))
    garbage = [n for n in names if not (n.startswith('pack-') and n.endswith(('.pack', '.idx')))]
    garbage += [n for n in names if n.endswith('.idx') and n[:-4] not in packs]
    reach = set(git(root, 'rev-list', '--objects', '--all').stdout.decode(errors='replace').split())
    objs = {}
    for pk in packs:
        idx = os.path.join(p, pk + '.idx')
        if os.path.exists(idx):
            with open(idx, 'rb') as f:
                r = run(['git', 'show-index'], stdin=f)
            objs[pk] = [l.split()[1] for l in r.stdout.decode().splitlines() if len(l.split()) >= 2]
    allobjs = sorted({o for v in objs.values() for o in v})
    r = git(root, 'cat-file', '--batch-check', input=('\n'.join(allobjs) + '\n').encode())
    kind = dict(l.split()[:2] for l in r.stdout.decode(errors='replace').splitlines() if len(l.split()) >= 2)
    unref = []
    for pk, ol in objs.items():
        commits = [o for o in ol if kind.get(o) == 'commit']
        if (commits and not any(c in reach for c in commits)) or (ol and not any(o in reach for o in ol)):
            unref.append(pk)
    return len(packs), garbage, unref


def probe_files(root):
    """Stale .docketd-probe.PID files docketd's start-up check left."""
    out = []
    for sub in ('intake', 'spool'):
        d = os.path.join(root, sub)
        if os.path.isdir(d):
            out += [os.path.join(sub, n) for n in os.listdir(d) if n.startswith('.docketd-probe')]
    return out


def vault_registrations(root):
    """Document versions the vault history registers: the N of every
    'register N ...' commit subject on main."""
    gl = git(root, 'log', '--format=%s', 'main', timeout=300)
    regs = 0
    for line in gl.stdout.decode(errors='replace').splitlines():
        w = line.split()
        if len(w) >= 3 and w[0] == 'register' and w[1].isdigit():
            regs += int(w[1])
    return regs


def verify_and_fsck(root, label=''):
    """docketctl verify and git fsck --strict: ('ok' | 'rc N', 'ok' | 'rc N')."""
    v = ctl(root, 'verify', timeout=900)
    g = git(root, 'fsck', '--strict', '--no-progress', timeout=900)
    gout = (g.stdout + g.stderr).decode(errors='replace')
    gbad = g.returncode != 0 or any(l.lower().startswith(('error', 'warning', 'missing', 'broken'))
                                    for l in gout.splitlines())
    if v.returncode != 0:
        fail(f'{label}docketctl verify: {(v.stdout + v.stderr).decode(errors="replace").strip()[-400:]}')
    if gbad:
        fail(f'{label}git fsck --strict: {gout.strip()[-400:]}')
    return ('ok' if v.returncode == 0 else f'rc {v.returncode}',
            'ok' if not gbad else f'rc {g.returncode}')


# What strerror(3) says for the errors a storage failure can carry.
STRERRORS = ('No space left on device', 'Input/output error', 'Disk quota exceeded',
             'Read-only file system', 'Permission denied', 'No such file or directory',
             'Too many open files', 'Cannot allocate memory', 'File too large',
             'Structure needs cleaning', 'Stale file handle', 'MDB_')


def failure_lines(text):
    """docketd's log lines that report a failure (not the generic
    'batch failed; retrying in N s' that follows the specific one)."""
    out = []
    for l in text.splitlines():
        if 'retrying in' in l and 'batch failed' in l:
            continue
        if re.search(r'after \d+ failed attempts?', l):     # a recovery, not a failure
            continue
        if any(k in l for k in ('failed', 'cannot', 'not yet in the index', 'error')):
            out.append(l)
    return out


def errno_unnamed(text):
    """Failure lines that name no errno (defect 8: every failure names the
    file or object and the errno)."""
    return [l for l in failure_lines(text) if not any(e in l for e in STRERRORS)]


def check_root(root, expected, agencies=None, quarantine_ok=(), label=''):
    """The end-of-section properties of a root whose daemon is stopped.
    expected: sha256 -> source name of every document dropped.  Returns the
    figures."""
    f = {}
    recs = records(root)
    seen = collections.Counter()
    multi = 0
    for r in recs:
        if r.get('version', 1) > 1:
            multi += 1
            vs = ctl_json(root, 'versions', r['id'])
            for v in (vs if isinstance(vs, list) else vs.get('versions', [])):
                seen[v['sha256']] += 1
        else:
            seen[r['sha256']] += 1
    lost = [h for h in expected if seen[h] == 0]
    dup = sum(c - 1 for h, c in seen.items() if c > 1)
    extra = sum(c for h, c in seen.items() if h not in expected)
    f['records'] = len(recs)
    f['expected'] = len(expected)
    f['lost'] = len(lost)
    f['duplicated'] = dup + extra
    f['multi_version'] = multi
    if agencies:
        bad = [r['id'] for r in recs if r['sha256'] in agencies and r.get('agency') != agencies[r['sha256']]]
        f['wrong_agency'] = len(bad)
        if bad:
            fail(f'{label}{len(bad)} record(s) with the wrong agency, e.g. {bad[:3]}')
    probes = probe_files(root)
    left_intake = [p for p in files_under(os.path.join(root, 'intake'))
                   if not os.path.basename(p).startswith('.docketd-probe')]
    left_spool = [n for n in os.listdir(os.path.join(root, 'spool')) if not n.startswith('.docketd-probe')]
    qdir = os.path.join(root, 'quarantine')
    quar = [n for n in os.listdir(qdir) if not n.endswith('.reason')] if os.path.isdir(qdir) else []
    quar_bad = [n for n in quar if n not in quarantine_ok]
    f['left_intake'] = len(left_intake)
    f['left_spool'] = len(left_spool)
    f['quarantined'] = len(quar_bad)
    f['probe_files'] = len(probes)
    regs = vault_registrations(root)
    nver = sum(max(1, r.get('version', 1)) for r in recs)
    f['vault_registrations'] = regs
    if regs != nver:
        fail(f'{label}the vault history registers {regs} document versions, the index holds {nver}: '
             f'{"some documents were committed twice" if regs > nver else "commits missing"}')
    npacks, garbage, unref = pack_state(root)
    f['packs'] = npacks
    f['pack_garbage'] = len(garbage)
    f['packs_unreferenced'] = len(unref)
    if lost:
        fail(f'{label}{len(lost)} document(s) lost (no record has their sha256), '
             f'e.g. {[expected[h] for h in lost[:5]]}')
    if dup or extra:
        fail(f'{label}{dup} duplicate(s) and {extra} record(s) of unknown content')
    if multi:
        fail(f'{label}{multi} record(s) have more than one version (a re-registration)')
    if left_intake or left_spool:
        fail(f'{label}left in intake/spool: {left_intake[:3]} {left_spool[:3]}')
    if quar_bad:
        why = ''
        try:
            with open(os.path.join(qdir, quar_bad[0] + '.reason'), errors='replace') as fh:
                why = fh.read().strip()[:200]
        except OSError:
            pass
        fail(f'{label}good file(s) quarantined: {quar_bad[:3]} ({why})')
    if probes:
        fail(f'{label}{len(probes)} stale probe file(s) left after a clean start: {probes[:3]}', pending=4)
    if garbage:
        fail(f'{label}garbage in objects/pack (temporary packs of killed writers, '
             f'an .idx without its .pack): {garbage[:3]}',
             pending=5)
    if unref:
        fail(f'{label}{len(unref)} pack(s) that no ref reaches left in objects/pack, e.g. {unref[:2]}',
             pending=5)
    f['verify'], f['fsck'] = verify_and_fsck(root, label)
    return f


# --- running one section ---------------------------------------------------

def cleanup():
    for pid in list(MY_PIDS):
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    # a docketd under strace whose pid was never learned: by its scratch
    # directory, which no other process names
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            with open(f'/proc/{d}/cmdline', 'rb') as f:
                cmd = f.read().decode('utf-8', 'replace').split('\0')
        except OSError:
            continue
        if cmd and os.path.basename(cmd[0]) == 'docketd' and any(
                a.startswith(s + '/') for a in cmd for s in CREATED):
            try:
                os.kill(int(d), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    for m in reversed(MOUNTS):
        run(['umount', '-l', m], timeout=30)
    del MOUNTS[:]
    if os.environ.get('REL_KEEP'):
        log('# kept ' + ' '.join(CREATED))
        return
    for d in CREATED:
        shutil.rmtree(d, ignore_errors=True)


def main(name, fn, summary):
    """Run fn() as section name; summary(FIG) makes the text of the last
    line.  Exits 0 when nothing failed, 1 otherwise, 99 on a harness error
    that left no figures."""
    global SECTION
    SECTION = name
    for need in (DOCKETD, DOCKETCTL):
        if not os.access(need, os.X_OK):
            log(f'FAIL: {need} is not an executable (build first)')
            sys.exit(99)

    def term(sig, frm):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, term)
    t0 = time.time()
    log(f'== {name} ({"full" if FULL else "quick"}; REL_FULL=1 for the full sweep)')
    try:
        fn()
    except KeyboardInterrupt:
        fail('interrupted')
    except Exception as e:
        import traceback
        traceback.print_exc()
        fail(f'harness error: {e!r}')
    finally:
        cleanup()
    log('== figures')
    log(json.dumps(FIG, ensure_ascii=False, indent=1))
    if NOTES:
        log('== notes')
        for s, t in NOTES:
            log(f'  [{s}] {t}')
    if FAILS:
        log('== failures')
        for s, t in FAILS:
            log(f'  [{s}] {t}')
    try:
        text = summary(FIG)
    except Exception as e:
        text = f'no figures ({e!r})'
    pend = sorted({t.split(')')[0][len('(issue 14 '):] for _, t in FAILS if t.startswith('(issue 14 defect')})
    log(f"reliability {name}: {'PASS' if not FAILS else 'FAIL'} in {time.time() - t0:.0f} s; {text}"
        + (f'; {len(FAILS)} failure(s)' if FAILS else '')
        + (f' (pending fixes: {", ".join(pend)})' if pend else ''))
    sys.exit(1 if FAILS else 0)
