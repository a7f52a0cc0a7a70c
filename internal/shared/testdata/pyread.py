# Reads each file given with Python's icalendar (Debian's python3-icalendar)
# and prints, as JSON by file, what it sees of each VTODO and VJOURNAL.
import json
import sys

import icalendar

out = {}
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    comps = []
    for c in cal.walk():
        if c.name not in ("VTODO", "VJOURNAL"):
            continue
        refl = c.get("X-TWOWAY-REFLECTION", [])
        if not isinstance(refl, list):
            refl = [refl]
        comps.append({
            "name": c.name,
            "uid": str(c.get("UID", "")),
            "summary": str(c.get("SUMMARY", "")),
            "description": str(c.get("DESCRIPTION", "")),
            "notes": str(c.get("X-TWOWAY-NOTES", "")),
            "reflections": {str(r.params.get("X-TWOWAY-AUTHOR", "")): str(r) for r in refl},
            "errors": [str(e) for e in c.errors],
        })
    out[path] = {"method": str(cal.get("METHOD", "")), "errors": [str(e) for e in cal.errors], "components": comps}
print(json.dumps(out))
