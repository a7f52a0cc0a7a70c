package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/twoway-app/twoway/calendar"
	"github.com/twoway-app/twoway/storage"
)

// withRestore gives u what File › Restore needs, the way cmd/twoway does,
// and returns a function reporting the store the window uses now.
func withRestore(t *testing.T, u *UI, store *storage.Store) func() *storage.Store {
	t.Helper()
	u.dbPath = store.Path()
	u.reopen = func(ctx context.Context) (Store, error) {
		s, err := storage.Open(ctx, u.dbPath)
		if err != nil {
			return nil, err
		}
		t.Cleanup(func() { s.Close() })
		return s, nil
	}
	return func() *storage.Store { return u.store.(*storage.Store) }
}

// fileMenuItem returns the File menu's item labelled label.
func fileMenuItem(t *testing.T, w fyne.Window, label string) *fyne.MenuItem {
	t.Helper()
	for _, it := range w.MainMenu().Items[0].Items {
		if it.Label == label {
			return it
		}
	}
	t.Fatalf("no File › %s", label)
	return nil
}

// overlayText is every label and entry text of the top overlay (a dialog).
func overlayText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	for _, o := range test.LaidOutObjects(top) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *widget.RichText:
			b.WriteString(x.String() + "\n")
		case *widget.Entry:
			b.WriteString(x.Text + "\n")
		}
	}
	return b.String()
}

// dismissAll closes the dialogs left open (information, errors).
func dismissAll(t *testing.T, w fyne.Window) {
	t.Helper()
	for i := 0; i < 5 && w.Canvas().Overlays().Top() != nil; i++ {
		b := topDialogButtons(w)
		if b["OK"] == nil {
			t.Fatalf("dialog without OK: %q", overlayText(w))
		}
		test.Tap(b["OK"])
	}
}

// titles lists the stored partnerships' titles: the fingerprint a restore
// must bring back.
func titles(t *testing.T, s *storage.Store) string {
	t.Helper()
	list, err := s.ListPartnerships(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range list {
		out = append(out, p.Title)
	}
	return strings.Join(out, "|")
}

func TestBackUpChangeRestoreFromTheMenu(t *testing.T) {
	u, store, w := newTestUI(t)
	current := withRestore(t, u, store)
	ctx := context.Background()
	p := berlinNewYork()
	if _, err := store.CreatePartnership(ctx, &p); err != nil {
		t.Fatal(err)
	}
	u.Start()
	dir := t.TempDir()
	u.app.Preferences().SetString("fyne:fileDialogLastFolder", fstorage.NewFileURI(dir).String())

	// Given File › Back Up…, a save dialog offers today's dated name
	fileMenuItem(t, w, "Back Up…").Action()
	name := backupFileName(time.Now())
	var nameEntry *widget.Entry
	var save *widget.Button
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if e, ok := o.(*widget.Entry); ok && e.Text == name {
			nameEntry = e
		}
		if b, ok := o.(*widget.Button); ok && b.Text == "Back Up" {
			save = b
		}
	}
	if nameEntry == nil || save == nil {
		t.Fatalf("no save dialog with %q and a Back Up button: %q", name, overlayText(w))
	}
	// When the user accepts it
	test.Tap(save)
	// Then the copy is there, the user is told where, and no temporary file is left
	backup := filepath.Join(dir, name)
	if txt := overlayText(w); !strings.Contains(txt, backup) {
		t.Errorf("confirmation %q does not name %s", txt, backup)
	}
	dismissAll(t, w)
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("left behind %v", left)
	}

	// When the data changes after the backup
	if err := store.DeletePartnership(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	q := berlinNewYork()
	q.Title = "Cleo & Dev"
	store.CreatePartnership(ctx, &q)
	u.reload(0)
	if titles(t, store) != "Cleo & Dev" {
		t.Fatalf("before restore: %q", titles(t, store))
	}

	// And File › Restore… is given the backup, it first asks, naming where
	// the current data is kept
	fileMenuItem(t, w, "Restore…").Action()
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("File › Restore… showed no file dialog")
	}
	w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top()) // the open dialog, driven below
	u.restoreFrom(mustReader(t, backup), nil)
	ask := overlayText(w)
	if !strings.Contains(ask, "replaced") || !strings.Contains(ask, store.Path()+storage.RestoreKeepSuffix) {
		t.Fatalf("confirmation %q", ask)
	}
	if titles(t, current()) != "Cleo & Dev" {
		t.Fatal("data replaced before the user agreed")
	}
	test.Tap(topDialogButtons(w)["Replace My Data"])

	// Then the backed-up data is back, in the store and on screen
	if got := titles(t, current()); got != "Ana & Ben" {
		t.Fatalf("after restore the store has %q", got)
	}
	if current() == store {
		t.Error("the window still uses the closed store")
	}
	if u.detail.title.Text != "Ana & Ben" || u.sidebar.list.Length() != 1 {
		t.Errorf("after restore shows %q with %d listed", u.detail.title.Text, u.sidebar.list.Length())
	}
	if u.core.Store != u.store {
		t.Error("delivery still uses the old store")
	}
	// And the replaced data is kept beside it
	kept, err := storage.Open(ctx, store.Path()+storage.RestoreKeepSuffix)
	if err != nil {
		t.Fatal(err)
	}
	defer kept.Close()
	if got := titles(t, kept); got != "Cleo & Dev" {
		t.Errorf("kept data %q", got)
	}
	// And the window keeps working on the restored data
	r := berlinNewYork()
	r.Title = "Eve & Fay"
	if _, err := current().CreatePartnership(ctx, &r); err != nil {
		t.Fatalf("restored store not writable: %v", err)
	}
}

