"""The load generator: wrk when installed, else a Python fallback.

Both are closed-loop: `connections` keep-alive connections, each sending
its next request as soon as the last answer is read, for `seconds`, cycling
through a list of paths (so a workload is 500 ids or 20 speakers, not one
hot row). Both return a `stats.Sample`. A non-2xx/3xx answer, a timeout or
a broken connection counts as an error, not as a fast request.

wrk (C, one thread here) is the instrument: it costs little CPU, which on
a 2-core machine is CPU the servers under test keep. The Python fallback
(threads and http.client) costs a core of its own above a few thousand
requests per second, so its figures are a lower bound on the servers; the
results record which generator ran. Traffic goes only to 127.0.0.1.

    python bench/load.py http://127.0.0.1:8000 /healthz /readyz -c 8 -d 5
"""
import argparse
import http.client
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from urllib.parse import urlsplit

try:
    from . import stats
except ImportError:  # run as a script
    import stats

WRK_MARK = "BENCH-RESULT "

# wrk runs this Lua: cycle through the paths; at the end print the summary
# and 1,000 latency quantiles (wrk keeps a histogram but lets Lua read only
# percentiles of it) as one JSON line.
WRK_SCRIPT = """
local paths = {%(paths)s}
local next_path = 0
request = function()
  next_path = next_path %% #paths + 1
  return wrk.format("GET", paths[next_path])
end
done = function(summary, latency, requests)
  local points = {}
  for i = 0, %(quantiles)d - 1 do
    points[#points + 1] = tostring(latency:percentile((i + 0.5) * 100 / %(quantiles)d))
  end
  local e = summary.errors
  io.write(string.format('%(mark)s{"requests": %%d, "duration_us": %%d, "bytes": %%d, ' ..
    '"errors": {"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}, ' ..
    '"latency_us": [%%s]}\\n', summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout, table.concat(points, ",")))
end
"""


def wrk_available():
    return shutil.which("wrk") is not None


def wrk_version():
    if not wrk_available():
        return None
    result = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return (result.stdout or result.stderr).split("\n")[0].strip()


def _check_loopback(base):
    host = urlsplit(base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"the benchmark only sends traffic to loopback, not {host!r}")


def _lua_string(text):
    """A Lua string literal of `text`, every byte outside a safe ASCII set escaped."""
    safe = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/?&=%-_.,:+~")
    return '"' + "".join(chr(b) if b in safe else "\\%03d" % b for b in text.encode()) + '"'


def run_wrk(base, paths, seconds, connections=8, timeout=30):
    """Drive `base` with wrk (one thread) for `seconds`; return a Sample."""
    _check_loopback(base)
    script = WRK_SCRIPT % {"paths": ", ".join(_lua_string(p) for p in paths),
                           "quantiles": stats.QUANTILES, "mark": WRK_MARK}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    loadavg = os.getloadavg()[0]
    try:
        result = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", f"--timeout={timeout}s",
             "-s", file.name, base],
            capture_output=True, text=True, timeout=seconds + timeout + 30)
    finally:
        os.unlink(file.name)
    line = next((l for l in result.stdout.splitlines() if l.startswith(WRK_MARK)), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result: {result.stdout[-800:]} {result.stderr[-800:]}")
    data = json.loads(line[len(WRK_MARK):])
    return stats.Sample(requests=data["requests"], seconds=data["duration_us"] / 1e6,
                        errors=sum(data["errors"].values()), bytes=data["bytes"],
                        latency_ms=[value / 1000 for value in data["latency_us"]],
                        loadavg=round(loadavg, 2))


def run_python(base, paths, seconds, connections=8, timeout=30):
    """The fallback: `connections` threads, one keep-alive connection each."""
    _check_loopback(base)
    parts = urlsplit(base)
    latencies, counters = [], {"errors": 0, "bytes": 0}
    lock = threading.Lock()
    loadavg = os.getloadavg()[0]
    start = time.perf_counter()
    deadline = start + seconds

    def worker(offset):
        mine, errors, received = [], 0, 0
        connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
        position = offset
        while time.perf_counter() < deadline:
            path = paths[position % len(paths)]
            position += 1
            began = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                if response.status >= 400:
                    errors += 1
                else:
                    mine.append((time.perf_counter() - began) * 1000)
                    received += len(body)
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
        connection.close()
        with lock:
            latencies.extend(mine)
            counters["errors"] += errors
            counters["bytes"] += received

    threads = [threading.Thread(target=worker, args=(i * 7,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + timeout + 5)
    elapsed = time.perf_counter() - start
    return stats.Sample(requests=len(latencies), seconds=elapsed, errors=counters["errors"],
                        bytes=counters["bytes"], latency_ms=stats.quantiles(latencies),
                        loadavg=round(loadavg, 2))


def generator(name="auto"):
    """(name, run function) for 'wrk', 'python' or 'auto' (wrk when installed)."""
    if name == "auto":
        name = "wrk" if wrk_available() else "python"
    if name == "wrk" and not wrk_available():
        raise RuntimeError("wrk is not installed (apt-get install -y wrk), use --load python")
    return name, {"wrk": run_wrk, "python": run_python}[name]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base", help="http://127.0.0.1:PORT")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("-c", "--connections", type=int, default=8)
    parser.add_argument("-d", "--seconds", type=float, default=5)
    parser.add_argument("--load", choices=("auto", "wrk", "python"), default="auto")
    args = parser.parse_args()
    name, run = generator(args.load)
    sample = run(args.base, args.paths, args.seconds, args.connections)
    print(json.dumps({"generator": name, **sample.as_dict()}))


if __name__ == "__main__":
    main()
