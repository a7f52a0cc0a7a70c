package pool

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
)

// Field is what a CSV column holds.
type Field string

// The fields a column maps to. FieldIgnore drops a column that would map
// itself (Microsoft Forms' own "Email" of an anonymous respondent).
const (
	ColName      Field = "name"
	ColEmail     Field = "email"
	ColZone      Field = "zone"
	ColHours     Field = "hours"
	ColOffers    Field = "offers"
	ColWants     Field = "wants"
	ColLanguages Field = "languages"
	ColIgnore    Field = "ignore"
)

// Fields lists the fields a column can map to, in form order.
var Fields = []Field{ColName, ColEmail, ColZone, ColHours, ColOffers, ColWants, ColLanguages}

// requiredFields must each be mapped from some column.
var requiredFields = []Field{ColName, ColEmail, ColZone, ColHours, ColOffers, ColWants}

// ParseField reads a field's name, ignoring case ("ignore" and "-" drop
// the column).
func ParseField(s string) (Field, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "-" || s == string(ColIgnore) {
		return ColIgnore, true
	}
	for _, f := range Fields {
		if s == string(f) {
			return f, true
		}
	}
	return "", false
}

// headerFields are the column titles sign-up forms commonly use, reduced
// by headerKey, and the field each holds.
var headerFields = map[string]Field{
	"name": ColName, "full-name": ColName, "your-name": ColName, "first-and-last-name": ColName,
	"email": ColEmail, "email-address": ColEmail, "e-mail": ColEmail, "e-mail-address": ColEmail,
	"your-email": ColEmail, "your-email-address": ColEmail, "work-email": ColEmail,
	"zone": ColZone, "time-zone": ColZone, "timezone": ColZone, "your-time-zone": ColZone, "tz": ColZone,
	"hours": ColHours, "comfortable-hours": ColHours, "availability": ColHours, "available-hours": ColHours,
	"preferred-hours": ColHours, "best-time-for-calls": ColHours,
	"offers": ColOffers, "offer": ColOffers, "i-can-teach": ColOffers, "can-teach": ColOffers,
	"what-can-you-teach": ColOffers, "what-can-you-offer": ColOffers, "skills-to-offer": ColOffers,
	"wants": ColWants, "want": ColWants, "i-want-to-learn": ColWants, "want-to-learn": ColWants,
	"what-do-you-want-to-learn": ColWants, "learning-goals": ColWants,
	"languages": ColLanguages, "language": ColLanguages, "languages-spoken": ColLanguages,
	"spoken-languages": ColLanguages,
}

// metaColumns are the columns form tools add about the response itself
// (Google Forms' Timestamp; Microsoft Forms' ID, Start time, Completion
// time, Last modified time), ignored unless mapped.
var metaColumns = map[string]bool{
	"timestamp": true, "id": true, "start-time": true, "completion-time": true, "last-modified-time": true,
}

// headerKey reduces a column title for lookup to a slug: lower case,
// words joined by "-", a trailing "(...)" hint dropped ("Time zone (e.g.
// Europe/Berlin)" is "time-zone").
func headerKey(h string) string {
	if i := strings.IndexByte(h, '('); i > 0 {
		h = h[:i]
	}
	return strings.Join(strings.FieldsFunc(strings.ToLower(h), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), "-")
}

// Column is one column of an imported file and what it was taken as.
type Column struct {
	Header string
	Field  Field // "" when the column is not used
	// Meta: a form tool's column about the response, ignored.
	Meta bool
}

// Row is one response of an imported file: the person read from it and
// what is wrong with them.
type Row struct {
	Line     int // the file's line the row starts on (1 is the header)
	Person   Person
	Problems []mentoring.FieldError
}

// Import is a parsed file: how its columns were read and each row.
type Import struct {
	Columns []Column
	Rows    []Row
}

// OK reports whether every row can join the pool.
func (im Import) OK() bool {
	for _, r := range im.Rows {
		if len(r.Problems) > 0 {
			return false
		}
	}
	return true
}

// People are the people of the rows without problems.
func (im Import) People() []Person {
	var out []Person
	for _, r := range im.Rows {
		if len(r.Problems) == 0 {
			out = append(out, r.Person)
		}
	}
	return out
}

// CSVOptions say how to read a file.
type CSVOptions struct {
	// Map maps a column's title (ignoring case and surrounding space) to
	// a field, overriding what its title would map to.
	Map map[string]Field
	// Separator splits cells holding several answers (offers, wants,
	// languages); 0 splits on ';' when the cell has one, else on ','
	// (Google Forms joins checkbox answers with ", "). Line breaks always
	// separate.
	Separator rune
}

