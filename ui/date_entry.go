package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// isoDate is the one date format every date entry takes besides the
// locale's: 2027-03-01.
const isoDate = "2006-01-02"

// dateEntry is Fyne's DateEntry that also takes ISO dates (2027-03-01)
// whatever the locale, and shows the two formats it reads as its
// placeholder. Fyne's entry sets its locale-only parser when its renderer
// is made, so the wrapping happens there.
type dateEntry struct {
	widget.DateEntry
}

func newDateEntry() *dateEntry {
	e := &dateEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	return e
}

// CreateRenderer lets Fyne set up the entry, then makes its parser take
// ISO dates too.
func (e *dateEntry) CreateRenderer() fyne.WidgetRenderer {
	r := e.DateEntry.CreateRenderer()
	localValid, localChanged := e.Validator, e.Entry.OnChanged
	e.Validator = func(in string) error {
		if _, ok := parseISODate(in); ok {
			return nil
		}
		return localValid(in)
	}
	e.Entry.OnChanged = func(in string) {
		if t, ok := parseISODate(in); ok {
			e.Date = &t
			if e.OnChanged != nil {
				e.OnChanged(&t)
			}
			return
		}
		localChanged(in)
	}
	if e.PlaceHolder == "" {
		e.PlaceHolder = datePlaceholder(localValid)
	}
	return r
}

// parseISODate reads 2027-03-01 (surrounding space allowed).
func parseISODate(in string) (time.Time, bool) {
	t, err := time.Parse(isoDate, strings.TrimSpace(in))
	return t, err == nil
}

// localeLayouts are the layouts Fyne's DateEntry uses across locales; the
// one the entry's own parser accepts is the user's.
var localeLayouts = []string{"02/01/2006", "01/02/2006", "02.01.2006", "2006/01/02", "02-01-2006", "2006.01.02", "2006-01-02"}

// datePlaceholder shows the locale's format by example ("12/31/2027"):
// the date fields are narrow, so ISO, which every entry also takes, is
// named in the message for a date that does not parse.
func datePlaceholder(valid func(string) error) string {
	sample := time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, l := range localeLayouts {
		if valid != nil && valid(sample.Format(l)) == nil {
			return sample.Format(l)
		}
	}
	return sample.Format(isoDate)
}

// dateFormats names the formats an entry takes, for messages: "12/31/2027
// or 2027-12-31".
func dateFormats(e *dateEntry) string {
	local := datePlaceholder(e.Validator)
	if local == "2027-12-31" {
		return local
	}
	return lang.L("{{.Local}} or {{.ISO}}", map[string]any{"Local": local, "ISO": "2027-12-31"})
}
