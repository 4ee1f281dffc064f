#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Extra fault-server scenarios that only the SMTP session tests need.

Runs tests/smtp/fault_server.py (same command line, same ready line and log)
with these rows added to its SCENARIOS table; started like it, by
outbox_test_fault_server_start_from ("session_scenarios.py", ...):

  login-only          AUTH LOGIN is the only mechanism
  cram-refused        offers CRAM-MD5 PLAIN LOGIN, answers AUTH CRAM-MD5 with 504
  unknown-mechanisms  offers only AUTH GSSAPI XOAUTH2
  caps-change         before TLS: SIZE 100 and AUTH PLAIN LOGIN; after TLS:
                      SIZE 20000000, CHUNKING and AUTH CRAM-MD5 (a client that keeps what
                      it learned in the clear gets it wrong)
  ehlo-451            EHLO answered 451 (temporary): not a reason for HELO
  malformed-greeting  a greeting that is no SMTP reply
  mixed-codes         an EHLO reply whose lines carry different codes
  echo-auth           AUTH answered 535 with the client's AUTH line echoed back

Run with /usr/bin/python3 -I (standard library only).
"""

import os
import sys
import asyncio

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fault_server as fs  # noqa: E402

BASE = ("PIPELINING", "SIZE 10485760", "8BITMIME", "ENHANCEDSTATUSCODES", "SMTPUTF8")


async def cram_refused(conn, arg):
    words = arg.split()
    mech = words[0].upper() if words else ""
    if mech == "CRAM-MD5":
        await conn.reply("504 5.5.4 Unrecognized authentication type")
    elif mech == "":
        # cmd_AUTH asks this action for the outcome after the exchange.
        await conn.reply("235 2.7.0 Authentication successful")
    else:
        await conn.cmd_AUTH(arg)


async def echo_auth(conn, arg):
    await conn.reply("535 5.7.8 Rejected credentials: " + arg)


fs.SCENARIOS.update({
    "login-only": fs.Scenario("AUTH LOGIN only.", caps=BASE + ("AUTH LOGIN",)),
    "cram-refused": fs.Scenario(
        "Offers CRAM-MD5 PLAIN LOGIN but answers AUTH CRAM-MD5 with 504.",
        caps=BASE + ("AUTH CRAM-MD5 PLAIN LOGIN",), replies={"AUTH": cram_refused}),
    "unknown-mechanisms": fs.Scenario(
        "Offers only mechanisms Outbox does not know.",
        caps=BASE + ("AUTH GSSAPI XOAUTH2",)),
    "caps-change": fs.Scenario(
        "Announces other extensions after TLS than before.",
        caps=("SIZE 100", "AUTH PLAIN LOGIN"),
        caps_tls=("PIPELINING", "SIZE 20000000", "8BITMIME", "CHUNKING", "AUTH CRAM-MD5")),
    "ehlo-451": fs.Scenario(
        "EHLO answered with a temporary 451.",
        replies={"EHLO": "451 4.3.0 Try again later"}),
    "malformed-greeting": fs.Scenario(
        "Greets with a line that is not an SMTP reply.",
        greeting="SMTP server ready"),
    "mixed-codes": fs.Scenario(
        "EHLO reply lines with different codes.",
        replies={"EHLO": fs.Raw(b"250-localhost\r\n251 PIPELINING\r\n")}),
    "echo-auth": fs.Scenario(
        "AUTH answered 535 with the AUTH line echoed back.",
        caps=BASE + ("AUTH PLAIN",), replies={"AUTH": echo_auth}),
})

if __name__ == "__main__":
    asyncio.run(fs.main())
