package ui

import (
	"errors"

	"fyne.io/fyne/v2/lang"

	"github.com/twoway-app/twoway/calendar/caldavpub"
	"github.com/twoway-app/twoway/calendar/imip"
)

// networkText words, in the user's language, what a mail or calendar
// server's failure means and what to do about it, for the failures the
// protocol packages classify; "" for any other error. The library's own
// words (and the DNS or TLS detail behind them) stay in the log.
func networkText(err error) string {
	switch {
	case errors.Is(err, imip.ErrAuth):
		return lang.L("The mail server rejected the login: check the user name and password (some providers require an app password).")
	case errors.Is(err, imip.ErrConnection):
		return lang.L("Twoway cannot reach the mail server: check the server name and port in Settings, and that you are online.")
	case errors.Is(err, imip.ErrTimeout):
		return lang.L("The mail server did not answer in time: check the port and security setting (465 is SSL/TLS, 587 is STARTTLS) and your network.")
	case errors.Is(err, imip.ErrTLS):
		return lang.L("The secure connection to the mail server failed: check the security setting (465 is SSL/TLS, 587 is STARTTLS).")
	case errors.Is(err, imip.ErrInsecure):
		return lang.L("Unencrypted mail is only allowed to this computer: choose SSL/TLS or STARTTLS in Settings.")
	case errors.Is(err, imip.ErrRecipientRejected):
		return lang.L("The mail server refused your partner's address: check it in the partnership.")
	case errors.Is(err, imip.ErrServer):
		return lang.L("The mail server refused the message: check the sender address in Settings and try again later.")
	case errors.Is(err, caldavpub.ErrAuth):
		return lang.L("The calendar server rejected the user name or password: check them in Settings (some providers require an app password).")
	case errors.Is(err, caldavpub.ErrForbidden):
		return lang.L("The calendar server denied access: check that the calendar belongs to this account and can be written.")
	case errors.Is(err, caldavpub.ErrNotFound):
		return lang.L("The calendar was not found on the server: test the connection in Settings and choose the calendar again.")
	case errors.Is(err, caldavpub.ErrConflict):
		return lang.L("The event was changed on the calendar server by someone else: Twoway left it as it is.")
	case errors.Is(err, caldavpub.ErrDuplicateUID):
		return lang.L("The calendar already holds this series under another name: remove the other copy or choose another calendar.")
	case errors.Is(err, caldavpub.ErrConnection):
		return lang.L("Twoway cannot reach the calendar server: check its address in Settings, and that you are online.")
	case errors.Is(err, caldavpub.ErrTimeout):
		return lang.L("The calendar server did not answer in time: check its address and your network.")
	case errors.Is(err, caldavpub.ErrServer), errors.Is(err, caldavpub.ErrInvalidObject):
		return lang.L("The calendar server refused the series: try again later, or publish to another calendar.")
	}
	return ""
}
