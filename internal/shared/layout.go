package shared

import (
	"net/url"
	"strings"
)

// The Twoway properties and parameters (RFC 5545 section 3.8.8.2 x-names).
// Doc.go lists which object carries which.
const (
	propKind       = "X-TWOWAY-KIND"
	propStatus     = "X-TWOWAY-STATUS"
	propTeacher    = "X-TWOWAY-TEACHER"
	propOwner      = "X-TWOWAY-OWNER"
	propAddedBy    = "X-TWOWAY-ADDED-BY"
	propEditedBy   = "X-TWOWAY-EDITED-BY"
	propResource   = "X-TWOWAY-RESOURCE"
	propOutcome    = "X-TWOWAY-OUTCOME"
	propMovedTo    = "X-TWOWAY-MOVED-TO"
	propLeader     = "X-TWOWAY-LEADER"
	propMinutes    = "X-TWOWAY-MINUTES"
	propNotes      = "X-TWOWAY-NOTES"
	propReflection = "X-TWOWAY-REFLECTION"
	propCovered    = "X-TWOWAY-COVERED"
	propPerson     = "X-TWOWAY-PERSON"
	propName       = "X-TWOWAY-NAME"
	propZone       = "X-TWOWAY-ZONE"
	propHours      = "X-TWOWAY-HOURS"
	propOffer      = "X-TWOWAY-OFFER"
	propWant       = "X-TWOWAY-WANT"
	propRule       = "X-TWOWAY-RULE"
	propStart      = "X-TWOWAY-START"
	propEnd        = "X-TWOWAY-END"

	paramAuthor = "X-TWOWAY-AUTHOR"
	// paramSlot numbers a profile's person (1 or 2) on each of their
	// properties. One property per field and per list item, not one
	// structured value: servers that re-serialize objects (Radicale's
	// vobject) escape a structured value's semicolons and drop what
	// follows an unescaped comma.
	paramSlot  = "X-TWOWAY-SLOT"
	paramLedBy = "X-TWOWAY-LED-BY"
	// paramFill marks a property Publish adds only because RFC 5546's
	// PUBLISH tables require it (PRIORITY, SUMMARY, DTSTART, DESCRIPTION);
	// every reader here drops it again.
	paramFill = "X-TWOWAY-FILL"

	// zoneProp is the name under which Extra keeps a VTIMEZONE that an
	// unknown property's TZID refers to.
	zoneProp = "VTIMEZONE"

	productID     = "-//Twoway//Twoway//EN"
	methodPublish = "PUBLISH"
)

// owned lists, per kind, the properties the record itself holds: Decode
// reads them into fields and Extra never keeps them. Names a record holds
// only some instances of (ATTACH, RELATED-TO, X-TWOWAY-PERSON) are not
// listed: the other instances stay in Extra.
var owned = map[Kind]map[string]bool{
	KindTopic: set("SUMMARY", "DESCRIPTION", "STATUS", "COMPLETED", propStatus, propTeacher,
		propAddedBy, propResource),
	KindAction: set("SUMMARY", "STATUS", "COMPLETED", "DUE", propOwner, propAddedBy),
	KindSession: set("DTSTART", "SUMMARY", "DESCRIPTION", "STATUS", propOutcome, propMovedTo,
		propLeader, propMinutes, propNotes, propReflection, propCovered),
	KindProfile: set("SUMMARY", "URL", propRule, propStart, propEnd, propName, propZone, propHours, propOffer, propWant),
}

// ownedByAll are held by every record.
var ownedByAll = set("UID", "DTSTAMP", "LAST-MODIFIED", propKind, propEditedBy)

// atMostOne are the properties RFC 5545 allows once in a VTODO or a
// VJOURNAL (and go-ical's encoder enforces): Decode keeps the first of
// each in Extra, so what it read can always be written again.
var atMostOne = set("CLASS", "COMPLETED", "CREATED", "DESCRIPTION", "DTSTART", "GEO",
	"LAST-MODIFIED", "LOCATION", "ORGANIZER", "PERCENT-COMPLETE", "PRIORITY", "RECURRENCE-ID",
	"SEQUENCE", "STATUS", "SUMMARY", "URL", "DUE", "DURATION", "COLOR", "RRULE")

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

func isOwned(k Kind, name string) bool { return ownedByAll[name] || owned[k][name] }

// naturalComponent is the component a kind is written as by default.
func naturalComponent(k Kind) string {
	if k == KindTopic || k == KindAction {
		return ComponentToDo
	}
	return ComponentJournal
}

// topicRFC maps a topic status to RFC 5545's VTODO STATUS.
var topicRFC = map[string]string{
	StatusProposed:   "NEEDS-ACTION",
	StatusAgreed:     "NEEDS-ACTION",
	StatusInProgress: "IN-PROCESS",
	StatusDone:       "COMPLETED",
	StatusDropped:    "CANCELLED",
}

// fromRFC maps a VTODO STATUS another application set to a topic status;
// NEEDS-ACTION depends on what it replaced (see decodeStatus).
var fromRFC = map[string]string{
	"IN-PROCESS": StatusInProgress,
	"COMPLETED":  StatusDone,
	"CANCELLED":  StatusDropped,
}

// isWebLink reports whether a resource is an http(s) link, written as an
// ATTACH that other applications show as well.
func isWebLink(s string) bool {
	if s == "" || strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7F }) >= 0 {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "http" || scheme == "https"
}