// ColumnError is a problem with the file's columns rather than a row:
// Code is one of the Col* codes, Column a column's title, Field a field.
type ColumnError struct {
	Code   string
	Column string
	Field  Field
	// Columns are the titles involved (two columns for one field).
	Columns []string
}

// Codes of ColumnError.
const (
	ColCodeNoHeader     = "no_header"     // the file is empty
	ColCodeUnknown      = "unknown"       // Map names a Column the file has not
	ColCodeBadField     = "bad_field"     // Map maps to a field that does not exist
	ColCodeUnmapped     = "unmapped"      // no column holds Field
	ColCodeTwice        = "twice"         // Columns both hold Field, which takes one
	ColCodeBadSeparator = "bad_separator" // the separator is not ';' or ','
)

func (e *ColumnError) Error() string {
	return fmt.Sprintf("pool csv: %s (column %q, field %q, columns %q)", e.Code, e.Column, e.Field, e.Columns)
}

// ErrCSV wraps a file that is no CSV (an unclosed quote and the like).
var ErrCSV = errors.New("pool csv: unreadable")

// ParseCSV reads a sign-up form's export as the form tool wrote it: an
// optional UTF-8 byte order mark, a header row, quoted cells that may span
// lines. It never fails for a bad row: each row carries its problems, so a
// dry run can list them all. It fails for a file it cannot read or whose
// columns do not give every required field (a *ColumnError; the Import
// then holds the columns as read, when the header was).
func ParseCSV(r io.Reader, opt CSVOptions) (Import, error) {
	if opt.Separator != 0 && opt.Separator != ';' && opt.Separator != ',' {
		return Import{}, &ColumnError{Code: ColCodeBadSeparator}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return Import{}, fmt.Errorf("pool csv: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	if bytes.Count(firstLine(data), []byte(";")) > bytes.Count(firstLine(data), []byte(",")) {
		cr.Comma = ';' // Excel in much of Europe saves CSV with semicolons
	}
	header, err := cr.Read()
	if err == io.EOF {
		return Import{}, &ColumnError{Code: ColCodeNoHeader}
	}
	if err != nil {
		return Import{}, fmt.Errorf("%w: %v", ErrCSV, err)
	}
	cols, err := mapColumns(header, opt.Map)
	if err != nil {
		// the columns as far as they were read, so a front end can offer
		// to map them differently
		return Import{Columns: cols}, err
	}
	im := Import{Columns: cols}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Import{}, fmt.Errorf("%w: %v", ErrCSV, err)
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		im.Rows = append(im.Rows, readRow(line, rec, cols, opt.Separator))
	}
	// Duplicates across rows, named by the first row's line.
	seen := map[string]int{}
	for i := range im.Rows {
		k := Key(im.Rows[i].Person.Email)
		if k == "" {
			continue
		}
		if first, dup := seen[k]; dup {
			im.Rows[i].Problems = append(im.Rows[i].Problems, mentoring.FieldError{Field: FieldEmail, Code: CodeDuplicate,
				Args: mentoring.Args{"Value": im.Rows[i].Person.Email, "Row": im.Rows[first].Line}})
			sortProblems(im.Rows[i].Problems)
			continue
		}
		seen[k] = i
	}
	return im, nil
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i]
	}
	return b
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// mapColumns decides what each column holds: the user's mapping first,
// then a title naming a field or a common form title for it; a form
// tool's own columns are ignored.
func mapColumns(header []string, user map[string]Field) ([]Column, error) {
	cols := make([]Column, len(header))
	byTitle := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		cols[i].Header = h
		if _, dup := byTitle[strings.ToLower(h)]; !dup {
			byTitle[strings.ToLower(h)] = i
		}
	}
	mapped := map[int]bool{}
	titles := make([]string, 0, len(user))
	for t := range user {
		titles = append(titles, t)
	}
	sort.Strings(titles)
	for _, t := range titles {
		f := user[t]
		i, ok := byTitle[strings.ToLower(strings.TrimSpace(t))]
		if !ok {
			return nil, &ColumnError{Code: ColCodeUnknown, Column: t}
		}
		if _, valid := ParseField(string(f)); !valid {
			return nil, &ColumnError{Code: ColCodeBadField, Column: t, Field: f}
		}
		mapped[i] = true
		if f != ColIgnore {
			cols[i].Field = f
		}
	}
	for i := range cols {
		if mapped[i] {
			continue
		}
		k := headerKey(cols[i].Header)
		if f, ok := headerFields[k]; ok {
			cols[i].Field = f
		} else if metaColumns[k] {
			cols[i].Meta = true
		}
	}
	// A list field may come from several columns ("Want 1", "Want 2");
	// a single value may not.
	for _, f := range []Field{ColName, ColEmail, ColZone, ColHours} {
		var from []string
		for _, c := range cols {
			if c.Field == f {
				from = append(from, c.Header)
			}
		}
		if len(from) > 1 {
			return cols, &ColumnError{Code: ColCodeTwice, Field: f, Columns: from}
		}
	}
	for _, f := range requiredFields {
		found := false
		for _, c := range cols {
			found = found || c.Field == f
		}
		if !found {
			return cols, &ColumnError{Code: ColCodeUnmapped, Field: f}
		}
	}
	return cols, nil
}

