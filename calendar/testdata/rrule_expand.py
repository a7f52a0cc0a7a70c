"""Expand RRULEs independently of Go, for calendar/interop_test.go.

Reads a JSON list of cases {"id", "tzid", "dtstart", "rrule"} from the file
named on the command line and prints {"id": ["YYYY-MM-DDTHH:MM:SSZ", ...]}.
DTSTART is a wall time in tzid, as an invitation's DTSTART;TZID=... carries
it. python-dateutil's rrule builds each occurrence as a wall time with
fold=0, and zoneinfo (PEP 495) reads fold=0 with the offset before a
spring-forward gap and as the first of two repeated times: exactly RFC 5545
section 3.3.5, so gap and repeated times are compared too.

Run with Debian's interpreter (`command -p python3`), which has
python3-dateutil; a pyenv python earlier on PATH usually has not.
"""
import json
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr


def expand(case):
    tz = ZoneInfo(case["tzid"])
    start = datetime.strptime(case["dtstart"], "%Y%m%dT%H%M%S").replace(tzinfo=tz)
    rule = rrulestr(case["rrule"], dtstart=start)
    return [d.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") for d in rule]


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    json.dump({c["id"]: expand(c) for c in cases}, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