func mustReader(t *testing.T, path string) fyne.URIReadCloser {
	t.Helper()
	r, err := fstorage.Reader(fstorage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// newerBackup writes a real Twoway database whose schema version is one past
// this build's, as a later release would leave it.
func newerBackup(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "from-the-future.db")
	s, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	bumpUserVersion(t, path, storage.SchemaVersion()+1)
	return path
}

func TestRestoreRefusesFilesItCannotUse(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("not a database\n", 500)), 0o600)
	damaged := filepath.Join(dir, "damaged.db")
	{
		s, err := storage.Open(context.Background(), damaged)
		if err != nil {
			t.Fatal(err)
		}
		p := berlinNewYork()
		for i := 0; i < 60; i++ {
			p.Me.Offers = append(p.Me.Offers, strings.Repeat("teach ", 150))
		}
		if _, err := s.CreatePartnership(context.Background(), &p); err != nil {
			t.Fatal(err)
		}
		s.Close()
		damageFile(t, damaged)
	}
	newer := newerBackup(t, dir)
	tests := []struct {
		name, file, want string
	}{
		{"a text file", text, "notes.txt is not a Twoway backup"},
		{"a newer schema", newer, "made by a newer version of Twoway"},
		{"a damaged database", damaged, "damaged"},
		{"the live database", "", "the data file Twoway is using now"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, store, w := newTestUI(t)
			current := withRestore(t, u, store)
			p := berlinNewYork()
			store.CreatePartnership(context.Background(), &p)
			u.Start()
			file := tt.file
			if file == "" {
				file = store.Path()
			}
			// When the file is picked in File › Restore…
			u.restoreFrom(mustReader(t, file), nil)
			// Then it is refused with a clear message and no question
			txt := overlayText(w)
			if !strings.Contains(txt, "Nothing was restored") || !strings.Contains(txt, tt.want) || !strings.Contains(txt, "unchanged") && tt.file != "" {
				t.Errorf("message %q, want %q", txt, tt.want)
			}
			if topDialogButtons(w)["Replace My Data"] != nil {
				t.Error("asked to replace the data with a refused file")
			}
			dismissAll(t, w)
			// And the current data is intact and still in use
			if current() != store || titles(t, store) != "Ana & Ben" {
				t.Errorf("after refusal: same store %v, data %q", current() == store, titles(t, store))
			}
			if _, err := os.Stat(store.Path() + storage.RestoreKeepSuffix); !os.IsNotExist(err) {
				t.Errorf("a refused restore kept a copy: %v", err)
			}
		})
	}
}

