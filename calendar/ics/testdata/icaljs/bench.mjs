// Times ical.js 2.x parsing and expanding one iCalendar file, the same work
// as Go's BenchmarkExpandICS in calendar/ics (parse, resolve the TZID from
// the file's VTIMEZONE, list every session's UTC start and end up to 2039
// with skipped and moved sessions applied, sort). The expansion is the one
// expand.mjs validates with.
//
// Usage: node bench.mjs FILE [SECONDS]   (after `npm ci` in this directory)
// Prints one JSON object: sessions found, iterations, nanoseconds per run.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const STOP = ICAL.Time.fromData({ year: 2039, month: 1, day: 1 }, ICAL.Timezone.utcTimezone);

function expand(text) {
  const root = new ICAL.Component(ICAL.parse(text));
  const vevents = root.getAllSubcomponents('vevent');
  const master = vevents.find((v) => !v.hasProperty('recurrence-id'));
  const event = new ICAL.Event(master, {
    exceptions: vevents.filter((v) => v !== master),
    strictExceptions: true,
  });
  const instants = [];
  const it = event.iterator();
  for (let next = it.next(); next && next.compare(STOP) < 0; next = it.next()) {
    const d = event.getOccurrenceDetails(next);
    instants.push([d.startDate.toUnixTime(), d.endDate.toUnixTime()]);
  }
  instants.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return instants;
}

const [file, seconds = '2'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench.mjs FILE [SECONDS]');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
const sessions = expand(text).length;
// Let the JIT settle for a quarter of the time, then measure, as Go's
// b.Loop runs until its time is up.
const run = (ms) => {
  let n = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(ms * 1e6));
  let now = start;
  while (now < until) {
    if (expand(text).length !== sessions) throw new Error('expansion changed between runs');
    n++;
    now = process.hrtime.bigint();
  }
  return { n, ns: Number(now - start) };
};
run(Number(seconds) * 250);
const { n, ns } = run(Number(seconds) * 1000);
console.log(JSON.stringify({ file, sessions, iterations: n, ns_per_op: Math.round(ns / n) }));
