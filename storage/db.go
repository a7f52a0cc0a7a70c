// Package storage keeps Twoway's partnerships in a local SQLite file.
//
// The file is opened with foreign keys on, WAL journaling, a busy timeout and
// IMMEDIATE transactions, so a second app instance waits instead of failing
// half-way, and a crash never leaves a committed change half-written. The
// schema evolves through numbered migrations recorded in PRAGMA user_version,
// applied together in one transaction.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/mattn/go-sqlite3"
)

// Store is an open Twoway database. Its methods are safe for concurrent use.
type Store struct {
	// db runs the queries: the pool, or one connection inside a read
	// snapshot (see read). pool is the database itself, for transactions,
	// backups and closing.
	db   querier
	pool *sql.DB
	path string
}

// querier is what *sql.DB and *sql.Conn share: the repositories' queries
// run on either.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// read runs fn on a view of the store whose queries all see one snapshot
// of the database (a deferred transaction on one connection), so a record
// loaded in several queries cannot mix two versions of it. The view only
// reads.
func (s *Store) read(ctx context.Context, fn func(view *Store) error) (err error) {
	conn, err := s.pool.Conn(ctx)
	if err != nil {
		return fmt.Errorf("read snapshot: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return fmt.Errorf("read snapshot: %w", err)
	}
	defer func() {
		// Nothing was written: rolling back only ends the snapshot.
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil && err == nil {
			err = fmt.Errorf("read snapshot: %w", rerr)
		}
	}()
	return fn(&Store{db: conn, pool: s.pool, path: s.path})
}

// ErrNotFound is returned when a record does not exist.
var ErrNotFound = errors.New("not found")

// ErrTooNew is returned when the file was written by a newer Twoway.
var ErrTooNew = errors.New("database was written by a newer version of Twoway")

// ErrNotDatabase is returned for a file that is not an SQLite database.
var ErrNotDatabase = errors.New("not a Twoway database")

// DefaultPath is where the user's data lives when --db is not given:
// $XDG_DATA_HOME/twoway/twoway.db on Linux and the BSDs (falling back to
// ~/.local/share), ~/Library/Application Support/Twoway on macOS and
// %AppData%\Twoway on Windows.
func DefaultPath() (string, error) {
	switch runtime.GOOS {
	case "darwin", "windows", "ios", "android":
		dir, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("find data directory: %w", err)
		}
		return filepath.Join(dir, "Twoway", "twoway.db"), nil
	}
	if dir := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "twoway", "twoway.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find data directory: %w", err)
	}
	return filepath.Join(home, ".local", "share", "twoway", "twoway.db"), nil
}

// Open opens (creating if needed) the database at path and brings its schema
// up to date. A new file is created with mode 0600: it holds people's names,
// emails and private notes.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	f.Close()

	dsn := "file:" + filepath.ToSlash(path) +
		"?_foreign_keys=on&_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate&_synchronous=FULL"
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{db: db, pool: db, path: path}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// Path is the file the store was opened from.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.pool.Close() }

// isNotDatabase reports whether err is SQLite's "file is not a database".
func isNotDatabase(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrNotADB
}

// migrate applies every migration newer than the file's user_version in one
// transaction, so an interrupted upgrade leaves the old schema intact.
func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.pool.BeginTx(ctx, nil)
	if err != nil {
		if isNotDatabase(err) {
			return ErrNotDatabase
		}
		return fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		if isNotDatabase(err) {
			return ErrNotDatabase
		}
		return fmt.Errorf("read schema version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("%w (schema %d, this app knows %d): update Twoway", ErrTooNew, version, len(migrations))
	}
	if version > 0 {
		// A foreign SQLite file would have user_version 0 and no partnership table;
		// one with our version but without our tables is not ours.
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='partnership'").Scan(&n); err != nil || n == 0 {
			return ErrNotDatabase
		}
	} else {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
			if isNotDatabase(err) {
				return ErrNotDatabase
			}
			return fmt.Errorf("inspect schema: %w", err)
		}
		if n > 0 {
			return ErrNotDatabase
		}
	}
	if version == len(migrations) {
		return nil
	}
	if version > 0 {
		// Keep the file as this version left it before changing its schema.
		// The copy is taken under this transaction's write lock, so it is
		// exactly what the migration starts from.
		if err := s.backupTo(ctx, fmt.Sprintf("%s.v%d.bak", s.path, version)); err != nil {
			return fmt.Errorf("back up schema %d before upgrading: %w", version, err)
		}
	}
	for i := version; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("migrate schema to version %d: %w", i+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return fmt.Errorf("record schema version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migration: %w", err)
	}
	return nil
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int { return len(migrations) }

// isForeignKey reports whether err is a foreign-key violation.
func isForeignKey(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintForeignKey
}