// Fyne's save dialog empties the chosen file before Twoway sees it; picking
// Twoway's own data file as the backup must not lose the data.
func TestBackUpOntoTheLiveDatabaseKeepsTheData(t *testing.T) {
	u, store, w := newTestUI(t)
	current := withRestore(t, u, store)
	ctx := context.Background()
	p := berlinNewYork()
	p.Me.Offers = []string{"Leadership"}
	store.CreatePartnership(ctx, &p)
	c := calendar.Cadence{Unit: calendar.Weekly, Interval: 1, Days: []time.Weekday{time.Monday}, At: 17 * 60,
		Minutes: 60, From: p.From, Count: 4, Anchor: calendar.AnchorMe}
	if err := store.SetSchedule(ctx, p.ID, c); err != nil {
		t.Fatal(err)
	}
	// Closing checkpoints the write-ahead log, so the data lives in the
	// main file the dialog empties.
	store.Close()
	reopened, err := u.reopen(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u.useStore(reopened)
	u.Start()
	snap, err := snapshot(ctx, reopened.(backupStore))
	if err != nil {
		t.Fatal(err)
	}
	// When the dialog hands over the live database, opened for writing as it does
	wr, err := fstorage.Writer(fstorage.NewFileURI(store.Path()))
	if err != nil {
		t.Fatal(err)
	}
	u.saveBackup(snap, wr, nil)
	// Then the user is told to pick another name
	if txt := overlayText(w); !strings.Contains(txt, "Twoway's own data file") {
		t.Errorf("message %q", txt)
	}
	dismissAll(t, w)
	// And every record is still there, in the window's store and in the file
	if got := titles(t, current()); got != p.Title {
		t.Errorf("the window's store lists %q", got)
	}
	s, err := storage.Open(ctx, store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.GetPartnership(ctx, p.ID)
	if err != nil || got.Title != p.Title || len(got.Me.Offers) != 1 {
		t.Fatalf("after backing up onto itself: %+v, %v", got, err)
	}
	if gotC, err := s.GetSchedule(ctx, p.ID); err != nil || gotC.Count != 4 {
		t.Errorf("schedule %+v, %v", gotC, err)
	}
	if _, err := os.Stat(filepath.Dir(snap)); !os.IsNotExist(err) {
		t.Errorf("snapshot folder left behind: %v", err)
	}
}

// A cancelled save dialog leaves no snapshot behind.
func TestBackUpCancelledRemovesTheSnapshot(t *testing.T) {
	u, store, _ := newTestUI(t)
	snap, err := snapshot(context.Background(), store)
	if err != nil {
		t.Fatal(err)
	}
	u.saveBackup(snap, nil, nil)
	if _, err := os.Stat(filepath.Dir(snap)); !os.IsNotExist(err) {
		t.Errorf("snapshot folder left behind: %v", err)
	}
}

// bumpUserVersion sets the schema version in path's SQLite header (the
// big-endian user_version at byte 60) without SQL, which ui/ does not use.
func bumpUserVersion(t *testing.T, path string, v int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}, 60); err != nil {
		t.Fatal(err)
	}
}

// damageFile garbles two pages past the first (which holds the header and
// schema), as a failing disk would.
func damageFile(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	if len(b) < 8*page {
		t.Fatalf("fixture too small to damage: %d bytes", len(b))
	}
	for i := 3 * page; i < 5*page; i++ {
		b[i] = byte(0xA5 ^ i)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
