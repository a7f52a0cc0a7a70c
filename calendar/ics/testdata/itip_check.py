import sys, json
import gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I
out = {}
for path in sys.argv[1:]:
    data = open(path).read()
    comp = I.Component.new_from_string(data)
    ok = I.restriction_check(comp)
    errs = []
    ev = comp.get_first_component(I.ComponentKind.VEVENT_COMPONENT)
    p = ev.get_first_property(I.PropertyKind.XLICERROR_PROPERTY)
    while p is not None:
        errs.append(p.get_xlicerror())
        p = ev.get_next_property(I.PropertyKind.XLICERROR_PROPERTY)
    p = comp.get_first_property(I.PropertyKind.XLICERROR_PROPERTY)
    while p is not None:
        errs.append(p.get_xlicerror())
        p = comp.get_next_property(I.PropertyKind.XLICERROR_PROPERTY)
    out[path] = {"ok": bool(ok), "errors": errs, "method": I.Property.method_to_string(comp.get_method()), "uid": ev.get_uid()}
print(json.dumps(out))
