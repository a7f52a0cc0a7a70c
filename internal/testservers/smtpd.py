"""A capturing SMTP server for Twoway's tests, built on aiosmtpd 1.4.

Every accepted message is stored in --dir as NAME.eml (the bytes received
after DATA, dot-unstuffed) and NAME.json (the envelope). The .json file is
written last, by rename, so a reader that sees it also sees the whole .eml.

Run with Debian's interpreter: /usr/bin/python3 smtpd.py --port N --dir D
[--tls none|starttls|implicit --cert C --key K] [--user U --password P]
[--reject ADDR ...]. It prints READY when it accepts connections and stops
on SIGTERM/SIGINT or when stdin closes (the Go test went away).
"""

import argparse
import json
import os
import signal
import ssl
import sys
import threading
import uuid

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, outdir, reject, implicit_tls):
        self.outdir = outdir
        self.implicit_tls = implicit_tls
        self.reject = {a.lower() for a in reject}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        name = uuid.uuid4().hex
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        with open(os.path.join(self.outdir, name + ".eml"), "wb") as f:
            f.write(content)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "authenticated": bool(session.authenticated),
            # aiosmtpd sets session.ssl only after STARTTLS.
            "tls": self.implicit_tls or session.ssl is not None,
        }
        tmp = os.path.join(self.outdir, name + ".json.tmp")
        with open(tmp, "w") as f:
            json.dump(meta, f)
        os.rename(tmp, os.path.join(self.outdir, name + ".json"))
        return "250 2.0.0 Message accepted for delivery"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--reject", action="append", default=[])
    a = p.parse_args()

    kwargs = {}
    if a.tls != "none":
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.cert, a.key)
        if a.tls == "starttls":
            kwargs["tls_context"] = ctx
            kwargs["require_starttls"] = True
        else:
            kwargs["ssl_context"] = ctx
    if a.user:
        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword)
                  and auth_data.login == a.user.encode()
                  and auth_data.password == a.password.encode())
            return AuthResult(success=ok, handled=False)
        kwargs["authenticator"] = authenticator
        kwargs["auth_required"] = True
        # With implicit TLS the whole session is encrypted, but aiosmtpd only
        # counts STARTTLS; plain mode is loopback-only test traffic.
        kwargs["auth_require_tls"] = a.tls == "starttls"

    c = Controller(Handler(a.dir, a.reject, a.tls == "implicit"), hostname=a.host, port=a.port,
                   server_hostname="twoway-test-smtpd", **kwargs)
    c.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    def watch_stdin():
        sys.stdin.read()
        stop.set()
    threading.Thread(target=watch_stdin, daemon=True).start()

    print("READY", flush=True)
    stop.wait()
    c.stop()


if __name__ == "__main__":
    main()
