"""Shared pieces of the benchmark scripts: timing with /usr/bin/time -v, machine facts, the oit binary,
a loopback nginx, and the dated results file (bench/results/YYYY-MM-DD-<label>.md)."""
import datetime
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
RESULTS = os.path.join(BENCH, "results")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def die(msg):
    log(f"error: {msg}")
    sys.exit(2)


def oit_binary():
    """build-bench/oit (a Release build of this checkout), built if missing; $OIT overrides."""
    if os.environ.get("OIT"):
        return os.environ["OIT"]
    build = os.path.join(REPO, "build-bench")
    oit = os.path.join(build, "oit")
    if not os.path.exists(oit):
        log("building oit (Release) into build-bench/ …")
        subprocess.run(["cmake", "-S", REPO, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["ninja", "-C", build, "oit"], check=True, stdout=subprocess.DEVNULL)
    return oit


def require(*tools):
    missing = [t for t in tools if not shutil.which(t) and not os.path.exists(t)]
    if missing:
        die(f"missing {', '.join(missing)}: run bench/setup first")


class Run:
    """One timed command: wall seconds, CPU seconds (user+sys, children included), peak RSS in MB."""

    def __init__(self, wall, cpu, rss_mb, returncode, stdout, stderr):
        self.wall, self.cpu, self.rss_mb = wall, cpu, rss_mb
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def timed(cmd, cwd=None, env=None, ok_codes=(0,), stdout_path=None):
    """Runs cmd under /usr/bin/time -v; the wall time is measured here around the whole process.
    stdout_path: standard output goes to that file (node cuts output to a pipe short when it exits)."""
    stats = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"oit-bench-time-{os.getpid()}.txt")
    sink = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", "-o", stats] + cmd, cwd=cwd, env=env,
                       stdout=sink, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if stdout_path:
        sink.close()
        p.stdout = open(stdout_path, "rb").read()
    text = open(stats).read()
    os.unlink(stats)
    field = lambda name: float(re.search(rf"{re.escape(name)}: ([0-9.]+)", text).group(1))
    run = Run(wall, field("User time (seconds)") + field("System time (seconds)"),
              field("Maximum resident set size (kbytes)") / 1024, p.returncode,
              p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))
    if p.returncode not in ok_codes:
        log(run.stdout[-3000:] + run.stderr[-3000:])
        die(f"{' '.join(cmd)} exited with {p.returncode}")
    return run


def median(values):
    return statistics.median(values)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_quiet(cmd):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60).stdout.decode(
            "utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return ""


def tool_versions(oit=None):
    """One line per tool: what exactly was measured."""
    v = {}
    if oit:
        head = run_quiet(["git", "-C", REPO, "rev-parse", "--short", "HEAD"]).strip()
        dirty = run_quiet(["git", "-C", REPO, "status", "--porcelain", "--", "generator", "checks", "CMakeLists.txt"])
        v["oit"] = (run_quiet([oit, "version"]).strip().splitlines() or ["?"])[0] + \
            f" (Release build of git {head}{' + uncommitted changes' if dirty.strip() else ''})"
    v["hugo"] = (run_quiet(["hugo", "version"]).split(" BuildDate")[0]).strip()
    v["html-proofer"] = run_quiet(["htmlproofer", "--version"]).strip()
    lc = [l for l in run_quiet(["linkchecker", "--version"]).splitlines() if l.startswith("LinkChecker")]
    v["LinkChecker"] = lc[0].replace(" released unknown", "").strip() if lc else ""
    v["linkinator"] = run_quiet([os.path.join(REPO, "node_modules", ".bin", "linkinator"), "--version"]).strip()
    v["node"] = run_quiet(["node", "--version"]).strip()
    v["ruby"] = run_quiet(["ruby", "--version"]).split(" [")[0].strip()
    v["nginx"] = run_quiet(["nginx", "-v"]).strip().replace("nginx version: ", "")
    return {k: s for k, s in v.items() if s}


def machine():
    mem = re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read())
    cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read())
    osr = re.search(r'PRETTY_NAME="([^"]*)"', open("/etc/os-release").read())
    return {
        "nproc": str(os.cpu_count()),
        "RAM": f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "?",
        "CPU": cpu.group(1).strip() if cpu else "?",
        "OS": f"{osr.group(1) if osr else '?'}, Linux {os.uname().release}",
        "disk": "ext4" if "ext4" in run_quiet(["df", "-T", "/tmp"]) else run_quiet(["df", "-T", "/tmp"]).split()[-6],
    }


def load_average():
    return os.getloadavg()[0]


def load_note(samples):
    """Other work on the machine (shared with other jobs) slows wall times: say how busy it was."""
    return (f"load average during the runs: {min(samples):.1f}–{max(samples):.1f} on {os.cpu_count()} cores"
            + (" — the machine was busy with other work: wall times are inflated; CPU times are the steadier "
               "measure" if max(samples) > os.cpu_count() * 0.75 else ""))


def results_path(label):
    return os.path.join(RESULTS, f"{datetime.date.today().isoformat()}-{label}.md")


