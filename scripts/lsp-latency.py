#!/usr/bin/env python3
"""Edit-to-diagnostics time of `journeymap lsp` on a big map, as an editor sees it.

Opens the map over stdio, then 40 times makes a touchpoint's channel unknown and known again
with an incremental change, timing each change until its publishDiagnostics arrives.

    python3 scripts/lsp-latency.py target/release/journeymap path/to/generated-500.journey.yaml

A 500-step map: JOURNEYMAP_GEN_DIR=/tmp/gen JOURNEYMAP_GEN_STEPS=500 \
    cargo test --test render_gen -- --ignored
"""
import json, subprocess, sys, time
binary, path = sys.argv[1], sys.argv[2]
text = open(path).read()
p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def send(m):
    b = json.dumps(m).encode(); p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b); p.stdin.flush()
def recv():
    n = None
    while True:
        line = p.stdout.readline().strip()
        if not line: break
        if line.startswith(b"Content-Length:"): n = int(line.split()[1])
    return json.loads(p.stdout.read(n))
send({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":None,"rootUri":None,"capabilities":{}}}); recv()
send({"jsonrpc":"2.0","method":"initialized","params":{}})
uri = "file://" + path
send({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":uri,"languageId":"yaml","version":1,"text":text}}}); recv()
t = text.rfind("- channel: ") + 11
line = text[:t].count("\n"); ch = t - (text[:t].rfind("\n") + 1)
times = []
for r in range(40):
    if r % 2 == 0: rng = {"start":{"line":line,"character":ch},"end":{"line":line,"character":ch}}; ins = "zz"
    else: rng = {"start":{"line":line,"character":ch},"end":{"line":line,"character":ch+2}}; ins = ""
    s = time.perf_counter()
    send({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":uri,"version":r+2},"contentChanges":[{"range":rng,"text":ins}]}})
    m = recv(); times.append((time.perf_counter()-s)*1000)
    assert m["method"] == "textDocument/publishDiagnostics"
times.sort()
print("edit->diagnostics 500 steps: median %.1f ms, p90 %.1f, max %.1f (n=%d)" % (times[len(times)//2], times[int(len(times)*0.9)], times[-1], len(times)))
send({"jsonrpc":"2.0","id":9,"method":"shutdown","params":None}); recv(); send({"jsonrpc":"2.0","method":"exit","params":None})
