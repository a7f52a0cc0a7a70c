#!/usr/bin/python3
"""Independent validator: expands iCalendar files with python3-icalendar and
python3-recurring-ical-events (Debian packages) and prints, as one JSON
object per line, each file's occurrences as [start, end] UTC Unix seconds.

Run by the Go tests with Debian's /usr/bin/python3. Give the files' TZIDs
names unknown to pytz (the tests prefix them with X-TEST-n/) so that
icalendar must build each zone from the file's own VTIMEZONE.

With --keep-cache, icalendar's process-wide cache of zones built from
VTIMEZONEs is left alone between files, as in a program that reads one
invite after another: the first VTIMEZONE read for a TZID then serves every
later file with that TZID.

Usage: expand.py [--keep-cache] FILE...
"""
import datetime
import json
import sys

import icalendar
import recurring_ical_events
from icalendar import timezone_cache

START = datetime.datetime(1970, 1, 1)
STOP = datetime.datetime(2039, 1, 1)  # icalendar 4 expands VTIMEZONE rules to 2038


def main(args):
    keep_cache = args[:1] == ["--keep-cache"]
    paths = args[1:] if keep_cache else args
    for path in paths:
        if not keep_cache:
            # VTIMEZONEs are cached process-wide by TZID: forget the last file's.
            timezone_cache._timezone_cache.clear()
        out = {"file": path}
        try:
            with open(path, "rb") as f:
                cal = icalendar.Calendar.from_ical(f.read())
            occ = []
            for ev in recurring_ical_events.of(cal).between(START, STOP):
                s, e = ev["DTSTART"].dt, ev["DTEND"].dt
                if s.tzinfo is None or e.tzinfo is None:
                    raise ValueError("floating time: TZID not resolved")
                occ.append([int(s.timestamp()), int(e.timestamp())])
            occ.sort()
            out["instants"] = occ
        except Exception as exc:  # report, keep going with the batch
            out["error"] = "%s: %s" % (type(exc).__name__, exc)
        print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
