package ui

// File › Back Up… and File › Restore…: a consistent copy of the database
// taken with SQLite's online backup API while the window stays usable, and
// putting such a copy back.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	twstorage "github.com/twoway-app/twoway/storage"
)

// backupStore is what Back Up needs beyond Store; *storage.Store has it. It
// is asserted rather than added to Store so that a store without backups
// (a test double) still builds a window, and the menu item then says so.
type backupStore interface {
	Backup(ctx context.Context, dest string) error
}

// backupFileName is the name the save dialog suggests: dated, so a folder
// of backups sorts by day and today's does not replace last week's.
func backupFileName(now time.Time) string {
	return "twoway-" + now.Format("2006-01-02") + ".db"
}

// backUp takes a snapshot of the database, then asks where to keep it.
//
// The snapshot comes first because Fyne's save dialog creates (and, after
// "Overwrite?", empties) the chosen file before handing it over: a user who
// picks Twoway's own database would otherwise lose it. With the snapshot in
// hand that case is put right (see saveBackup).
func (u *UI) backUp() {
	bs, ok := u.db().(backupStore)
	if !ok {
		u.showError(lang.L("Cannot back up"), errors.New(lang.L("this data store has no backup support")))
		return
	}
	var snap string
	var err error
	u.Run(func() {
		snap, err = snapshot(u.ctx, bs)
	}, func() {
		if err != nil {
			u.showError(lang.L("Could not back up"), err)
			return
		}
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) { u.saveBackup(snap, w, err) }, u.win)
		d.SetTitleText(lang.L("Back up Twoway's data"))
		d.SetConfirmText(lang.L("Back Up"))
		d.SetFileName(backupFileName(time.Now()))
		d.Show()
	})
}

// snapshot backs the database up into a new private temporary folder and
// returns the copy's path.
func snapshot(ctx context.Context, bs backupStore) (string, error) {
	dir, err := os.MkdirTemp("", "twoway-backup-")
	if err != nil {
		return "", fmt.Errorf("%s: %w", lang.L("make a temporary folder"), err)
	}
	snap := filepath.Join(dir, "snapshot.db")
	if err := bs.Backup(ctx, snap); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return snap, nil
}

// saveBackup writes the backup to the file the save dialog returned (w is
// nil when the user cancelled). The copy is made again with the online
// backup API, straight into the chosen place through a synced temporary
// file, so the file holds the data as it is at this moment and is never
// half-written.
func (u *UI) saveBackup(snap string, w fyne.URIWriteCloser, err error) {
	if w == nil || err != nil {
		os.RemoveAll(filepath.Dir(snap))
		if err != nil {
			u.showError(lang.L("Could not back up"), err)
		}
		return
	}
	dest := w.URI()
	w.Close() // Backup replaces the (empty) file the dialog created
	if dest.Scheme() != "file" {
		os.RemoveAll(filepath.Dir(snap))
		u.showError(lang.L("Could not back up"), notLocal(dest))
		return
	}
	path := dest.Path()
	var backupErr, repairErr error
	var reopened Store
	u.Run(func() {
		backupErr = u.db().(backupStore).Backup(u.ctx, path)
		if errors.Is(backupErr, twstorage.ErrSameFile) {
			// The dialog has already emptied the live database (or its
			// journal): put the snapshot back.
			reopened, repairErr = u.swapDatabase(snap)
		} else if backupErr != nil {
			removeIfEmpty(path)
		}
		if repairErr == nil {
			os.RemoveAll(filepath.Dir(snap))
		}
	}, func() {
		if reopened != nil {
			u.useStore(reopened)
		}
		switch {
		case repairErr != nil:
			u.showError(lang.L("Twoway's data file was chosen as the backup file"), fmt.Errorf("%w; %s", repairErr,
				lang.L("a copy of your data is at {{.Path}}: restore it with File › Restore…", map[string]any{"Path": snap})))
		case errors.Is(backupErr, twstorage.ErrSameFile):
			u.showError(lang.L("Not backed up"), errors.New(lang.L(
				"{{.Path}} is Twoway's own data file: choose another name (your data was put back as it was)", map[string]any{"Path": path})))
			u.reload(u.selected)
		case backupErr != nil:
			u.showError(lang.L("Could not back up"), backupErr)
		default:
			dialog.ShowInformation(lang.L("Backed up"), lang.L("Your data was copied to\n{{.Path}}\n\n"+
				"To go back to this copy later, use File › Restore….", map[string]any{"Path": path}), u.win)
		}
	})
}

// notLocal says that a file the dialog returned is not on this computer.
func notLocal(u fyne.URI) error {
	return errors.New(lang.L("{{.File}} is not a local file", map[string]any{"File": u.String()}))
}

// removeIfEmpty removes path when it is an empty file: what the save dialog
// left behind when the backup failed.
func removeIfEmpty(path string) {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
		os.Remove(path)
	}
}

// restoreBackup asks for a backup file to put back.
func (u *UI) restoreBackup() {
	if u.dbPath == "" || u.reopen == nil {
		u.showError(lang.L("Cannot restore"), errors.New(lang.L("this window was not told where its data file is")))
		return
	}
	d := dialog.NewFileOpen(u.restoreFrom, u.win)
	d.SetTitleText(lang.L("Restore Twoway's data from a backup"))
	d.SetConfirmText(lang.L("Restore…"))
	d.Show()
}