func readRow(line int, rec []string, cols []Column, sep rune) Row {
	row := Row{Line: line}
	p := &row.Person
	var hours string
	for i, c := range cols {
		if i >= len(rec) || c.Field == "" {
			continue
		}
		cell := strings.TrimSpace(rec[i])
		switch c.Field {
		case ColName:
			p.Name = cell
		case ColEmail:
			p.Email = cell
		case ColZone:
			p.Zone = cell
		case ColHours:
			hours = cell
		case ColOffers:
			p.Offers = append(p.Offers, SplitAnswers(cell, sep)...)
		case ColWants:
			p.Wants = append(p.Wants, SplitAnswers(cell, sep)...)
		case ColLanguages:
			p.Languages = append(p.Languages, SplitAnswers(cell, sep)...)
		}
	}
	p.Normalize()
	w, hp := ParseHours(hours)
	p.Hours = w
	row.Problems = p.Problems()
	if hp != nil {
		// The window did not parse: say why instead of what the zero
		// window's check says.
		for i, fe := range row.Problems {
			if fe.Field == FieldHours {
				row.Problems = append(row.Problems[:i], row.Problems[i+1:]...)
				break
			}
		}
		row.Problems = append(row.Problems, mentoring.FieldError{Field: FieldHours, Code: hp.Code, Args: hp.Args})
		sortProblems(row.Problems)
	}
	return row
}

// fieldOrder is the order problems are listed in, the form's.
var fieldOrder = map[string]int{FieldName: 0, FieldEmail: 1, FieldZone: 2, FieldHours: 3, FieldOffers: 4, FieldWants: 5, FieldLanguages: 6}

func sortProblems(ps []mentoring.FieldError) {
	sort.SliceStable(ps, func(i, j int) bool { return fieldOrder[ps[i].Field] < fieldOrder[ps[j].Field] })
}

// SplitAnswers splits a multi-answer cell on sep (0: ';' when the cell
// has one, else ',') and on line breaks, trimming each answer.
func SplitAnswers(cell string, sep rune) []string {
	if sep == 0 {
		sep = ','
		if strings.ContainsRune(cell, ';') {
			sep = ';'
		}
	}
	var out []string
	for _, part := range strings.FieldsFunc(cell, func(r rune) bool { return r == sep || r == '\n' || r == '\r' }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// ParseHours reads comfortable hours as people type them into a form:
// "08:00-10:00", "8:00 - 10:00", "08:00–10:00" (an en dash) or "8:00 to
// 10:00". It returns the problem as a code when they do not parse.
func ParseHours(s string) (calendar.Window, *mentoring.Problem) {
	s = strings.TrimSpace(s)
	if s == "" {
		return calendar.Window{}, &mentoring.Problem{Code: mentoring.CodeRequired}
	}
	norm := strings.NewReplacer("–", "-", "—", "-", " to ", "-", " ", "", ".", ":").Replace(strings.ToLower(s))
	w, err := calendar.ParseWindow(norm)
	switch {
	case err == nil:
		return w, nil
	case errors.Is(err, calendar.ErrEmptyWindow):
		return w, &mentoring.Problem{Code: mentoring.CodeEmptyHours}
	case errors.Is(err, calendar.ErrClockRange):
		return w, &mentoring.Problem{Code: mentoring.CodeClockRange, Args: mentoring.Args{"Value": s}}
	default:
		return w, &mentoring.Problem{Code: mentoring.CodeClockFormat, Args: mentoring.Args{"Value": s}}
	}
}
