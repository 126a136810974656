#!/usr/bin/env python3
"""A hostile HTTP(S) server on 127.0.0.1 for testing the checker: every fault at its own path.

Usage: fault_server.py [--root DIR] [--rule PATH=FAULT ...] [--tls CERT KEY] [--bomb FILE]
                       [--log FILE] [--stall SECONDS]

Prints the port it listens on, then serves until killed (SIGTERM). Python standard library only.

Built-in paths (anything after the fault name is ignored, so /reset/a and /reset/b are two URLs):
  /ok/                 200, a small Thai HTML page (control)
  /429/                429 + Retry-After: 1 on the first request to each URL, then 200
  /429-forever/        429 + Retry-After: 3600, always
  /503-then-200/       503 (no Retry-After) on the first request to each URL, then 200
  /reset/              the connection is reset (TCP RST) after the request is read, always
  /reset-once/         reset on the first request to each URL, then 200
  /stall-headers/      reads the request, then says nothing (for --stall seconds, default 3600)
  /stall-body/         headers with Content-Length: 100000, 1,000 bytes, then nothing
  /trickle/            200 and one byte a second, forever
  /loop-a/, /loop-b/   302 to each other
  /redirect-chain/N    302 to /redirect-chain/N+1, without end
  /to-file/            302 to file:///etc/passwd
  /to-ftp/             302 to ftp://127.0.0.1/pub/report.pdf
  /endless/            200 text/html without Content-Length, a body that never ends
  /huge/               200 application/pdf with Content-Length: 5368709120; "%PDF-1.4" then zeros for as
                       long as the client reads (5 GB are never sent unless a client reads them all)
  /gzip-bomb/          200 text/html, Content-Encoding: gzip, the body from --bomb (GBs of zeros compressed)
  /html-as-pdf/        an HTML page served as application/pdf
  /pdf-as-html/        a real PDF served as text/html
  /fake-pdf/x.pdf      an HTML "not found" page with 200 and application/pdf (a soft 404 under a PDF name)
  /no-head/            HEAD answers 405 Method Not Allowed; GET 200
  /head-close/         HEAD closes the connection without a word; GET 200

With --root, every other path is served from DIR like a plain web server (folder → index.html, a folder
without its slash → 301). --rule PATH=FAULT applies a fault to a path of DIR instead (PATH ending in '*'
is a prefix): the recovering faults (429, 503-then-200, reset-once, no-head, head-close) then serve the
file, the Content-Type lies transform it, and the others (reset, stall-*, endless, huge, gzip-bomb, to-*,
loop) replace it.

--tls CERT KEY serves HTTPS with that certificate (make a self-signed one with
`openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 -keyout KEY -out CERT`).
--log FILE appends one line per request: "METHOD PATH STATUS-OR-FAULT".

make_gzip_bomb(FILE, GB) (also `fault_server.py --make-bomb FILE GB`) writes a gzip stream of GB gigabytes
of zeros (about 1 MB per GB) in a few seconds, once: an existing file is kept.
"""
import argparse
import http.server
import mimetypes
import os
import select
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse
import zlib

STALL_SECONDS = 3600
lock = threading.Lock()
seen = {}  # "METHOD PATH" → requests so far
log_file = None

PAGE = ("<!doctype html><html lang=\"th\"><head><meta charset=\"utf-8\"><title>หน้าทดสอบ</title></head>"
        "<body><main><h1>หน้าทดสอบ ปีงบประมาณ พ.ศ. 2568</h1><p>เนื้อหา</p></main></body></html>").encode()
NOT_FOUND = ("<!doctype html><html lang=\"th\"><head><meta charset=\"utf-8\"><title>ไม่พบหน้า</title></head>"
             "<body><h1>404 ไม่พบหน้าที่ต้องการ</h1></body></html>").encode()


