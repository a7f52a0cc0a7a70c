package mentoring

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Code says what is wrong with a field's value. The domain returns codes,
// never sentences: each front end words them in its own language (the
// screens through lang, the CLI and exports through report).
type Code string

// The codes, with the Args each carries.
const (
	CodeRequired        Code = "required"          // nothing given
	CodeInvalidText     Code = "invalid_text"      // not valid UTF-8
	CodeTooLong         Code = "too_long"          // Max characters
	CodeLineBreak       Code = "line_break"        // a single-line field holds a line break
	CodeTab             Code = "tab"               // a tab in a single-line field
	CodeNUL             Code = "nul"               // a NUL byte
	CodeControl         Code = "control"           // another control character: Char ("U+001B")
	CodeTooMany         Code = "too_many"          // more than Max entries
	CodeEmail           Code = "email"             // Value is not a plain address
	CodeLink            Code = "link"              // Value is not a web link
	CodeZoneRequired    Code = "zone_required"     // no time zone chosen
	CodeZone            Code = "zone"              // Value is no known time zone
	CodeHours           Code = "hours"             // Value is no range of daily hours
	CodeClockFormat     Code = "clock_format"      // Value is not written HH:MM-HH:MM
	CodeClockRange      Code = "clock_range"       // Value has an hour past 23 or a minute past 59
	CodeEmptyHours      Code = "empty_hours"       // the hours start when they end
	CodeYear            Code = "year"              // Year outside Min..Max
	CodeDate            Code = "date"              // Value is not a date
	CodeEndsBeforeStart Code = "ends_before_start" // End (a date) is before Start
	CodeSide            Code = "side"              // Value is not me, partner or both
	CodeOwner           Code = "owner"             // Value is not me or partner
	CodeStatus          Code = "status"            // Value is no topic status
	CodeOutcome         Code = "outcome"           // Value is not held, skipped or moved
	CodeRange           Code = "range"             // a number outside Min..Max
	CodeNotANumber      Code = "not_a_number"      // Value is not a number
	CodeTopicLimit      Code = "topic_limit"       // a partnership holds at most Max topics
	CodeNotInPair       Code = "not_in_pair"       // topic or action item ID belongs to another partnership
	CodeHost            Code = "host"              // Value is no server name
	CodePort            Code = "port"              // Value is no port
	CodeSecurity        Code = "security"          // Value is not tls, starttls or plain
	CodeChooseSecurity  Code = "choose_security"   // no protection chosen
	CodePlainRemote     Code = "plain_remote"      // unencrypted mail to another computer
	CodeServerURL       Code = "server_url"        // Value is no server address
	CodeURLCredentials  Code = "url_credentials"   // a user name or password inside the address
	CodePlainHTTP       Code = "plain_http"        // http to another computer
	CodePath            Code = "path"              // Value is no path on the server
	CodeNoCalendar      Code = "no_calendar"       // no calendar chosen to publish into
	CodeBeforeProgramme Code = "before_programme"  // Date is before the programme starts (From)
	CodeAfterProgramme  Code = "after_programme"   // Date is after the programme ends (Until)
	CodeNotYet          Code = "not_yet"           // a session on Date is logged as held before it took place
)

// Args are the values a Code's words need ("Max": 200). A problem found in
// one entry of a list also has "Entry": the start of that entry.
type Args map[string]any

// FieldError says what is wrong with one field. Field is a stable dotted
// name ("partner.email") that the UI maps to its widget and the CLI to its
// flag.
type FieldError struct {
	Field string
	Code  Code
	Args  Args
}

// Error is for logs: the field, the code and its arguments.
func (e FieldError) Error() string {
	if len(e.Args) == 0 {
		return e.Field + ": " + string(e.Code)
	}
	keys := make([]string, 0, len(e.Args))
	for k := range e.Args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%v", k, e.Args[k])
	}
	return e.Field + ": " + string(e.Code) + " (" + strings.Join(parts, ", ") + ")"
}

// ValidationError lists every invalid field of a record.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	msgs := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		msgs[i] = f.Error()
	}
	return "invalid input: " + strings.Join(msgs, "; ")
}

// For returns the first problem with field, if any.
func (e *ValidationError) For(field string) (FieldError, bool) {
	for _, f := range e.Fields {
		if f.Field == field {
			return f, true
		}
	}
	return FieldError{}, false
}

// Invalid is a *ValidationError for one field.
func Invalid(field string, code Code, args Args) error {
	return &ValidationError{Fields: []FieldError{{Field: field, Code: code, Args: args}}}
}

// IsValidation reports whether err is (or wraps) a *ValidationError.
func IsValidation(err error) bool {
	var ve *ValidationError
	return errors.As(err, &ve)
}

// Problem is what is wrong with a value, before it is tied to a field.
type Problem struct {
	Code Code
	Args Args
}

// at ties p to field.
func (p *Problem) at(field string) FieldError {
	return FieldError{Field: field, Code: p.Code, Args: p.Args}
}

// problems collects a record's field errors.
type problems []FieldError

func (ps *problems) add(field string, p *Problem) {
	if p != nil {
		*ps = append(*ps, p.at(field))
	}
}

func (ps *problems) code(field string, c Code, args Args) {
	*ps = append(*ps, FieldError{Field: field, Code: c, Args: args})
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &ValidationError{Fields: ps}
}
