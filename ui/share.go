package ui

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/calendar/caldavpub"
	"github.com/twoway-app/twoway/calendar/imip"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
)

// syncEvery is how often shared records sync while the app runs.
const syncEvery = 3 * time.Minute

// shareCard is the Overview's card about the record the pair shares: where
// it is kept, when it last synced, what waits to go out, errors and
// conflicts, with Share… and Sync now.
type shareCard struct {
	u    *UI
	card *widget.Card

	status    *widget.Label
	problem   *widget.Label
	conflicts *fyne.Container
	share     *widget.Button
	syncNow   *widget.Button
	mail      *widget.Button

	id   int64
	last []service.SyncConflict // of the last sync of id, shown until dismissed
}

func newShareCard(u *UI) *shareCard {
	c := &shareCard{u: u}
	c.status = wrapLabel("")
	c.problem = wrapLabel("")
	c.problem.Importance = widget.DangerImportance
	c.conflicts = container.NewVBox()
	c.share = widget.NewButtonWithIcon(lang.L("Share…"), theme.UploadIcon(), c.onShare)
	c.syncNow = widget.NewButtonWithIcon(lang.L("Sync now"), theme.ViewRefreshIcon(), func() { c.u.syncNow(c.id) })
	c.mail = widget.NewButtonWithIcon(lang.L("Email the record"), theme.MailSendIcon(), func() { c.sendRecord("") })
	c.card = newCard(lang.L("Shared record"), lang.L("Topics, action items, session logs and reflections, kept in step with your partner's Twoway"),
		container.NewVBox(c.status, c.problem, c.conflicts, container.NewHBox(c.share, c.syncNow, c.mail)))
	return c
}

// set shows partnership p's share state (read off the UI goroutine).
func (c *shareCard) set(p mentoring.Partnership) {
	if c.id != p.ID {
		c.last = nil
	}
	c.id = p.ID
	id := p.ID
	var st service.SyncStatus
	var err error
	c.u.Run(func() { st, err = c.u.deliver().Status(c.u.ctx, id) }, func() {
		if c.id != id {
			return
		}
		c.show(p, st, err)
	})
}

func (c *shareCard) show(p mentoring.Partnership, st service.SyncStatus, err error) {
	v := map[string]any{"Name": mentoring.FirstName(p.Partner.Name)}
	c.problem.Hide()
	c.u.detail.shared = err == nil
	if errors.Is(err, mentoring.ErrNotShared) {
		c.status.SetText(lang.L("Not shared yet. Share the record with {{.Name}} through a calendar you both can write (Radicale, Nextcloud or any CalDAV server): topics, action items, session logs and reflections stay in step. Private notes never leave this computer.", v))
		c.share.SetText(lang.L("Share…"))
		c.syncNow.Hide()
		c.showConflicts()
		return
	}
	if err != nil {
		c.status.SetText("")
		c.problem.SetText(sentence(errorText(err)))
		c.problem.Show()
		return
	}
	sh := st.Share
	text := lang.L("Shared with {{.Name}} in {{.Calendar}} on {{.Host}} (as {{.User}}).", map[string]any{
		"Name": v["Name"], "Calendar": sh.Calendar, "Host": hostName(sh.ServerURL), "User": sh.Username})
	if sh.LastSynced.IsZero() {
		text += " " + lang.L("Not synced yet.")
	} else {
		text += " " + lang.L("Last synced {{.Time}}.", map[string]any{"Time": formatTime(sh.LastSynced.Local(), lang.X("layout.weekdayDateClock", "Mon 2 Jan 2006 15:04"))})
	}
	if st.Pending > 0 {
		text += " " + lang.N("{{.Count}} changes waiting to go out.", st.Pending, map[string]any{"Count": st.Pending})
	}
	c.status.SetText(text)
	if sh.LastError != "" {
		c.problem.SetText(lang.L("The last sync failed: {{.Error}}", map[string]any{"Error": syncErrorText(errors.New(sh.LastError))}))
		c.problem.Show()
	}
	c.share.SetText(lang.L("Change…"))
	c.syncNow.Show()
	c.showConflicts()
}