def update_results(label, section, markdown, oit=None):
    """Writes (or replaces) one benchmark's section of today's results file; the header is refreshed."""
    os.makedirs(RESULTS, exist_ok=True)
    path = results_path(label)
    sections = {}
    if os.path.exists(path):
        for name, body in re.findall(r"<!-- begin ([\w-]+) -->\n(.*?)<!-- end \1 -->", open(path).read(), re.S):
            sections[name] = body
    sections[section] = markdown.rstrip("\n") + "\n"
    m = machine()
    header = [f"# oit benchmarks — {datetime.date.today().isoformat()} — {label}", "",
              "Written by `bench/build`, `bench/check` and `bench/rebuild` (each replaces its own section).", "",
              "| machine | |", "|---|---|"]
    header += [f"| {k} | {v} |" for k, v in m.items()]
    header += [f"| {k} | {v} |" for k, v in tool_versions(oit).items()]
    out = "\n".join(header) + "\n\n"
    order = ["build"] + sorted(k for k in sections if k.startswith("build-")) + ["check", "rebuild"]
    for name in order:
        if name in sections:
            out += f"<!-- begin {name} -->\n{sections[name]}<!-- end {name} -->\n\n"
    with open(path, "w") as f:
        f.write(out.rstrip("\n") + "\n")
    log(f"results: {os.path.relpath(path, REPO)}")
    return path


def update_readme(section, markdown):
    """Replaces the text between <!-- bench:SECTION --> and <!-- /bench:SECTION --> in README.md."""
    path = os.path.join(REPO, "README.md")
    text = open(path).read()
    begin, end = f"<!-- bench:{section} -->", f"<!-- /bench:{section} -->"
    if begin not in text or end not in text:
        log(f"README.md has no {begin} … {end} markers: not updated")
        return
    head, rest = text.split(begin, 1)
    tail = rest.split(end, 1)[1]
    with open(path, "w") as f:
        f.write(f"{head}{begin}\n{markdown.strip()}\n{end}{tail}")
    log(f"README.md: {section} summary updated")


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


class Nginx:
    """nginx serving ROOT on 127.0.0.1:<free port>, its own config, logs and pid in WORKDIR; stopped by
    stop() (it is our child process, ended by its pid). The access log records each request's connection
    serial number so connections per tool can be counted."""

    def __init__(self, root, workdir, port=None):
        self.root, self.workdir = os.path.abspath(root), os.path.abspath(workdir)
        self.port = port or free_port()
        self.proc = None
        os.makedirs(self.workdir, exist_ok=True)
        self.access_log = os.path.join(self.workdir, "access.log")
        self.conf = os.path.join(self.workdir, "nginx.conf")

    def write_conf(self):
        w = self.workdir
        with open(self.conf, "w") as f:
            f.write(f"""daemon off;
master_process on;
worker_processes 1;
worker_rlimit_nofile 20000;
pid {w}/nginx.pid;
error_log {w}/error.log warn;
# linkinator opens a new connection for most requests and leaves them idle: room for all of them.
events {{ worker_connections 16000; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  keepalive_timeout 65;
  client_body_temp_path {w}/tmp-body;
  proxy_temp_path {w}/tmp-proxy;
  fastcgi_temp_path {w}/tmp-fastcgi;
  uwsgi_temp_path {w}/tmp-uwsgi;
  scgi_temp_path {w}/tmp-scgi;
  log_format bench '$connection $msec $request_time $status $request_method $request_uri';
  access_log {self.access_log} bench;
  server {{
    listen 127.0.0.1:{self.port};
    server_name localhost;
    root {self.root};
    index index.html;
    # LinkChecker throttles every host to ~3 requests/s unless the server sends this header
    # (then its maxrequestspersecond applies): a server of our own opts out, for every tool alike.
    add_header LinkChecker "benchmark server";
    error_page 404 /404.html;
  }}
}}
""")

    def start(self):
        self.write_conf()
        self.proc = subprocess.Popen(["nginx", "-c", self.conf, "-p", self.workdir],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    die("nginx did not start: " + self.proc.stderr.read().decode())
                time.sleep(0.05)
        die("nginx did not start listening")

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"

    def reset_log(self):
        """Empties the access log (nginx keeps its file open: truncate in place)."""
        open(self.access_log, "w").close()

    def log_stats(self):
        """(requests, distinct connections) since the last reset_log()."""
        requests, conns = 0, set()
        for line in open(self.access_log, encoding="utf-8", errors="replace"):
            parts = line.split()
            if parts:
                requests += 1
                conns.add(parts[0])
        return requests, len(conns)

    def statuses(self):
        counts = {}
        for line in open(self.access_log, encoding="utf-8", errors="replace"):
            parts = line.split()
            if len(parts) > 3:
                counts[parts[3]] = counts.get(parts[3], 0) + 1
        return counts

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()     # SIGTERM to our own nginx master: fast shutdown
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class ConnectionSampler:
    """Samples, every 20 ms in a thread, how many TCP connections to 127.0.0.1:PORT are established
    (/proc/net/tcp, server side): the peak is what a crawler really held open at once."""

    def __init__(self, port):
        self.hex_port = f"{port:04X}"
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _count(self):
        n = 0
        with open("/proc/net/tcp") as f:
            next(f)
            for line in f:
                parts = line.split(None, 4)
                if parts[1].endswith(":" + self.hex_port) and parts[3] == "01":
                    n += 1
        return n

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._count())
            self._stop.wait(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
