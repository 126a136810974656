#!/usr/bin/env python3
"""Serve a folder on 127.0.0.1, answering the very first request with 429 and Retry-After.

Usage: once429_server.py ROOT [RETRY_AFTER_SECONDS]
Prints the port it listens on, then serves until killed. A checker must wait and retry, and pass.
"""
import functools
import http.server
import sys
import threading

root = sys.argv[1]
retry_after = sys.argv[2] if len(sys.argv) > 2 else "1"
lock = threading.Lock()
answered = {"429": 0}


class Handler(http.server.SimpleHTTPRequestHandler):
    def limited(self):
        with lock:
            if answered["429"] == 0:
                answered["429"] = 1
                return True
        return False

    def do_GET(self):
        if self.limited():
            self.send_response(429)
            self.send_header("Retry-After", retry_after)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()

    def do_HEAD(self):
        if self.limited():
            self.send_response(429)
            self.send_header("Retry-After", retry_after)
            self.end_headers()
            return
        super().do_HEAD()

    def log_message(self, fmt, *args):
        sys.stderr.write("once429: " + (fmt % args) + "\n")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
print(server.server_address[1], flush=True)
server.serve_forever()
