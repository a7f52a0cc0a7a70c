// Package ui holds Twoway's Fyne screens and widgets. It talks to storage
// through the small Store interface and never imports Fyne's app driver or
// database/sql, so its tests run headless with fyne's test package.
package ui

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/internal/mentoring"
	"github.com/twoway-app/twoway/internal/service"
	"github.com/twoway-app/twoway/storage/secrets"
)

// Store is what the window needs from the database: the use cases' needs
// (service.Store) and, area by area, the records the screens read and edit
// directly. *storage.Store is the one implementation; each area is small
// enough to fake in a test.
type Store interface {
	service.Store
	service.MailboxStore
	PartnershipStore
	ScheduleStore
	InviteStore
	HistoryStore
}

// PartnershipStore is what the sidebar and the partnership editor use.
type PartnershipStore interface {
	ListPartnerships(ctx context.Context) ([]mentoring.Summary, error)
	LatestMe(ctx context.Context) (me mentoring.Person, ok bool, err error)
	GetPartnership(ctx context.Context, id int64) (mentoring.Partnership, error)
	CreatePartnership(ctx context.Context, p *mentoring.Partnership) (int64, error)
	UpdatePartnership(ctx context.Context, p *mentoring.Partnership) error
	DeletePartnership(ctx context.Context, id int64) error
}

// ScheduleStore is what the Schedule tab uses.
type ScheduleStore interface {
	GetSchedule(ctx context.Context, id int64) (calendar.Cadence, error)
	SetSchedule(ctx context.Context, id int64, c calendar.Cadence) error
}

// InviteStore is what the Invites tab reads and changes besides the use
// cases: the agenda, single sessions, the partner's answers.
type InviteStore interface {
	SetAgenda(ctx context.Context, id int64, agenda string) error
	SetAgendaPlan(ctx context.Context, id int64, agenda string, topics []int64) error
	Invite(ctx context.Context, id int64) (mentoring.InviteState, error)
	Exceptions(ctx context.Context, id int64) ([]mentoring.Exception, error)
	SkipSession(ctx context.Context, id int64, original time.Time) error
	MoveSession(ctx context.Context, id int64, original, start time.Time) error
	RestoreSession(ctx context.Context, id int64, original time.Time) error
	ImportResponse(ctx context.Context, data []byte, now time.Time) (mentoring.Response, error)
	Responses(ctx context.Context, id int64) ([]mentoring.Response, error)
	Publication(ctx context.Context, id int64) (mentoring.Publication, error)
}

// HistoryStore is what the Overview, Topics and Sessions tabs use.
type HistoryStore interface {
	History(ctx context.Context, id int64) (mentoring.History, error)
	AddTopic(ctx context.Context, t *mentoring.Topic) (int64, error)
	UpdateTopic(ctx context.Context, t *mentoring.Topic) error
	DeleteTopic(ctx context.Context, topicID int64) error
	MoveTopic(ctx context.Context, topicID int64, delta int) error
	SeedTopics(ctx context.Context, id int64) (int, error)
	LogSession(ctx context.Context, id int64, l mentoring.SessionLog) error
	ClearSessionLog(ctx context.Context, id int64, original time.Time) error
	SetActionDone(ctx context.Context, actionID int64, done bool) error
}

// Options are what the window is built from. Store is required; the rest
// have defaults for the desktop.
type Options struct {
	// Store is the open database.
	Store Store
	// DBPath is the database file and Reopen opens it again: File ›
	// Restore closes the store, replaces the file and carries on with the
	// reopened one. Without them, backup and restore are unavailable.
	DBPath string
	Reopen func(ctx context.Context) (Store, error)
	// Secrets keeps the mail and calendar passwords; the system keyring
	// when nil.
	Secrets secrets.Store
	// Run does work off the UI goroutine and then calls done on it, so the
	// window never freezes on disk or network I/O; when nil, work runs on
	// its own goroutine and done through fyne.Do.
	Run func(work func(), done func())
	// Tray, when the desktop has a system tray, shows the menu Twoway
	// gives it (the GUI passes desktop.App.SetSystemTrayMenu).
	Tray func(*fyne.Menu)
	// Notify, when the desktop's notifications can carry buttons, shows a
	// Notice with them; when nil, Fyne's notification shows title and body.
	Notify func(Notice)
}

