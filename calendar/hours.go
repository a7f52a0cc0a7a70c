package calendar

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Clock is a time of day in minutes after midnight, 0 to 1440 (24:00 is
// allowed only as the end of a window).
type Clock int

// ParseClock reads "HH:MM" (24-hour clock, "24:00" allowed).
func ParseClock(s string) (Clock, error) {
	s = strings.TrimSpace(s)
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(m) != 2 || len(h) < 1 || len(h) > 2 {
		return 0, fmt.Errorf("time %q: %w, e.g. 09:30", s, ErrClockFormat)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("time %q: %w", s, ErrClockRange)
	}
	return Clock(hh*60 + mm), nil
}

// String formats c as "HH:MM".
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// ClockOf returns the wall-clock time of day of t in t's location.
func ClockOf(t time.Time) Clock { return Clock(t.Hour()*60 + t.Minute()) }

// Window is the span of a day a person finds comfortable for calls, in their
// own zone. End before Start means the window crosses midnight (22:00-02:00
// for a night owl); End 24:00 means until midnight.
type Window struct {
	Start, End Clock
}

// ErrClockFormat and ErrClockRange say why a time of day did not parse,
// so a front end can word it in its own language.
var (
	ErrClockFormat = errors.New("want HH:MM")
	ErrClockRange  = errors.New("hours run 00-23 and minutes 00-59")
)

// ErrEmptyWindow is returned for a window that starts and ends at once.
var ErrEmptyWindow = errors.New("comfortable hours are empty")

// ParseWindow reads "HH:MM-HH:MM".
func ParseWindow(s string) (Window, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return Window{}, fmt.Errorf("hours %q: %w-HH:MM, e.g. 08:00-18:00", s, ErrClockFormat)
	}
	start, err := ParseClock(a)
	if err != nil {
		return Window{}, fmt.Errorf("hours %q: %w", s, err)
	}
	end, err := ParseClock(b)
	if err != nil {
		return Window{}, fmt.Errorf("hours %q: %w", s, err)
	}
	w := Window{Start: start, End: end}
	if err := w.Validate(); err != nil {
		return Window{}, fmt.Errorf("hours %q: %w", s, err)
	}
	return w, nil
}

// Validate reports whether w is a usable window.
func (w Window) Validate() error {
	if w.Start < 0 || w.Start >= 1440 || w.End < 0 || w.End > 1440 {
		return fmt.Errorf("hours %s-%s: out of range", w.Start, w.End)
	}
	if w.Start == w.End {
		return ErrEmptyWindow
	}
	return nil
}

// String formats w as "HH:MM-HH:MM".
func (w Window) String() string { return w.Start.String() + "-" + w.End.String() }

// Length is how long the window lasts each day.
func (w Window) Length() time.Duration {
	m := int(w.End - w.Start)
	if m <= 0 {
		m += 1440
	}
	return time.Duration(m) * time.Minute
}

// Fits reports whether a call starting at start (read in start's location)
// and lasting d lies wholly inside the window. It works on wall-clock
// minutes, so a call that crosses a DST change is judged by the clock the
// person sees.
func (w Window) Fits(start time.Time, d time.Duration) bool {
	s := int(ClockOf(start))
	e := s + int(d/time.Minute)
	ws, we := int(w.Start), int(w.End)
	if we <= ws { // crosses midnight: [ws, we+1440)
		we += 1440
		if s < ws && s+1440 >= ws {
			// a start in the small hours belongs to the previous evening's window
			s, e = s+1440, e+1440
		}
	}
	return s >= ws && e <= we
}
