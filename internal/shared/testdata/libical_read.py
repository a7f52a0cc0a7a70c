# Reads each file given with libical 3 (GNOME Evolution's engine, Debian's
# gir1.2-ical-3.0) and prints, as JSON by file, its parse errors, RFC 5546's
# per-METHOD check and what it sees of each VTODO and VJOURNAL.
import json
import sys

import gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I


def errors(c, out):
    p = c.get_first_property(I.PropertyKind.XLICERROR_PROPERTY)
    while p is not None:
        out.append(p.get_xlicerror())
        p = c.get_next_property(I.PropertyKind.XLICERROR_PROPERTY)
    kids = []
    ch = c.get_first_component(I.ComponentKind.ANY_COMPONENT)
    while ch is not None:
        kids.append(ch)
        ch = c.get_next_component(I.ComponentKind.ANY_COMPONENT)
    for ch in kids:
        errors(ch, out)


res = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        cal = I.Component.new_from_string(f.read())
    ok = bool(I.restriction_check(cal))
    errs = []
    errors(cal, errs)
    comps = []
    for kind in (I.ComponentKind.VTODO_COMPONENT, I.ComponentKind.VJOURNAL_COMPONENT):
        c = cal.get_first_component(kind)
        while c is not None:
            comps.append({"uid": c.get_uid() or "", "summary": c.get_summary() or "",
                          "description": c.get_description() or ""})
            c = cal.get_next_component(kind)
    res[path] = {"ok": ok, "errors": errs, "components": comps}
print(json.dumps(res))
