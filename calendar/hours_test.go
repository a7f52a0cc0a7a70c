package calendar

import (
	"errors"
	"testing"
	"time"
)

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want Clock
		ok   bool
	}{
		{"09:30", 9*60 + 30, true},
		{" 7:05 ", 7*60 + 5, true},
		{"00:00", 0, true},
		{"24:00", 1440, true}, // allowed as a window end
		{"24:01", 0, false},
		{"25:00", 0, false},
		{"12:60", 0, false},
		{"12:5", 0, false},
		{"123:00", 0, false},
		{"-1:00", 0, false},
		{"12.30", 0, false},
		{"", 0, false},
		{"ab:cd", 0, false},
	}
	for _, tt := range tests {
		// Given a typed time, When it is parsed, Then valid times give
		// minutes after midnight and anything else an error.
		got, err := ParseClock(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseClock(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if tt.ok && got != tt.want {
			t.Errorf("ParseClock(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestParseWindow(t *testing.T) {
	tests := []struct {
		in    string
		want  Window
		err   bool
		empty bool
	}{
		{in: "08:00-18:00", want: Window{8 * 60, 18 * 60}},
		{in: "22:00-02:00", want: Window{22 * 60, 2 * 60}},
		{in: "20:00-24:00", want: Window{20 * 60, 1440}},
		{in: "08:00", err: true},
		{in: "08:00-", err: true},
		{in: "8-18", err: true},
		{in: "24:00-08:00", err: true}, // 24:00 only ends a window
		{in: "09:00-09:00", err: true, empty: true},
	}
	for _, tt := range tests {
		// Given typed comfortable hours, When parsed, Then a window or a
		// clear error.
		got, err := ParseWindow(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParseWindow(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if tt.empty && !errors.Is(err, ErrEmptyWindow) {
			t.Errorf("ParseWindow(%q) error = %v, want ErrEmptyWindow", tt.in, err)
		}
		if !tt.err && got != tt.want {
			t.Errorf("ParseWindow(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestWindowFits(t *testing.T) {
	day := func(h, m int) time.Time { return time.Date(2027, 1, 4, h, m, 0, 0, time.UTC) }
	office := Window{9 * 60, 17 * 60}
	night := Window{22 * 60, 2 * 60}
	evening := Window{20 * 60, 1440}
	tests := []struct {
		name  string
		w     Window
		start time.Time
		mins  int
		want  bool
	}{
		{"inside", office, day(10, 0), 60, true},
		{"touches both ends", office, day(9, 0), 8 * 60, true},
		{"starts before", office, day(8, 45), 30, false},
		{"ends after", office, day(16, 30), 60, false},
		{"night: evening part", night, day(22, 30), 60, true},
		{"night: across midnight", night, day(23, 30), 60, true},
		{"night: small hours", night, day(0, 30), 90, true},
		{"night: ends past the window", night, day(1, 30), 60, false},
		{"night: midday", night, day(12, 0), 60, false},
		{"night: starts just before", night, day(21, 45), 30, false},
		{"until midnight: ends at 24:00", evening, day(23, 0), 60, true},
		{"until midnight: crosses it", evening, day(23, 30), 60, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Given a window and a call, When Fits judges it, Then only a
			// call wholly inside the window fits.
			if got := tt.w.Fits(tt.start, time.Duration(tt.mins)*time.Minute); got != tt.want {
				t.Errorf("%v.Fits(%s, %dmin) = %v, want %v", tt.w, ClockOf(tt.start), tt.mins, got, tt.want)
			}
		})
	}
}
