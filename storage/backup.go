package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// ErrSameFile is returned when a backup would overwrite the database it copies,
// or a restore would copy a file onto itself.
var ErrSameFile = errors.New("source and destination are the same database")

// ErrCorrupt is returned by Restore for a file that fails SQLite's integrity check.
var ErrCorrupt = errors.New("database is damaged")

// busyWait is how long a backup waits for a lock before giving up, like
// the busy timeout of Open.
const busyWait = 5 * time.Second

// RestoreKeepSuffix is appended to the restored path to keep the database a
// restore replaced.
const RestoreKeepSuffix = ".before-restore"

// Backup writes a consistent copy of the database to dest while the store
// stays in use: other connections and processes may keep writing, and the
// copy is one committed state. The copy is written to a temporary file in
// dest's folder, synced, and renamed into place, so dest is either its old
// self or the complete copy; it has mode 0600. Backup refuses to write over
// the open database or its journal files.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if err := s.backupTo(ctx, dest); err != nil {
		return fmt.Errorf("back up to %s: %w", dest, err)
	}
	return nil
}

func (s *Store) backupTo(ctx context.Context, dest string) error {
	if dest == "" {
		return errors.New("empty path")
	}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if sameFile(dest, s.path+suffix) {
			return ErrSameFile
		}
	}
	conn, err := s.pool.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		src, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		return copyInto(ctx, src, dest)
	})
}

// Restore replaces the database at dest with a copy of src, after checking
// that src is a sound Twoway database this build can open: an SQLite file
// (ErrNotDatabase otherwise) with Twoway's tables (ErrNotDatabase), a schema
// no newer than SchemaVersion (ErrTooNew) and a clean PRAGMA integrity_check
// (ErrCorrupt). src is opened read-only and never changed; an older schema
// is upgraded by the next Open.
//
// The database being replaced, if any, is kept at dest+RestoreKeepSuffix
// (replacing an earlier one), together with any write-ahead log it had. The
// copy is written to a temporary file in dest's folder, synced, and renamed
// over dest, so dest is never half-written.
//
// Restore does not coordinate with a Store that has dest open, in this
// process or another: the caller must close every Store on dest first (quit
// the app) or the open connections keep using the replaced file and the
// restore may be lost or mixed with their writes.
func Restore(ctx context.Context, src, dest string) error {
	if err := restore(ctx, src, dest); err != nil {
		return fmt.Errorf("restore %s: %w", src, err)
	}
	return nil
}

func restore(ctx context.Context, src, dest string) error {
	if src == "" || dest == "" {
		return errors.New("empty path")
	}
	if _, err := os.Stat(src); err != nil {
		return err
	}
	if sameFile(src, dest) {
		return ErrSameFile
	}
	db, err := sql.Open("sqlite3", fileURI(src, "mode=ro&_busy_timeout=5000"))
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		if isNotDatabase(err) {
			return ErrNotDatabase
		}
		return err
	}
	defer conn.Close()
	if err := checkRestorable(ctx, conn); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".restore-*")
	if err != nil {
		return err
	}
	tmpPath := tmp.Name()
	tmp.Close()
	defer removeDB(tmpPath) // a no-op once renamed
	if err := conn.Raw(func(dc any) error {
		sc, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		return backupFile(ctx, sc, tmpPath)
	}); err != nil {
		return err
	}
	if err := keepOld(dest); err != nil {
		return fmt.Errorf("keep the current database: %w", err)
	}
	// The old write-ahead log belongs to the old file (it is kept beside the
	// copy above); left in place, SQLite would replay it into the new one.
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(dest + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(tmpPath, dest); err != nil {
		return err
	}
	return syncDir(filepath.Dir(dest))
}