// UI is the main window's state: the sidebar of partnerships and the pane
// showing the selected one, the editor, or the first-run welcome.
type UI struct {
	app fyne.App
	win fyne.Window
	ctx context.Context

	// mu guards store and core, which File › Restore replaces while work
	// started earlier may still be running on other goroutines: work reads
	// them through db() and deliver().
	mu    sync.RWMutex
	store Store
	// core is the use cases over store; tests adjust it (timeouts, TLS
	// trust) before any work runs.
	core *service.Core

	run func(work func(), done func())
	// openFile hands a file to the program the desktop opens it with.
	openFile func(path string) error
	// openURL hands a link to the browser (the app's OpenURL; tests
	// record it).
	openURL func(*url.URL) error
	// notifier shows a Notice with its buttons (Options.Notify).
	notifier func(Notice)
	secrets  secrets.Store
	dbPath   string
	reopen   func(ctx context.Context) (Store, error)

	sidebar *sidebar
	content *fyne.Container // holds the one screen shown on the right
	detail  *detailScreen
	form    *pairForm

	settings *settingsScreen // built when first opened
	week     *weekScreen     // This week, across partnerships
	pools    *poolsScreen    // Pools: matching people into pairs
	// importing is the open import dialog of a pool, for tests.
	importing dialog.Dialog
	openTab   int // the tab the next open shows, 0 for the Overview

	// tray receives the system tray's menu when it changes (nil: no tray);
	// inputs are the partnerships as the last reminder check read them.
	tray     func(*fyne.Menu)
	trayMenu *fyne.Menu // the one menu the tray is given (TrayMenu)
	inputs   []mentoring.WeekInput

	selected int64 // the partnership shown, 0 for none

	pairItems []*fyne.MenuItem // menu items that act on the shown partnership

	sync syncer // the background syncs of shared records
}

// New builds the main window's content into win.
func New(app fyne.App, win fyne.Window, o Options) *UI {
	u := &UI{app: app, win: win, store: o.Store, ctx: context.Background(), run: o.Run, secrets: o.Secrets,
		dbPath: o.DBPath, reopen: o.Reopen, tray: o.Tray, notifier: o.Notify}
	u.openURL = app.OpenURL
	if u.run == nil {
		u.run = runAsync
	}
	if u.secrets == nil {
		u.secrets = secrets.System()
	}
	u.core = &service.Core{Store: o.Store, Secrets: secretsOf(u)}
	u.openFile = u.openWithDesktop
	closeOnEscape(win)
	u.sidebar = newSidebar(u)
	u.detail = newDetailScreen(u)
	u.form = newPairForm(u)
	u.week = newWeekScreen(u)
	u.pools = newPoolsScreen(u)
	u.content = container.NewStack()
	split := container.NewHSplit(u.sidebar.object, u.content)
	split.Offset = 0.27
	win.SetContent(split)
	win.SetMainMenu(u.mainMenu())
	win.SetOnDropped(u.onDropped)
	u.addShortcuts()
	return u
}

// db is the store the window uses now.
func (u *UI) db() Store {
	u.mu.RLock()
	defer u.mu.RUnlock()
	return u.store
}

// deliver is the use cases over the store the window uses now.
func (u *UI) deliver() *service.Core {
	u.mu.RLock()
	defer u.mu.RUnlock()
	return u.core
}

// Run hands work to the runner (off the UI goroutine) and done back to the
// UI goroutine.
func (u *UI) Run(work func(), done func()) { u.run(work, done) }

// prefLastPartnership remembers the partnership shown last, so the app
// reopens where the user left it.
const prefLastPartnership = "last_partnership"

// Start loads the partnerships and shows the one shown last time (or the
// first one, or the welcome).
func (u *UI) Start() { u.reload(int64(u.app.Preferences().Int(prefLastPartnership))) }

func runAsync(work func(), done func()) {
	go func() {
		work()
		fyne.Do(done)
	}()
}

// reload refreshes the sidebar and then shows partnership id (or the first
// one, or the welcome screen when there are none).
func (u *UI) reload(id int64) {
	var list []mentoring.Summary
	var err error
	u.Run(func() {
		list, err = u.db().ListPartnerships(u.ctx)
	}, func() {
		if err != nil {
			u.showError(lang.L("Could not load partnerships"), err)
			return
		}
		u.sidebar.setItems(list)
		switch {
		case len(list) == 0:
			u.showWelcome()
		case id != 0 && u.sidebar.selectID(id):
		default:
			u.sidebar.selectID(list[0].ID)
		}
	})
}

// show puts one screen on the right.
func (u *UI) show(o fyne.CanvasObject) {
	u.content.Objects = []fyne.CanvasObject{o}
	u.content.Refresh()
	u.updateMenus()
}

