package calendar

import (
	"reflect"
	"testing"
	"time"
)

// The parsers read what people type and what the database holds. Each fuzz
// target checks that no input panics and that whatever parses formats to a
// canonical string that parses back to the same value.

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"09:30", "9:30", " 24:00 ", "00:00", "23:59", "24:01", "12:60", "-1:30",
		"+9:05", "1:5", "123:00", "::", "", "0x1:00", "09:3\u0660", "08:00-18:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseClock(s)
		if err != nil {
			return
		}
		if c < 0 || c > 24*60 {
			t.Fatalf("ParseClock(%q) = %d, outside 00:00-24:00", s, c)
		}
		again, err := ParseClock(c.String())
		if err != nil || again != c {
			t.Fatalf("ParseClock(%q) = %v; its String %q parses to %v, %v", s, c, c.String(), again, err)
		}
	})
}

func FuzzParseWindow(f *testing.F) {
	for _, s := range []string{"08:00-18:00", "22:00-02:00", "00:00-24:00", "9:00 - 17:00", "10:00-10:00",
		"24:00-01:00", "08:00", "08:00-18:00-20:00", "-", "08:00--18:00", "\t07:15-07:16\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWindow(s)
		if err != nil {
			return
		}
		if err := w.Validate(); err != nil {
			t.Fatalf("ParseWindow(%q) = %v, which does not validate: %v", s, w, err)
		}
		again, err := ParseWindow(w.String())
		if err != nil || again != w {
			t.Fatalf("ParseWindow(%q) = %v; its String %q parses to %v, %v", s, w, w.String(), again, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2027-01-31", "2027-02-29", "2028-02-29", " 2027-1-31", "0000-01-01",
		"9999-12-31", "2027-13-01", "2027-00-10", "27-01-31", "2027/01/31", "2027-01-31T10:00", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.IsZero() || !d.valid() {
			t.Fatalf("ParseDate(%q) = %#v, not a real day", s, d)
		}
		again, err := ParseDate(d.String())
		if err != nil || again != d {
			t.Fatalf("ParseDate(%q) = %#v; its String %q parses to %#v, %v", s, d, d.String(), again, err)
		}
	})
}

func FuzzParseWeekdays(f *testing.F) {
	for _, s := range []string{"MO,TH", "mon, thu", "Monday Thursday", "SU;SA;su", "tu", "t", "",
		", ,", "FR,XX", "wednesday,WE,wed", "MONDAYS", "Ｍｏ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		days, err := ParseWeekdays(s)
		if err != nil {
			return
		}
		if len(days) == 0 || len(days) > 7 {
			t.Fatalf("ParseWeekdays(%q) = %v: want 1 to 7 days", s, days)
		}
		for i, d := range days {
			if d < time.Sunday || d > time.Saturday {
				t.Fatalf("ParseWeekdays(%q) = %v: %d is not a weekday", s, days, d)
			}
			if i > 0 && mondayIndex(days[i-1]) >= mondayIndex(d) {
				t.Fatalf("ParseWeekdays(%q) = %v: not Monday first without repeats", s, days)
			}
		}
		text := FormatWeekdays(days)
		again, err := ParseWeekdays(text)
		if err != nil || !reflect.DeepEqual(again, days) {
			t.Fatalf("ParseWeekdays(%q) = %v; FormatWeekdays %q parses to %v, %v", s, days, text, again, err)
		}
	})
}