// checkRestorable checks the database conn is on is one this build can use.
func checkRestorable(ctx context.Context, conn *sql.Conn) error {
	var version int
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		if isNotDatabase(err) {
			return ErrNotDatabase
		}
		return fmt.Errorf("read schema version: %w", err)
	}
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='partnership'").Scan(&n); err != nil {
		if isCorrupt(err) {
			return fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		return fmt.Errorf("inspect schema: %w", err)
	}
	if version < 1 || n == 0 {
		return ErrNotDatabase
	}
	if version > SchemaVersion() {
		return fmt.Errorf("%w (schema %d, this app knows %d): update Twoway", ErrTooNew, version, SchemaVersion())
	}
	rows, err := conn.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("check integrity: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return fmt.Errorf("check integrity: %w", err)
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	if err := rows.Err(); err != nil {
		if isCorrupt(err) {
			return fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		return fmt.Errorf("check integrity: %w", err)
	}
	if len(problems) > 0 {
		if len(problems) > 3 {
			problems = append(problems[:3], fmt.Sprintf("and %d more", len(problems)-3))
		}
		return fmt.Errorf("%w: %s", ErrCorrupt, strings.Join(problems, "; "))
	}
	return nil
}

// keepOld copies the database at dest, with its write-ahead log if any, to
// dest+RestoreKeepSuffix. A file copy rather than an SQLite backup, so a
// damaged database is kept as it was.
func keepOld(dest string) error {
	keep := dest + RestoreKeepSuffix
	if _, err := os.Stat(dest); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err := removeDB(keep); err != nil {
		return err
	}
	if err := copyFile(dest+"-wal", keep+"-wal"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return copyFile(dest, keep)
}

// copyInto copies the database of src to dest through a synced temporary
// file in dest's folder.
func copyInto(ctx context.Context, src *sqlite3.SQLiteConn, dest string) error {
	tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-*")
	if err != nil {
		return err
	}
	tmpPath := tmp.Name()
	tmp.Close()
	defer removeDB(tmpPath) // a no-op once renamed
	if err := backupFile(ctx, src, tmpPath); err != nil {
		return err
	}
	if err := os.Rename(tmpPath, dest); err != nil {
		return err
	}
	return syncDir(filepath.Dir(dest))
}

// backupFile copies src's main database into the existing file path with
// SQLite's online backup API, then syncs it and sets mode 0600. The copy is
// taken in one step, inside one read transaction, so it is a single
// committed state even while other connections write.
func backupFile(ctx context.Context, src *sqlite3.SQLiteConn, path string) error {
	db, err := sql.Open("sqlite3", fileURI(path, "_journal_mode=DELETE&_synchronous=FULL"))
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		dst, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		b, err := dst.Backup("main", src, "main")
		if err != nil {
			return fmt.Errorf("start backup: %w", err)
		}
		giveUp := time.Now().Add(busyWait)
		for {
			done, err := b.Step(-1)
			if err != nil {
				b.Close()
				return fmt.Errorf("copy pages: %w", err)
			}
			if done {
				break
			}
			// SQLITE_BUSY or SQLITE_LOCKED: another connection holds a lock.
			if time.Now().After(giveUp) {
				b.Close()
				return errors.New("copy pages: database is locked")
			}
			select {
			case <-ctx.Done():
				b.Close()
				return ctx.Err()
			case <-time.After(20 * time.Millisecond):
			}
		}
		if err := b.Close(); err != nil {
			return fmt.Errorf("finish backup: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The pages carry the source's WAL flag; make the copy a self-contained
	// rollback-journal file so it can be moved or mailed on its own.
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode=DELETE").Scan(&mode); err != nil {
		return fmt.Errorf("set journal mode: %w", err)
	}
	conn.Close()
	if err := db.Close(); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// copyFile copies the regular file src to dst (mode 0600) and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// removeDB removes a database file and its journals, ignoring missing ones.
func removeDB(path string) error {
	var first error
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) && first == nil {
			first = err
		}
	}
	return first
}

// syncDir makes a rename in dir durable. Not every system can sync a
// directory (Windows cannot), so failure to open it is not an error.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// sameFile reports whether a and b name the same file: the same path, or
// two names (links) of one existing file.
func sameFile(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	if errA == nil && errB == nil && absA == absB {
		return true
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// fileURI is an SQLite URI for path, escaping the characters URIs reserve.
func fileURI(path, query string) string {
	p := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
	return "file:" + p + "?" + query
}

// isCorrupt reports whether err is SQLite's "database disk image is malformed".
func isCorrupt(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB)
}