def tiny_pdf():
    """A valid one-page PDF with the text "Report 2567" (xref offsets computed)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            None,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    stream = b"BT /F1 18 Tf 20 100 Td (Report 2567) Tj ET"
    objs[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, o)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


PDF = tiny_pdf()


def make_gzip_bomb(path, gigabytes):
    """gzip of `gigabytes` GB of zeros, written once. Deflate's best ratio is about 1000:1; compressing GBs
    would take a minute, so 16 MB of zeros are compressed once with a full flush (which makes the segment
    independent of what came before) and the segment is repeated; only the CRC runs over every byte."""
    if os.path.exists(path) and os.path.getsize(path) > 0:
        return
    chunk = bytes(16 << 20)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: the gzip wrapper is written here
    segment = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = comp.flush(zlib.Z_FINISH)
    count = gigabytes * 64
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    tmp = path + ".tmp%d" % os.getpid()
    with open(tmp, "wb") as f:
        f.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff")  # gzip, deflate, no name, no mtime
        for _ in range(count):
            f.write(segment)
        f.write(tail)
        f.write(struct.pack("<II", crc & 0xFFFFFFFF, (count * len(chunk)) & 0xFFFFFFFF))
    os.replace(tmp, path)


RECOVERING = {"429", "503-then-200", "reset-once", "no-head", "head-close"}
LIES = {"html-as-pdf", "pdf-as-html", "fake-pdf"}
FAULTS = RECOVERING | LIES | {"ok", "429-forever", "reset", "stall-headers", "stall-body", "trickle", "loop-a",
                              "loop-b", "redirect-chain", "to-file", "to-ftp", "endless", "huge", "gzip-bomb"}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fault-server"
    root = None
    rules = []  # (path or prefix*, fault)
    bomb = None

    def log_message(self, fmt, *args):
        pass

    def note(self, what):
        if log_file:
            with lock:
                with open(log_file, "a", encoding="utf-8") as f:
                    f.write("%s %s %s\n" % (self.command, self.path, what))

    def count(self):
        """How many earlier requests this method + URL had."""
        key = self.command + " " + self.path
        with lock:
            n = seen.get(key, 0)
            seen[key] = n + 1
        return n

    # --- plumbing
    def send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=(), length=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()
        self.note(str(status))

    def reset(self):
        """TCP RST instead of an answer: SO_LINGER with a zero timeout, then close."""
        self.note("reset")
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def hang(self):
        """Say nothing until STALL_SECONDS pass or the client hangs up."""
        deadline = time.time() + STALL_SECONDS
        while time.time() < deadline:
            try:
                readable, _, _ = select.select([self.connection], [], [], 0.2)
                if readable and self.connection.recv(1, socket.MSG_PEEK) == b"":
                    break
            except (OSError, ValueError):
                break
        self.close_connection = True

    def stream_forever(self, chunk, pause=0.0):
        try:
            while True:
                self.wfile.write(chunk)
                if pause:
                    self.wfile.flush()
                    time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            pass
        self.close_connection = True

    # --- files of --root
    def file_for(self, path):
        """(status, body, content type, extra headers) for a path of --root."""
        rel = urllib.parse.unquote(path.split("?", 1)[0].split("#", 1)[0])
        if ".." in rel.split("/") or not Handler.root:
            return 404, NOT_FOUND, "text/html; charset=utf-8", ()
        full = os.path.join(Handler.root, rel.lstrip("/"))
        if os.path.isdir(full):
            if not rel.endswith("/"):
                return 301, b"", "text/html; charset=utf-8", (("Location", path.split("?")[0] + "/"),)
            full = os.path.join(full, "index.html")
        if not os.path.isfile(full):
            return 404, NOT_FOUND, "text/html; charset=utf-8", ()
        with open(full, "rb") as f:
            body = f.read()
        ext = os.path.splitext(full)[1].lower()
        ctype = {".html": "text/html; charset=utf-8", ".csv": "text/csv; charset=utf-8",
                 ".jsonld": "application/ld+json", ".ttl": "text/turtle; charset=utf-8",
                 ".json": "application/json", ".pdf": "application/pdf", ".css": "text/css",
                 ".js": "text/javascript", ".svg": "image/svg+xml", ".xml": "application/xml",
                 ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}.get(
                     ext, mimetypes.guess_type(full)[0] or "application/octet-stream")
        return 200, body, ctype, ()

    def fault_for(self):
        """(fault, rest) for this request: a built-in path, a --rule, or (None, path)."""
        path = self.path.split("?", 1)[0]
        for pattern, fault in Handler.rules:
            if path == pattern or (pattern.endswith("*") and path.startswith(pattern[:-1])):
                return fault, path
        first = path.lstrip("/").split("/", 1)[0]
        if first in FAULTS:
            return first, None
        return None, path

    def serve(self, rest):
        """The normal answer: the --root file, or the built-in page."""
        if rest is None:
            self.send(200, PAGE)
        else:
            status, body, ctype, headers = self.file_for(rest)
            self.send(status, body, ctype, headers)

    # --- dispatch
    def do_HEAD(self):
        self.handle_request()

    def do_GET(self):
        self.handle_request()

    def handle_request(self):
        fault, rest = self.fault_for()
        n = self.count()
        head = self.command == "HEAD"
        if fault is None or fault == "ok":
            return self.serve(rest)
        if fault == "429":
            if n == 0:
                return self.send(429, b"slow down", headers=(("Retry-After", "1"),))
            return self.serve(rest)
        if fault == "429-forever":
            return self.send(429, b"slow down", headers=(("Retry-After", "3600"),))
        if fault == "503-then-200":
            if n == 0:
                return self.send(503, b"busy")
            return self.serve(rest)
        if fault == "reset":
            return self.reset()
        if fault == "reset-once":
            return self.reset() if n == 0 else self.serve(rest)
        if fault == "no-head":
            return self.send(405, b"", headers=(("Allow", "GET"),)) if head else self.serve(rest)
        if fault == "head-close":
            if head:
                self.note("closed")
                self.close_connection = True
                return
            return self.serve(rest)
        if fault == "stall-headers":
            self.note("stall")
            return self.hang()
        if fault == "stall-body":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.note("stall-body")
            if not head:
                self.wfile.write(b"<!doctype html><p>" + b"x" * 982)
                self.wfile.flush()
                return self.hang()
            return
        if fault == "trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Connection", "close")
            self.end_headers()
            self.note("trickle")
            if not head:
                self.stream_forever(b"x", pause=1.0)
            self.close_connection = True
            return
        if fault in ("loop-a", "loop-b"):
            return self.send(302, b"", headers=(("Location", "/loop-b/" if fault == "loop-a" else "/loop-a/"),))
        if fault == "redirect-chain":
            tail = self.path.rstrip("/").rsplit("/", 1)[-1]
            k = int(tail) if tail.isdigit() else 0
            return self.send(302, b"", headers=(("Location", "/redirect-chain/%d" % (k + 1)),))
        if fault == "to-file":
            return self.send(302, b"", headers=(("Location", "file:///etc/passwd"),))
        if fault == "to-ftp":
            return self.send(302, b"", headers=(("Location", "ftp://127.0.0.1/pub/report.pdf"),))
        if fault == "endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Connection", "close")
            self.end_headers()
            self.note("endless")
            if not head:
                self.wfile.write(b"<!doctype html><html lang=\"th\"><body>")
                self.stream_forever(("<p>ข้อความซ้ำไม่รู้จบ</p>" * 2000).encode())
            self.close_connection = True
            return
        if fault == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(5 << 30))
            self.end_headers()
            self.note("huge")
            if not head:
                self.wfile.write(b"%PDF-1.4\n")
                self.stream_forever(bytes(1 << 20))
            self.close_connection = True
            return
        if fault == "gzip-bomb":
            size = os.path.getsize(Handler.bomb)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            self.note("gzip-bomb")
            if not head:
                try:
                    with open(Handler.bomb, "rb") as f:
                        while True:
                            block = f.read(1 << 20)
                            if not block:
                                break
                            self.wfile.write(block)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    self.close_connection = True
            return
        if fault in LIES:
            if rest is None:  # built-in content
                status, body, ctype = 200, (PDF if fault == "pdf-as-html" else PAGE), "application/pdf"
            else:
                status, body, ctype, headers = self.file_for(rest)
                if status != 200:
                    return self.send(status, body, ctype, headers)
            if fault == "html-as-pdf":
                return self.send(200, body, "application/pdf")
            if fault == "pdf-as-html":
                return self.send(200, body, "text/html; charset=utf-8")
            return self.send(200, NOT_FOUND, "application/pdf")  # fake-pdf
        self.send(500, b"unknown fault")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    tls = None  # ssl.SSLContext for HTTPS

    def finish_request(self, request, client_address):
        # The TLS handshake runs in the connection's thread, so a client refusing the certificate (the
        # point of the TLS case) never blocks the accepting thread.
        if self.tls:
            try:
                request = self.tls.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        pass  # clients that hang up are the point of these tests


def main():
    global log_file, STALL_SECONDS
    ap = argparse.ArgumentParser()
    ap.add_argument("--root")
    ap.add_argument("--rule", action="append", default=[])
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--bomb")
    ap.add_argument("--log")
    ap.add_argument("--stall", type=float, default=3600)
    ap.add_argument("--make-bomb", nargs=2, metavar=("FILE", "GB"))
    a = ap.parse_args()
    if a.make_bomb:
        make_gzip_bomb(a.make_bomb[0], int(a.make_bomb[1]))
        return
    Handler.root = a.root
    Handler.bomb = a.bomb
    for r in a.rule:
        path, _, fault = r.partition("=")
        if fault not in FAULTS:
            sys.exit("fault_server: unknown fault %r in --rule %s" % (fault, r))
        Handler.rules.append((path, fault))
    log_file = a.log
    STALL_SECONDS = a.stall
    server = Server(("127.0.0.1", 0), Handler)
    if a.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        server.tls = ctx
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
