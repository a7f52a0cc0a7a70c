// Package ics writes and reads the iCalendar objects Twoway exchanges with a
// mentoring partner: the invite for the recurring video call, its updates and
// cancellations, and the replies and counter-proposals that come back.
//
// The object format is iCalendar (RFC 5545) with the RFC 7986 CONFERENCE
// property; the scheduling semantics (METHOD REQUEST, CANCEL, REPLY, COUNTER,
// DECLINECOUNTER) are iTIP (RFC 5546). Carrying the objects by email (iMIP,
// RFC 6047) and storing them over CalDAV (RFC 4791) live in sibling packages.
//
// Encoding and decoding go through github.com/emersion/go-ical and recurrence
// expansion through github.com/teambition/rrule-go. This package adds what
// those libraries do not provide and what the big clients (Google Calendar,
// Outlook, Apple Calendar, Thunderbird) need to import an invite cleanly:
//
//   - line folding at 75 octets that never splits a UTF-8 sequence;
//   - a VTIMEZONE generated from Go's *time.Location, in the two-yearly-rule
//     form Outlook understands, or as explicit transitions where a zone's
//     rules are irregular, over fixed years (2025-2049) so that one TZID
//     has the same VTIMEZONE in every file, for readers that cache zones by
//     TZID;
//   - resolution of the TZIDs that come back: the embedded VTIMEZONE first,
//     then IANA names, then the Windows zone names Outlook writes;
//   - defensive parsing: size cap, no panics, errors that say what was wrong.
//
// All errors returned by this package start with "ics: ".
package ics

import (
	// Embed the IANA database so Windows and macOS users get the same zone
	// rules (and therefore the same VTIMEZONEs) as Linux users.
	_ "time/tzdata"
)
