// Package shared holds the one record a mentoring pair keeps together, as
// it travels between their two machines: the topics, action items, session
// records and the partnership's profile, their iCalendar form (RFC 5545
// VTODO and VJOURNAL, stored on a CalDAV collection per RFC 4791 or mailed
// as an RFC 5546 PUBLISH), and the three-way merge that joins two copies
// so that a sync never loses an edit.
//
// # Why a package of its own
//
// Each partner runs Twoway over a local database in which "me" and
// "partner" mean different people. What both share must name people
// absolutely, so every identity here is a lower-cased email, never a side.
// The package imports no other Twoway package: internal/service converts
// between the domain's types and these. That keeps privacy structural: the
// types Encode and Publish take have no field for private notes (a
// session's private notes, anything not meant for the partner), so no bug
// in a caller can put them on the server or in a mail.
//
// # Objects
//
// Each record is one calendar object, named by its UID (a session's by
// SessionUID, so both machines name it alike). Encode writes what RFC 4791
// section 4.1 allows on a CalDAV server: no METHOD, one UID, one component
// type, CRLF line ends, lines folded at 75 octets (never inside a UTF-8
// sequence), TEXT escaped, and no ORGANIZER, ATTENDEE or VALARM (a
// scheduling server would send mail on its own, an alarm would ring for
// both). DTSTAMP and LAST-MODIFIED both carry Modified; PRODID is
// -//Twoway//Twoway//EN. Emails are written as mailto: values.
//
// Every object has UID, DTSTAMP, LAST-MODIFIED, X-TWOWAY-KIND
// (topic|action|session|profile) and, when set, X-TWOWAY-EDITED-BY. Then:
//
// A topic is a VTODO: SUMMARY (title), DESCRIPTION (notes), STATUS as RFC
// 5545 has it (proposed and agreed NEEDS-ACTION, in_progress IN-PROCESS,
// done COMPLETED, dropped CANCELLED) with the exact status in
// X-TWOWAY-STATUS, X-TWOWAY-TEACHER (mailto:... or "both"),
// X-TWOWAY-ADDED-BY, COMPLETED (a done topic's Completed, when known), one
// X-TWOWAY-RESOURCE per resource in order, and for each http(s) resource
// also an ATTACH;VALUE=URI that other applications show. Another application
// edits only the RFC properties, so when they disagree with Twoway's they
// win: a STATUS that contradicts X-TWOWAY-STATUS gives the mapped status (a
// reopened NEEDS-ACTION gives agreed), an ATTACH removed removes its link,
// an ATTACH added appends a resource.
//
// An action is a VTODO: SUMMARY (text), STATUS NEEDS-ACTION or COMPLETED,
// COMPLETED (as for a topic), DUE;VALUE=DATE, RELATED-TO the raising
// session's UID, X-TWOWAY-OWNER, X-TWOWAY-ADDED-BY. A VTODO without
// X-TWOWAY-KIND (a to-do someone added in another application) reads as an
// action without owner.
//
// A session is a VJOURNAL: DTSTART the original start in UTC, SUMMARY
// (title), DESCRIPTION (agenda), RELATED-TO the series UID,
// X-TWOWAY-OUTCOME, X-TWOWAY-MOVED-TO;VALUE=DATE-TIME, X-TWOWAY-LEADER,
// X-TWOWAY-MINUTES;VALUE=INTEGER, X-TWOWAY-NOTES (shared notes), one
// X-TWOWAY-REFLECTION;X-TWOWAY-AUTHOR=mailto:...:text per author, and one
// X-TWOWAY-COVERED;X-TWOWAY-LED-BY=mailto:...|both:topic-UID per covered
// topic, in order. STATUS (DRAFT, FINAL for held, CANCELLED for skipped) is
// written for other applications and not read back.
//
// A profile is a VJOURNAL: SUMMARY (title); for each of the two people, in
// order, properties numbered by X-TWOWAY-SLOT (1 or 2), one per field and
// one per list item:
//
//	X-TWOWAY-PERSON;X-TWOWAY-SLOT=1:mailto:ana@example.org
//	X-TWOWAY-NAME;X-TWOWAY-SLOT=1:Ana Ruiz
//	X-TWOWAY-ZONE;X-TWOWAY-SLOT=1:Europe/Berlin
//	X-TWOWAY-HOURS;X-TWOWAY-SLOT=1:09:00-17:00
//	X-TWOWAY-OFFER;X-TWOWAY-SLOT=1:Go
//	X-TWOWAY-WANT;X-TWOWAY-SLOT=1:Public speaking
//
// (not one structured value: Radicale re-serializes objects with vobject,
// which escapes a structured value's ";" and drops what follows an
// unescaped ","); one X-TWOWAY-RULE per ground
// rule in order (a usual rule by its code, such as confidentiality, or the
// pair's own words), X-TWOWAY-START and X-TWOWAY-END;VALUE=DATE for the
// programme, URL for the call link.
//
// # Servers without VJOURNAL
//
// Google's CalDAV has no VJOURNAL, and some servers accept only the
// component types a collection lists. EncodeAs(o, ComponentToDo) writes a
// session or a profile as a VTODO with the same properties (and the
// session's STATUS as NEEDS-ACTION, COMPLETED or CANCELLED); Decode reads
// either, by X-TWOWAY-KIND.
//
// # What other applications wrote
//
// tasks.org, Thunderbird or Apple add properties of their own
// (X-APPLE-SORT-ORDER, PRIORITY, CATEGORIES, a DTSTART with its TZID) and
// write without If-Match. Each record keeps every property it does not
// interpret in Extra, as written, and Encode writes them back; a VTIMEZONE
// such a property refers to is kept in Extra too, under the name
// VTIMEZONE. VALARMs, ORGANIZER and ATTENDEE are dropped, and so are
// calendar-level properties other than VERSION and PRODID.
//
// # Email
//
// Publish writes any number of records into one METHOD:PUBLISH VCALENDAR
// (RFC 5546 sections 3.4 and 3.5) for a message of its own; ParseBundle
// reads it back. Because those sections require them, Publish adds
// ORGANIZER (the sender), and where a record has none PRIORITY:0 and a
// SUMMARY (a VTODO), a DESCRIPTION (a VJOURNAL) and DTSTART (the Modified
// time), the latter marked X-TWOWAY-FILL=TRUE so that every reader here
// drops them. libical's check of those tables accepts the result.
//
// # Merging
//
// Merge is the three-way merge of a record (see its documentation for the
// rules), Equal tells whether two copies differ, MergeDelete decides an
// edit against a deletion (the edit wins). All are pure functions.
//
// Decode and ParseBundle refuse input over MaxObjectSize and MaxBundleSize,
// never panic, and return errors prefixed "shared: ". Times are kept to the
// second, in UTC.
package shared
