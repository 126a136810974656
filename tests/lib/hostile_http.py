#!/usr/bin/env python3
"""A hostile web site on 127.0.0.1 for tests/hostile/check_http.sh, plus a recorder on 127.0.0.2.

Usage: hostile_http.py LOG_FILE

Prints "PORT RECORDER_PORT" and serves until killed. The recorder on 127.0.0.2:RECORDER_PORT stands for
an address the checker must never reach (the cloud metadata service, the intranet): it writes one line
to LOG_FILE for every connection it accepts and answers 200 "secret". Standard library only.

Paths (P2 below is RECORDER_PORT):
  /                      the agency's home page: links to every path given in ?links=a~b~c (default none)
  /page/NAME             200, a small Thai page
  /to-meta/NAME          302 to http://127.0.0.2:P2/latest/meta-data/NAME
  /to-localhost/NAME     302 to http://localhost:P2/NAME (a name that resolves to loopback)
  /to-decimal/NAME       302 to http://2130706434:P2/NAME (127.0.0.2 written as one number)
  /to-schemeless/NAME    302 to //127.0.0.2:P2/NAME
  /to-self-local/NAME    302 to http://localhost:PORT/page/NAME (the site itself, by the name localhost)
  /to-file/NAME          302 to file:///etc/passwd
  /to-gopher/NAME        302 to gopher://127.0.0.2:P2/_GET%20/
  /loop/N                302 to /loop/N+1 for ever
  /crlf-location/NAME    a Location header with a bare CR and a second URL after it, then a header injected
  /endless-headers/NAME  200 and header lines without end (1 KB each)
  /endless-chunked/NAME  200 text/html, chunked, chunks without end
  /ten-gb/NAME           200 text/html with Content-Length: 10737418240, bytes for as long as they are read
  /trickle/NAME          200 text/html, one byte every half second
  /slow/NAME             nothing for 60 s, then 200
  /pdf30/NAME.pdf        200 application/pdf, 30 MB ("%PDF-1.4" then zeros)
  /big-manifest/oit.json 200 application/json, 64 MB of '['
"""
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOG = sys.argv[1]
PAGE = ("<!DOCTYPE html><html lang=\"th\"><head><meta charset=\"utf-8\"><title>หน่วยงาน</title></head>"
        "<body><main><h1>หน้า</h1><p>ข้อมูลของหน่วยงาน</p>%s</main></body></html>")


def recorder():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.2", 0))
    s.listen(64)

    def serve(c, peer):
        with open(LOG, "a", encoding="utf-8") as f:
            f.write("connection from %s:%d\n" % peer)
        try:
            c.settimeout(2)
            c.recv(65536)
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecret")
        except OSError:
            pass
        c.close()

    def loop():
        while True:
            c, peer = s.accept()
            threading.Thread(target=serve, args=(c, peer), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    return s.getsockname()[1]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    port = 0
    rport = 0

    def log_message(self, fmt, *args):
        pass

    def raw(self, data):
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            pass
        self.close_connection = True

    def send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def redirect(self, where):
        self.send(302, b"", headers=(("Location", where),))

    def stream(self, head, chunk, pause=0.0, chunked=False):
        try:
            self.wfile.write(head)
            if self.command == "HEAD":
                return
            while True:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
                if pause:
                    self.wfile.flush()
                    time.sleep(pause)
        except OSError:
            pass
        self.close_connection = True

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        kind, name = parts[0], "/".join(parts[1:])
        P2, P = self.rport, self.port
        if url.path == "/":
            links = [l for l in parse_qs(url.query).get("links", [""])[0].split("~") if l]
            body = "".join('<p><a href="%s">ลิงก์ %d</a></p>' % (l, i) for i, l in enumerate(links))
            return self.send(200, (PAGE % body).encode())
        if kind == "page":
            return self.send(200, (PAGE % "").encode())
        if kind == "to-meta":
            return self.redirect("http://127.0.0.2:%d/latest/meta-data/%s" % (P2, name))
        if kind == "to-localhost":
            return self.redirect("http://localhost:%d/%s" % (P2, name))
        if kind == "to-decimal":
            return self.redirect("http://2130706434:%d/%s" % (P2, name))
        if kind == "to-schemeless":
            return self.redirect("//127.0.0.2:%d/%s" % (P2, name))
        if kind == "to-self-local":
            return self.redirect("http://localhost:%d/page/%s" % (P, name))
        if kind == "to-file":
            return self.redirect("file:///etc/passwd")
        if kind == "to-gopher":
            return self.redirect("gopher://127.0.0.2:%d/_GET%%20/" % P2)
        if kind == "loop":
            n = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
            return self.redirect("/loop/%d" % (n + 1))
        if kind == "crlf-location":
            return self.raw(b"HTTP/1.1 302 Found\r\nLocation: /page/a\rhttp://127.0.0.2:%d/x\r\n"
                            b"Location: http://127.0.0.2:%d/y\r\nContent-Length: 0\r\nConnection: close\r\n\r\n" % (P2, P2))
        if kind == "endless-headers":
            return self.stream(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", b"X-Pad: " + b"a" * 1024 + b"\r\n")
        if kind == "endless-chunked":
            return self.stream(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n",
                               b"<p>" + b"x" * 65536 + b"</p>", chunked=True)
        if kind == "ten-gb":
            return self.stream(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10737418240\r\n\r\n<html><body>",
                               b" " * 65536)
        if kind == "trickle":
            return self.stream(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n", b" ", pause=0.5)
        if kind == "slow":
            time.sleep(60)
            return self.send(200, (PAGE % "").encode())
        if kind == "pdf30":
            body_len = 30 << 20
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: %d\r\n\r\n" % body_len
            try:
                self.wfile.write(head)
                if self.command != "HEAD":
                    self.wfile.write(b"%PDF-1.4\n")
                    left = body_len - 9
                    zeros = b"\0" * 65536
                    while left > 0:
                        n = min(left, len(zeros))
                        self.wfile.write(zeros[:n])
                        left -= n
            except OSError:
                pass
            self.close_connection = True
            return
        if kind == "big-manifest":
            return self.stream(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (64 << 20),
                               b"[" * 65536)
        return self.send(404, b"not found")


def main():
    Handler.rport = recorder()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    Handler.port = server.server_address[1]
    print("%d %d" % (Handler.port, Handler.rport), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
