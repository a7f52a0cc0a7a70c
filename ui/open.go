package ui

import (
	"net/url"
	"os/exec"
	"runtime"
	"strings"

	"fyne.io/fyne/v2/lang"
)

// errNoCalendarApp is returned when no program on this computer opens
// calendar files, so opening one would fail without a word.
var errNoCalendarApp error = noCalendarApp{}

type noCalendarApp struct{}

func (noCalendarApp) Error() string {
	return lang.L("No program on this computer opens calendar files (.ics).")
}

// openWithDesktop opens path with the desktop's program for it. On Linux,
// xdg-open starts even when no program is registered for text/calendar and
// fails later, unseen; so the registration is asked first (xdg-mime), and
// a missing xdg-open counts as no program.
func (u *UI) openWithDesktop(path string) error {
	if runtime.GOOS == "linux" {
		if _, err := exec.LookPath("xdg-open"); err != nil {
			return errNoCalendarApp
		}
		if mime, err := exec.LookPath("xdg-mime"); err == nil {
			out, err := exec.Command(mime, "query", "default", "text/calendar").Output()
			if err == nil && strings.TrimSpace(string(out)) == "" {
				return errNoCalendarApp
			}
		}
	}
	return u.app.OpenURL(&url.URL{Scheme: "file", Path: path})
}