// showConflicts lists the texts both partners changed at once: the kept
// version is in the record; the other can be copied before it is dismissed.
func (c *shareCard) showConflicts() {
	c.conflicts.Objects = nil
	for i, cf := range c.last {
		i, cf := i, cf
		what := lang.L("Both of you changed the same text ({{.Field}}) at once; the later version is kept. The other one was:",
			map[string]any{"Field": conflictField(cf.Field)})
		other := wrapLabel("“" + cf.Other + "”")
		other.TextStyle.Italic = true
		copyBtn := widget.NewButtonWithIcon(lang.L("Copy it"), theme.ContentCopyIcon(), func() {
			c.u.app.Clipboard().SetContent(cf.Other)
		})
		dismiss := widget.NewButton(lang.L("Dismiss"), func() {
			c.last = append(c.last[:i:i], c.last[i+1:]...)
			c.showConflicts()
		})
		l := wrapLabel(what)
		l.Importance = widget.WarningImportance
		c.conflicts.Add(container.NewVBox(l, other, container.NewHBox(copyBtn, dismiss)))
	}
	c.conflicts.Refresh()
}

func conflictField(f string) string {
	switch f {
	case "notes":
		return lang.L("a topic's notes")
	case "agenda":
		return lang.L("a session's agenda")
	case "shared_notes":
		return lang.L("a session's shared notes")
	case "reflection":
		return lang.L("a reflection")
	}
	return f
}

func hostName(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}

// syncErrorText words a failed sync for the user.
func syncErrorText(err error) string {
	switch {
	case errors.Is(err, caldavpub.ErrForbidden):
		return lang.L("the calendar server refused access: ask the calendar's owner to give your account write access to it.")
	}
	return errorText(err)
}

// onShare asks where to keep the record: the calendar's address, the
// login and its password; the calendar is created when missing.
func (c *shareCard) onShare() { c.askShare("", "", "") }

func (c *shareCard) askShare(address, user, password string) {
	id := c.id
	if address == "" || user == "" {
		if st, err := c.u.deliver().Status(c.u.ctx, id); err == nil {
			address = strings.TrimSuffix(st.Share.ServerURL, "/") + st.Share.Calendar
			user = st.Share.Username
		} else if cd, err := c.u.db().CalDAVSettings(c.u.ctx); err == nil && user == "" {
			user = cd.Username
		}
	}
	addr := newEntryMax(2100)
	addr.SetPlaceHolder(lang.L("e.g. https://dav.example.org/ana/pair/"))
	addr.SetText(address)
	login := newLineEntry()
	login.SetText(user)
	pw := widget.NewPasswordEntry()
	pw.SetText(password)
	pw.SetPlaceHolder(lang.L("Leave empty to use the saved one"))
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Calendar address"), addr),
		widget.NewFormItem(lang.L("User name"), login),
		widget.NewFormItem(lang.L("Password"), pw),
	}
	items[0].HintText = lang.L("A calendar both of you can write; Twoway creates it when missing.")
	d := dialog.NewForm(lang.L("Share the record"), lang.L("Share"), lang.L("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		server, path, msg := splitCalendarAddress(addr.Text)
		if msg == "" && strings.TrimSpace(login.Text) == "" {
			msg = lang.L("Enter your user name on the calendar server.")
		}
		if msg != "" {
			e := dialog.NewError(errors.New(msg), c.u.win)
			e.SetOnClosed(func() { c.askShare(addr.Text, login.Text, pw.Text) })
			e.Show()
			return
		}
		sh := mentoring.Share{PartnershipID: id, ServerURL: server, Username: strings.TrimSpace(login.Text), Calendar: path}
		typed := [3]string{addr.Text, login.Text, pw.Text}
		var rep service.SyncReport
		var err error
		c.share.Disable()
		c.u.Run(func() { rep, err = c.u.deliver().StartSharing(c.u.ctx, sh, typed[2]) }, func() {
			c.share.Enable()
			if err != nil && !errors.Is(err, service.ErrPasswordNotSaved) {
				e := dialog.NewError(errors.New(lang.L("Not shared")+": "+syncErrorText(err)), c.u.win)
				e.SetOnClosed(func() { c.askShare(typed[0], typed[1], typed[2]) })
				e.Show()
				return
			}
			c.synced(id, rep)
		})
	}, c.u.win)
	d.Resize(fyne.NewSize(560, 300))
	d.Show()
}

// splitCalendarAddress reads https://host/path/ into the server and the
// collection path, or says what is wrong in the user's language.
func splitCalendarAddress(raw string) (server, path, msg string) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path == "" || u.Path == "/" {
		return "", "", lang.L("Enter the calendar's full address, like https://dav.example.org/ana/pair/.")
	}
	if u.User != nil {
		return "", "", lang.L("Put the user name and password in their own fields, not in the address.")
	}
	path = u.EscapedPath()
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	return u.Scheme + "://" + u.Host + "/", path, ""
}

// synced takes the outcome of a sync of partnership id: its conflicts are
// kept to show, and the screens reload what the partner changed.
func (c *shareCard) synced(id int64, rep service.SyncReport) {
	if id == c.id {
		c.last = append(c.last, rep.Conflicts...)
	}
	if id == c.u.selected {
		// The partner's changes appear at once (syncNow never runs under
		// an open edit).
		if rep.Pulled > 0 || rep.Deleted > 0 {
			c.u.reload(id)
			return
		}
		c.set(c.u.detail.p)
	}
}