// open shows partnership id.
func (u *UI) open(id int64) {
	u.selected = id
	u.app.Preferences().SetInt(prefLastPartnership, int(id))
	var p mentoring.Partnership
	var err error
	u.Run(func() {
		p, err = u.db().GetPartnership(u.ctx, id)
	}, func() {
		if err != nil {
			u.showError(lang.L("Could not open the partnership"), err)
			return
		}
		u.detail.set(p)
		u.show(u.detail.object)
		if u.openTab > 0 {
			u.detail.tabs.SelectIndex(u.openTab)
			u.openTab = 0
		}
	})
}

// openAt shows partnership id on tab (This week's actions).
func (u *UI) openAt(id int64, tab int) {
	u.openTab = tab
	u.reload(id)
}

func (u *UI) showWelcome() {
	u.selected = 0
	u.show(newWelcome(u.newPartnership))
}

// newPartnership opens the editor on a fresh partnership, once the screen
// it leaves has no unsaved changes.
func (u *UI) newPartnership() { u.leaveThen(u.startNew, nil) }

func (u *UI) startNew() {
	// The new partnership starts from the user as they described
	// themselves last time.
	var me mentoring.Person
	var ok bool
	var err error
	u.Run(func() { me, ok, err = u.db().LatestMe(u.ctx) }, func() {
		p := mentoring.NewPartnership()
		if err != nil {
			fyne.LogError("could not read the last partnership", err)
		} else if ok {
			p = mentoring.NewPartnershipWith(me)
		}
		u.openNew(p)
	})
}

func (u *UI) openNew(p mentoring.Partnership) {
	u.form.edit(p)
	u.show(u.form.object)
	u.win.Canvas().Focus(u.form.title)
}

// editSelected opens the editor on the shown partnership.
func (u *UI) editSelected() {
	if !u.pairShown() {
		return
	}
	u.leaveThen(u.startEdit, nil)
}

func (u *UI) startEdit() {
	u.form.edit(u.detail.p)
	u.show(u.form.object)
	u.win.Canvas().Focus(u.form.title)
}

// deleteSelected asks, then deletes the shown partnership.
func (u *UI) deleteSelected() {
	if !u.pairShown() {
		return
	}
	p := u.detail.p
	confirm(lang.L("Delete partnership?"), lang.L("Delete"), lang.L("Cancel"),
		lang.L("Delete “{{.Title}}” with all its details? This cannot be undone.", map[string]any{"Title": p.Title}),
		func(ok bool) {
			if !ok {
				return
			}
			var err error
			u.Run(func() {
				err = u.db().DeletePartnership(u.ctx, p.ID)
			}, func() {
				if err != nil {
					u.showError(lang.L("Could not delete the partnership"), err)
					return
				}
				u.reload(0)
			})
		}, u.win)
}

// Quit quits the app once no screen holds unsaved changes (the window's
// close button, File › Quit and Ctrl+Q all come here).
func (u *UI) Quit() { u.leaveThen(u.app.Quit, nil) }

// saved is called by the editor after a successful save.
func (u *UI) saved(id int64) { u.reload(id) }

// cancelled is called by the editor when the user gives up editing.
func (u *UI) cancelled() {
	if u.selected != 0 {
		u.show(u.detail.object)
		return
	}
	u.reload(0)
}

// showError tells the user what failed, and logs it.
func (u *UI) showError(what string, err error) {
	fyne.LogError(what, err)
	dialog.ShowError(errors.New(what+": "+errorText(err)), u.win)
}

// errorText words err for the user: a validation error through lang, field
// by field; anything else as it says itself.
func errorText(err error) string {
	if msg := networkText(err); msg != "" {
		return msg
	}
	var ve *mentoring.ValidationError
	if !errors.As(err, &ve) {
		return err.Error()
	}
	msgs := make([]string, len(ve.Fields))
	for i, f := range ve.Fields {
		msgs[i] = sentence(fieldText(f))
	}
	return strings.Join(msgs, " ")
}

// secretsOf lets the delivery service follow u.secrets when a test swaps it.
func secretsOf(u *UI) secrets.Store { return uiSecrets{u} }

type uiSecrets struct{ u *UI }

func (s uiSecrets) Get(key string) (string, error) { return s.u.secrets.Get(key) }
func (s uiSecrets) Set(key, pw string) error       { return s.u.secrets.Set(key, pw) }
func (s uiSecrets) Delete(key string) error        { return s.u.secrets.Delete(key) }
