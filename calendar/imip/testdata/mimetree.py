"""Independent check of an iMIP message: parse it with Python's email
package and print its MIME tree as JSON on stdout.

Usage: /usr/bin/python3 mimetree.py MESSAGE.eml
"""
import email
import email.policy
import json
import sys


def part_info(part):
    info = {
        "content_type": part.get_content_type(),
        "params": {k.lower(): v for k, v in part.get_params()[1:]} if part.get_params() else {},
        "cte": (part.get("Content-Transfer-Encoding") or "").lower(),
        "disposition": part.get_content_disposition(),
        "filename": part.get_filename(),
    }
    if part.is_multipart():
        info["parts"] = [part_info(p) for p in part.iter_parts()]
    else:
        payload = part.get_payload(decode=True)
        info["body"] = payload.decode("utf-8")
    return info


def main():
    with open(sys.argv[1], "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    out = {
        "from": [{"name": a.display_name, "addr": a.addr_spec} for a in msg["From"].addresses],
        "to": [{"name": a.display_name, "addr": a.addr_spec} for a in msg["To"].addresses],
        "subject": str(msg["Subject"]),
        "date": str(msg["Date"]),
        "message_id": str(msg["Message-ID"]),
        "mime_version": str(msg["MIME-Version"]),
        "defects": [type(d).__name__ for p in msg.walk() for d in p.defects],
        "tree": part_info(msg),
    }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
