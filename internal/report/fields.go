package report

import (
	"fmt"

	"github.com/twoway-app/twoway/internal/mentoring"
)

// FieldText says in English what is wrong with a field, as a phrase that
// follows the field's name ("is required", "is longer than 200
// characters"). A problem in one entry of a list names the entry.
func FieldText(e mentoring.FieldError) string {
	text := problemText(e.Code, e.Args)
	if entry, ok := e.Args["Entry"]; ok {
		return fmt.Sprintf("entry %q %s", entry, text)
	}
	return text
}

func problemText(c mentoring.Code, a mentoring.Args) string {
	switch c {
	case mentoring.CodeRequired:
		return "is required"
	case mentoring.CodeInvalidText:
		return "contains invalid characters"
	case mentoring.CodeTooLong:
		return fmt.Sprintf("is longer than %v characters", a["Max"])
	case mentoring.CodeLineBreak:
		return "must be a single line"
	case mentoring.CodeTab:
		return "contains a tab; use spaces"
	case mentoring.CodeNUL:
		return "contains a NUL byte"
	case mentoring.CodeControl:
		return fmt.Sprintf("contains the control character %v", a["Char"])
	case mentoring.CodeTooMany:
		return fmt.Sprintf("has more than %v entries", a["Max"])
	case mentoring.CodeEmail:
		return fmt.Sprintf("%q is not an email address (want name@example.org)", a["Value"])
	case mentoring.CodeLink:
		return fmt.Sprintf("%q is not a web link (want https://...)", a["Value"])
	case mentoring.CodeZoneRequired:
		return "is required: type a city and pick its zone"
	case mentoring.CodeZone:
		return fmt.Sprintf("unknown time zone %q: use an IANA name such as Europe/Berlin", a["Value"])
	case mentoring.CodeHours:
		return fmt.Sprintf("hours %v: out of range", a["Value"])
	case mentoring.CodeClockFormat:
		return fmt.Sprintf("hours %q: want HH:MM-HH:MM, e.g. 08:00-18:00", a["Value"])
	case mentoring.CodeClockRange:
		return fmt.Sprintf("hours %q: hours run 00-23 and minutes 00-59", a["Value"])
	case mentoring.CodeEmptyHours:
		return "comfortable hours are empty"
	case mentoring.CodeYear:
		return fmt.Sprintf("the year %v is out of range; choose a date between %v and %v", a["Year"], a["Min"], a["Max"])
	case mentoring.CodeDate:
		return fmt.Sprintf("%q is not a date (want YYYY-MM-DD)", a["Value"])
	case mentoring.CodeEndsBeforeStart:
		return fmt.Sprintf("the programme ends (%v) before it starts (%v)", a["End"], a["Start"])
	case mentoring.CodeSide:
		return fmt.Sprintf("%q is not me, partner or both", a["Value"])
	case mentoring.CodeOwner:
		return fmt.Sprintf("%q is not me or partner", a["Value"])
	case mentoring.CodeStatus:
		return fmt.Sprintf("%q is not a topic status (proposed, agreed, in progress, done, dropped)", a["Value"])
	case mentoring.CodeOutcome:
		return fmt.Sprintf("%q is not held, skipped or moved", a["Value"])
	case mentoring.CodeRange:
		return fmt.Sprintf("must be between %v and %v", a["Min"], a["Max"])
	case mentoring.CodeNotANumber:
		return fmt.Sprintf("%q is not a number", a["Value"])
	case mentoring.CodeTopicLimit:
		return fmt.Sprintf("a partnership holds at most %v topics", a["Max"])
	case mentoring.CodeNotInPair:
		return fmt.Sprintf("%v %v is not one of this partnership's", a["Kind"], a["ID"])
	case mentoring.CodeHost:
		return fmt.Sprintf("%q is not a server name (want smtp.example.org, without port or scheme)", a["Value"])
	case mentoring.CodePort:
		return fmt.Sprintf("%v is not a port (want 1-65535, usually 465 or 587)", a["Value"])
	case mentoring.CodeSecurity:
		return fmt.Sprintf("%q is not one of tls, starttls, plain", a["Value"])
	case mentoring.CodeChooseSecurity:
		return "choose how the connection is protected"
	case mentoring.CodePlainRemote:
		return "plain (unencrypted) is only allowed to this computer (localhost); choose tls or starttls"
	case mentoring.CodeServerURL:
		return fmt.Sprintf("%q is not a server address (want https://dav.example.org/)", a["Value"])
	case mentoring.CodeURLCredentials:
		return "must not contain a user name or password; use the user name field"
	case mentoring.CodePlainHTTP:
		return "plain http is only allowed to this computer (localhost); use https"
	case mentoring.CodePath:
		return fmt.Sprintf("%q is not a path on the server (want /user/calendar/)", a["Value"])
	case mentoring.CodeBeforeProgramme:
		return fmt.Sprintf("%v is before the programme starts (%v)", a["Date"], a["From"])
	case mentoring.CodeAfterProgramme:
		return fmt.Sprintf("%v is after the programme ends (%v): end sooner, or move the programme's end", a["Date"], a["Until"])
	case mentoring.CodeNotYet:
		return fmt.Sprintf("the session of %v has not taken place yet: log it as held once it has", a["Date"])
	case mentoring.CodeNoCalendar:
		return "choose the calendar to publish into (Test connection lists them)"
	}
	return string(c)
}