// syncer runs the background syncs: at start, a little after each change,
// every few minutes, one at a time.
type syncer struct {
	mu      sync.Mutex
	running bool
	again   bool
	timer   *time.Timer
}

// StartSync begins syncing the shared records in the background (the GUI
// calls it once the window is up; tests drive syncNow instead).
func (u *UI) StartSync() {
	u.syncNow(0)
	u.fetchMail("", false)
	go u.watchMail()
	go func() {
		t := time.NewTicker(syncEvery)
		defer t.Stop()
		for {
			select {
			case <-u.ctx.Done():
				return
			case <-t.C:
				fyne.Do(func() {
					u.syncNow(0)
					u.fetchMail("", false)
				})
			}
		}
	}()
}

// syncSoon syncs a few seconds after the last change, so a burst of edits
// goes out in one sync.
func (u *UI) syncSoon() {
	u.sync.mu.Lock()
	defer u.sync.mu.Unlock()
	if u.sync.timer != nil {
		u.sync.timer.Stop()
	}
	u.sync.timer = time.AfterFunc(5*time.Second, func() { fyne.Do(func() { u.syncNow(0) }) })
}

// syncNow syncs partnership id, or every shared one with id 0, off the UI
// goroutine; a sync asked for while one runs follows it.
func (u *UI) syncNow(id int64) {
	if u.pendingEditor() != nil {
		// Never change the record under an open edit: a form saved
		// afterwards would write back the values it was opened with. The
		// sync after the edit is saved or discarded catches up.
		u.syncSoon()
		return
	}
	u.sync.mu.Lock()
	if u.sync.running {
		u.sync.again = true
		u.sync.mu.Unlock()
		return
	}
	u.sync.running = true
	u.sync.mu.Unlock()
	type result struct {
		id  int64
		rep service.SyncReport
		err error
	}
	var results []result
	u.Run(func() {
		var ids []int64
		if id != 0 {
			ids = []int64{id}
		} else if shares, err := u.db().Shares(u.ctx); err == nil {
			for _, sh := range shares {
				ids = append(ids, sh.PartnershipID)
			}
		}
		for _, pid := range ids {
			rep, err := u.deliver().Sync(u.ctx, pid, "")
			results = append(results, result{pid, rep, err})
		}
	}, func() {
		for _, r := range results {
			if r.err != nil {
				fyne.LogError(fmt.Sprintf("sync of partnership %d", r.id), r.err)
			}
			u.detail.share.synced(r.id, r.rep)
		}
		u.sync.mu.Lock()
		u.sync.running = false
		again := u.sync.again
		u.sync.again = false
		u.sync.mu.Unlock()
		if again {
			u.syncNow(0)
		}
	})
}

// sendRecord mails the shared record to the partner, for a pair without a
// common calendar server; they open it in their Twoway to merge it.
func (c *shareCard) sendRecord(password string) {
	id := c.id
	var err error
	c.mail.Disable()
	c.u.Run(func() { err = c.u.deliver().SendRecord(c.u.ctx, id, password) }, func() {
		c.mail.Enable()
		switch {
		case errors.Is(err, service.ErrPasswordNeeded):
			c.u.detail.invites.askPassword(err, func(pw string) { c.sendRecord(pw) })
		case errors.Is(err, service.ErrNotConfigured):
			c.u.detail.invites.offerSettings(lang.L("Set up email first"), lang.L("Twoway sends the record from your own mail account. Open Settings to enter its mail server?"))
		case err != nil:
			c.u.showError(lang.L("The record was not sent"), err)
		default:
			dialog.ShowInformation(lang.L("Record sent"), lang.L("{{.Name}} merges it by opening the attached file in Twoway.",
				map[string]any{"Name": mentoring.FirstName(c.u.detail.p.Partner.Name)}), c.u.win)
		}
	})
}

// watchMail fetches as soon as mail arrives, where the server offers IMAP
// IDLE; a dropped watch is taken up again a minute later, and without IDLE
// the three-minute timer of StartSync is the fetch.
func (u *UI) watchMail() {
	for {
		err := u.deliver().WatchMail(u.ctx, u.db(), func() { fyne.Do(func() { u.fetchMail("", false) }) })
		if u.ctx.Err() != nil || errors.Is(err, imip.ErrNoIdle) {
			return
		}
		select {
		case <-u.ctx.Done():
			return
		case <-time.After(time.Minute):
		}
	}
}
