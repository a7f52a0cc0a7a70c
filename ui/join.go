package ui

import (
	"errors"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"

	"github.com/twoway-app/twoway/calendar/ics"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/internal/shared"
	twstorage "github.com/twoway-app/twoway/storage"
)

// maxICS bounds what is read of a file a user opens or drops: a real
// invite is a few kilobytes.
const maxICS = 2 << 20

// joinFromFile asks for the invitation the partner sent (the .ics attached
// to the email, or saved from it) and joins it (File › Join Partnership…).
func (u *UI) joinFromFile() {
	u.leaveThen(func() {
		u.pickFile([]string{".ics", ".ICS"}, lang.L("Join a partnership from your partner's invite"), lang.L("Join"), maxICS,
			func(_ string, data []byte) { u.openCalendarFile(data) })
	}, nil)
}

// pickFile asks for a file with one of exts, reads at most limit bytes
// of it and hands its name (without the extension) and bytes to use; an
// unreadable file is said, a cancelled choice does nothing.
func (u *UI) pickFile(exts []string, title, confirmText string, limit int64, use func(name string, data []byte)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(lang.L("Could not open the file"), err)
			return
		}
		if r == nil {
			return
		}
		data, err := io.ReadAll(io.LimitReader(r, limit))
		name := strings.TrimSuffix(r.URI().Name(), r.URI().Extension())
		r.Close()
		if err != nil {
			u.showError(lang.L("Could not read the file"), err)
			return
		}
		use(name, data)
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.SetTitleText(title)
	if confirmText != "" {
		d.SetConfirmText(confirmText)
	}
	d.Show()
}

// onDropped takes .ics files dropped on the window: an invitation joins
// (or updates) a partnership, a reply or counter-proposal is imported.
func (u *UI) onDropped(_ fyne.Position, uris []fyne.URI) {
	for _, uri := range uris {
		if !strings.EqualFold(uri.Extension(), ".ics") {
			dialog.ShowInformation(lang.L("Only calendar files"), lang.L("Drop an invitation or an answer saved as .ics."), u.win)
			continue
		}
		r, err := storage.Reader(uri)
		if err != nil {
			u.showError(lang.L("Could not open the file"), err)
			continue
		}
		data, err := io.ReadAll(io.LimitReader(r, maxICS))
		r.Close()
		if err != nil {
			u.showError(lang.L("Could not read the file"), err)
			continue
		}
		u.openCalendarFile(data)
	}
}

// openCalendarFile hands a calendar file to the use case it is for: an
// answer from the partner is imported, anything else joined.
func (u *UI) openCalendarFile(data []byte) {
	if msg, err := ics.Parse(data); err == nil && (msg.Method == ics.MethodReply || msg.Method == ics.MethodCounter) {
		u.importAnswer(data)
		return
	}
	if _, err := shared.ParseBundle(data); err == nil {
		u.importRecord(data)
		return
	}
	var j service.Joined
	var err error
	var p mentoring.Partnership
	u.Run(func() {
		if j, err = u.deliver().Join(u.ctx, data); err == nil {
			p, err = u.db().GetPartnership(u.ctx, j.ID)
		}
	}, func() {
		if err != nil {
			u.showError(lang.L("Could not join"), errors.New(joinText(err)))
			return
		}
		u.reload(j.ID)
		v := map[string]any{"Title": p.Title, "Name": mentoring.FirstName(p.Partner.Name)}
		switch {
		case j.Cancelled:
			dialog.ShowInformation(lang.L("Cancellation received"), lang.L("{{.Name}} cancelled: “{{.Title}}” now shows it.", v), u.win)
		case j.Created:
			dialog.ShowInformation(lang.L("You joined “{{.Title}}”", v), lang.L("{{.Name}} keeps the schedule. Answer the invite, or propose another time, on the Invites tab.", v), u.win)
		default:
			dialog.ShowInformation(lang.L("Update received"), lang.L("“{{.Title}}” now has {{.Name}}'s latest schedule.", v), u.win)
		}
	})
}

// importAnswer records a reply or counter-proposal from any partnership.
func (u *UI) importAnswer(data []byte) {
	var r mentoring.Response
	var err error
	now := time.Now()
	u.Run(func() {
		r, err = u.db().ImportResponse(u.ctx, data, now)
	}, func() {
		if err != nil {
			u.showError(lang.L("This file cannot be imported"), err)
			return
		}
		u.reload(r.PartnershipID)
	})
}

// joinText words why a file could not be joined.
func joinText(err error) string {
	switch {
	case errors.Is(err, mentoring.ErrForeignInvite):
		return lang.L("This invitation was not made by Twoway, so there is no partnership to join. Add the partnership yourself with New Partnership.")
	case errors.Is(err, mentoring.ErrNotInvite):
		return lang.L("This file is not an invitation.")
	case errors.Is(err, mentoring.ErrNewerJoinFormat):
		return lang.L("This invitation was made by a newer Twoway. Update Twoway to join it.")
	case errors.Is(err, twstorage.ErrOwnInvite):
		return lang.L("This is your own invitation: you organize this partnership.")
	case errors.Is(err, twstorage.ErrStaleInvite):
		return lang.L("This invitation is older than the one you joined; nothing changed.")
	case errors.Is(err, twstorage.ErrNotFound):
		return lang.L("This cancellation is for a partnership you have not joined.")
	}
	return errorText(err)
}

// importRecord merges a shared record the partner mailed or saved.
func (u *UI) importRecord(data []byte) {
	var id int64
	var rep service.SyncReport
	var err error
	u.Run(func() { id, rep, err = u.deliver().ImportRecord(u.ctx, data) }, func() {
		if errors.Is(err, service.ErrNotForAnyPartnership) {
			u.showError(lang.L("Nothing was imported"), errors.New(lang.L("This shared record belongs to no partnership here: join your partner's invite first.")))
			return
		}
		if err != nil {
			u.showError(lang.L("Nothing was imported"), err)
			return
		}
		u.detail.share.last = append(u.detail.share.last, rep.Conflicts...)
		u.reload(id)
		dialog.ShowInformation(lang.L("Shared record merged"), lang.N("{{.Count}} changes from your partner are in.", rep.Pulled,
			map[string]any{"Count": rep.Pulled}), u.win)
	})
}
