// Independent validator: expands iCalendar files with ical.js 2.x (Mozilla's
// parser behind Thunderbird), which resolves TZIDs only from the file's own
// VTIMEZONEs, and prints one JSON object per line with each file's
// occurrences as [start, end] UTC Unix seconds.
//
// Usage: node expand.mjs FILE...   (after `npm ci` in this directory)
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const STOP = ICAL.Time.fromData({ year: 2039, month: 1, day: 1 }, ICAL.Timezone.utcTimezone);
const MAX = 5000;

for (const file of process.argv.slice(2)) {
  const out = { file };
  try {
    const root = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
    const vevents = root.getAllSubcomponents('vevent');
    const master = vevents.find((v) => !v.hasProperty('recurrence-id'));
    const event = new ICAL.Event(master, {
      exceptions: vevents.filter((v) => v !== master),
      strictExceptions: true,
    });
    for (const prop of ['dtstart', 'dtend']) {
      const p = master.getFirstProperty(prop);
      const tzid = p.getParameter('tzid');
      if (tzid && p.getFirstValue().zone?.tzid !== tzid) {
        throw new Error(`${prop} TZID ${tzid} not resolved from the VTIMEZONE`);
      }
    }
    const instants = [];
    const it = event.iterator();
    for (let next = it.next(); next && next.compare(STOP) < 0; next = it.next()) {
      if (instants.length >= MAX) throw new Error('too many occurrences');
      const d = event.getOccurrenceDetails(next);
      instants.push([d.startDate.toUnixTime(), d.endDate.toUnixTime()]);
    }
    instants.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    out.instants = instants;
  } catch (e) {
    out.error = String(e && e.stack || e);
  }
  console.log(JSON.stringify(out));
}