// restoreFrom checks the file the open dialog returned (r is nil when the
// user cancelled) by restoring it into a temporary folder, so that a file
// Twoway cannot use is refused before anything is asked or closed, then
// asks before replacing the data.
func (u *UI) restoreFrom(r fyne.URIReadCloser, err error) {
	if err != nil {
		u.showError(lang.L("Could not open the file"), err)
		return
	}
	if r == nil {
		return
	}
	src := r.URI()
	r.Close()
	if src.Scheme() != "file" {
		u.showError(lang.L("Nothing was restored"), notLocal(src))
		return
	}
	path := src.Path()
	var staged string
	u.Run(func() {
		staged, err = u.stageRestore(path)
	}, func() {
		if err != nil {
			u.showError(lang.L("Nothing was restored"), err)
			return
		}
		u.confirmRestore(path, staged)
	})
}

// stageRestore checks that path is a backup this build can restore, and
// returns a checked copy of it in a new private temporary folder.
func (u *UI) stageRestore(path string) (string, error) {
	if a, err := os.Stat(path); err == nil {
		if b, err := os.Stat(u.dbPath); err == nil && os.SameFile(a, b) {
			return "", errors.New(lang.L("{{.File}} is the data file Twoway is using now, not a backup",
				map[string]any{"File": filepath.Base(path)}))
		}
	}
	dir, err := os.MkdirTemp("", "twoway-restore-")
	if err != nil {
		return "", fmt.Errorf("%s: %w", lang.L("make a temporary folder"), err)
	}
	staged := filepath.Join(dir, "restore.db")
	if err := twstorage.Restore(u.ctx, path, staged); err != nil {
		os.RemoveAll(dir)
		fyne.LogError("restore refused", err) // the details, for a bug report
		return "", restoreProblem(filepath.Base(path), err)
	}
	return staged, nil
}

// restoreProblem says in the user's terms why a file cannot be restored.
func restoreProblem(name string, err error) error {
	file := map[string]any{"File": name}
	switch {
	case errors.Is(err, twstorage.ErrNotDatabase):
		return errors.New(lang.L("{{.File}} is not a Twoway backup; your data is unchanged", file))
	case errors.Is(err, twstorage.ErrTooNew):
		return errors.New(lang.L("{{.File}} was made by a newer version of Twoway: update Twoway to restore it; your data is unchanged", file))
	case errors.Is(err, twstorage.ErrCorrupt):
		return errors.New(lang.L("{{.File}} is damaged and cannot be restored; your data is unchanged", file))
	}
	return fmt.Errorf("%w; %s", err, lang.L("your data is unchanged"))
}

// confirmRestore says what a restore replaces and where the current data
// is kept, and restores the checked copy staged only when the user agrees.
func (u *UI) confirmRestore(path, staged string) {
	msg := lang.L("All of Twoway's data will be replaced by the backup\n{{.Backup}}\n\n"+
		"What you have now is kept as\n{{.Kept}}\nin case you need it again.",
		map[string]any{"Backup": path, "Kept": u.dbPath + twstorage.RestoreKeepSuffix})
	d := dialog.NewConfirm(lang.L("Replace your data with this backup?"), msg, func(ok bool) {
		if !ok {
			os.RemoveAll(filepath.Dir(staged))
			return
		}
		u.restoreStaged(path, staged)
	}, u.win)
	d.SetConfirmText(lang.L("Replace My Data"))
	d.SetDismissText(lang.L("Cancel"))
	d.Show()
}

// restoreStaged replaces the data with the staged copy and shows it.
func (u *UI) restoreStaged(path, staged string) {
	var reopened Store
	var err error
	u.Run(func() {
		defer os.RemoveAll(filepath.Dir(staged))
		reopened, err = u.swapDatabase(staged)
	}, func() {
		if reopened != nil {
			u.useStore(reopened)
			u.reload(0)
		}
		if err != nil {
			u.showError(lang.L("Could not restore"), err)
			return
		}
		dialog.ShowInformation(lang.L("Restored"), lang.L("Twoway now shows the data of\n{{.Backup}}\n\n"+
			"The data it replaced is kept as\n{{.Kept}}", map[string]any{"Backup": path, "Kept": u.dbPath + twstorage.RestoreKeepSuffix}), u.win)
	})
}

// swapDatabase closes the store, replaces the database file with a copy of
// src (storage.Restore refuses to run under an open store), and opens it
// again. When the restore fails the old file is still in place and is
// reopened; the returned store is nil only when nothing could be opened.
func (u *UI) swapDatabase(src string) (Store, error) {
	if u.dbPath == "" || u.reopen == nil {
		return nil, errors.New(lang.L("this window was not told where its data file is"))
	}
	if c, ok := u.db().(io.Closer); ok {
		if err := c.Close(); err != nil {
			return nil, fmt.Errorf("%s: %w", lang.L("close the data file"), err)
		}
	}
	restoreErr := twstorage.Restore(u.ctx, src, u.dbPath)
	s, err := u.reopen(u.ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", lang.L("reopen {{.Path}}", map[string]any{"Path": u.dbPath}), errors.Join(restoreErr, err))
	}
	if restoreErr != nil {
		return s, fmt.Errorf("%w; %s", restoreErr, lang.L("your data is unchanged"))
	}
	return s, nil
}

// useStore switches every screen to s. Work already running keeps the
// store it read; work started from now on gets s.
func (u *UI) useStore(s Store) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.store = s
	core := *u.core
	core.Store = s
	u.core = &core
}

// Close closes the store the window uses now. After File › Restore that is
// not the store New was given, so whoever opened that one closes this too.
func (u *UI) Close() error {
	if c, ok := u.db().(io.Closer); ok {
		return c.Close()
	}
	return nil
}
