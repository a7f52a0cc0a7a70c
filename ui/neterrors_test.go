package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/twoway-app/twoway/calendar/caldavpub"
	"github.com/twoway-app/twoway/calendar/imip"
)

// TestNetworkErrorsSayWhatToDo: a classified mail or calendar failure is
// worded for the user (what to check), without the library's prefix or
// the DNS detail behind it, in English and German (issue 14, reading 9).
func TestNetworkErrorsSayWhatToDo(t *testing.T) {
	errs := []error{imip.ErrAuth, imip.ErrConnection, imip.ErrTimeout, imip.ErrTLS, imip.ErrInsecure, imip.ErrRecipientRejected,
		imip.ErrServer, caldavpub.ErrAuth, caldavpub.ErrForbidden, caldavpub.ErrNotFound, caldavpub.ErrConflict,
		caldavpub.ErrDuplicateUID, caldavpub.ErrConnection, caldavpub.ErrTimeout, caldavpub.ErrServer, caldavpub.ErrInvalidObject}
	english := map[error]string{}
	for _, e := range errs {
		wrapped := fmt.Errorf("send invite: %w: dial tcp: lookup smtp.example.invalid: no such host", e)
		got := errorText(wrapped)
		if got == "" || strings.Contains(got, "imip:") || strings.Contains(got, "caldavpub:") || strings.Contains(got, "dial tcp") {
			t.Errorf("%v is worded %q", e, got)
		}
		english[e] = got
	}
	if got := errorText(fmt.Errorf("something else")); got != "something else" {
		t.Errorf("an unclassified error became %q", got)
	}
	useLocale(t, "de_DE.UTF-8")
	for _, e := range errs {
		if de := errorText(e); de == english[e] {
			t.Errorf("%v is not translated: %q", e, de)
		}
	}
}
