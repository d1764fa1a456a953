"""HAProxy's syslog collector for the bench: receives its access-log lines over UDP and appends them to a file.

Usage: log-sink.py PORT FILE. Writes are buffered and flushed when no line has come for 0.2 s, as the gateway's own
access log is written (batched, flushed when its queue drains), so both proxies' log lines reach a file at a similar
cost. Runs until killed.
"""
import socket
import sys

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", int(sys.argv[1])))
# a large receive buffer: a burst of lines waits here rather than being dropped while this process waits for a core
sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
sock.settimeout(0.2)
with open(sys.argv[2], "ab") as out:
    while True:
        try:
            line = sock.recv(65535)
        except socket.timeout:
            out.flush()
            continue
        out.write(line.rstrip(b"\n") + b"\n")
