"""A scriptable SMTP server for the e-mail integration tests, on aiosmtpd.

Listens on 127.0.0.1 on a free port and prints "LISTENING <port>" once it accepts connections; stops when its
standard input closes. Plain SMTP, STARTTLS or implicit TLS with the given certificate, AUTH LOGIN/PLAIN against one
user. Scripted replies by recipient local part:
  reject*     550 at RCPT TO
  greylist*   451 at RCPT TO the first time the address is seen, then accepted
  tempfail*   451 after DATA the first time the Message-Id is seen, then accepted
Each accepted message is saved as NNNNN.eml (written to a temporary name, then renamed) next to NNNNN.json (the
envelope, the login and whether TLS was on); events.log gets a line per connection ("connect") and per successful login ("auth MECHANISM user").
"""
import argparse
import asyncio
import email.parser
import json
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Recorder:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.greylisted = set()
        self.tempfailed = set()

    def log(self, line):
        with open(os.path.join(self.directory, "events.log"), "a", encoding="utf-8") as f:
            f.write(line + "\n")

    def save(self, envelope, user, tls):
        self.count += 1
        base = os.path.join(self.directory, "%05d" % self.count)
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "user": user, "tls": tls}, f)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.replace(base + ".tmp", base + ".eml")
        return self.count


class Handler:
    def __init__(self, recorder):
        self.recorder = recorder

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected: mailbox unavailable" % address
        if local.startswith("greylist") and address not in self.recorder.greylisted:
            self.recorder.greylisted.add(address)
            return "451 4.7.1 <%s>: Recipient address rejected: greylisted, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        headers = email.parser.BytesHeaderParser().parsebytes(envelope.original_content)
        message_id = headers.get("Message-Id", "")
        if any(r.split("@")[0].lower().startswith("tempfail") for r in envelope.rcpt_tos) \
                and message_id not in self.recorder.tempfailed:
            self.recorder.tempfailed.add(message_id)
            return "451 4.3.0 Temporary failure, try again"
        user = session.auth_data if session.authenticated else None
        tls = server.transport.get_extra_info("ssl_object") is not None
        number = self.recorder.save(envelope, user, tls)
        return "250 2.0.0 Ok: queued as %05d" % number


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--exclude-mechanism", action="append", default=[])
    parser.add_argument("--allow-plain-auth", action="store_true")
    args = parser.parse_args()

    recorder = Recorder(args.dir)
    handler = Handler(recorder)
    tls = None
    if args.cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.cert, args.key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and args.user is not None \
            and auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
        if ok:
            recorder.log("auth %s %s" % (mechanism, args.user))
        return AuthResult(success=ok, handled=False, auth_data=args.user if ok else None)

    class CountingSMTP(SMTP):
        def connection_made(self, transport):
            # Called again with the TLS transport after STARTTLS: count only new connections.
            if self._original_transport is None:
                recorder.log("connect")
            super().connection_made(transport)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory():
        return CountingSMTP(
            handler,
            hostname="alerting-test",
            tls_context=None if args.implicit_tls else tls,
            authenticator=authenticate if args.user else None,
            # aiosmtpd only sees STARTTLS as TLS, so implicit TLS needs this too.
            auth_require_tls=not (args.allow_plain_auth or args.implicit_tls),
            auth_exclude_mechanism=args.exclude_mechanism,
            loop=loop)

    server = loop.run_until_complete(
        loop.create_server(factory, "127.0.0.1", 0, ssl=tls if args.implicit_tls else None))
    print("LISTENING %d" % server.sockets[0].getsockname()[1], flush=True)

    stop = loop.run_in_executor(None, sys.stdin.read)
    loop.run_until_complete(stop)
    # Not wait_closed(): clients may still hold pooled connections open.
    server.close()


if __name__ == "__main__":
    main()
