package storage

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loadV1 writes the frozen version-1 fixture to path.
func loadV1(t *testing.T, path string) {
	t.Helper()
	ddl, err := os.ReadFile("testdata/schema-v1.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(string(ddl)); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
}

// rawQuery opens path with the bare driver (no migration) and scans one value.
func rawQuery(t *testing.T, path, query string, dest any) {
	t.Helper()
	db, err := sql.Open("sqlite3", fileURI(path, "mode=ro"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow(query).Scan(dest); err != nil {
		t.Fatalf("%s on %s: %v", query, path, err)
	}
}

// checkIntegrity fails t unless PRAGMA integrity_check on path says "ok".
func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	var res string
	rawQuery(t, path, "PRAGMA integrity_check", &res)
	if res != "ok" {
		t.Errorf("integrity_check of %s: %q", path, res)
	}
}

// titles returns the titles in the Twoway database at path, opened with Open.
func titles(t *testing.T, path string) []string {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer s.Close()
	list, err := s.ListPartnerships(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range list {
		out = append(out, p.Title)
	}
	return out
}

// leftovers lists files in dir other than the expected names.
func leftovers(t *testing.T, dir string, expected ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		ok := false
		for _, x := range expected {
			if name == x {
				ok = true
			}
		}
		if !ok {
			out = append(out, name)
		}
	}
	return out
}

func createTitled(t *testing.T, s *Store, title string) int64 {
	t.Helper()
	p := validPair()
	p.Title = title
	id, err := s.CreatePartnership(context.Background(), &p)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestBackupWhileAnotherInstanceWrites(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "twoway.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for i := 0; i < 20; i++ {
		createTitled(t, s, fmt.Sprintf("before %02d", i))
	}
	id := createTitled(t, s, "with schedule")
	if err := s.SetSchedule(ctx, id, biweekly()); err != nil {
		t.Fatal(err)
	}

	// Given another instance writing as fast as it can
	var written atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			p := validPair()
			p.Title = "during"
			if _, err := other.CreatePartnership(ctx, &p); err != nil {
				t.Errorf("writer: %v", err)
				return
			}
			written.Add(1)
		}
	}()
	for deadline := time.Now().Add(10 * time.Second); written.Load() < 5; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the writer did not start")
		}
	}

	// When the first instance backs up, three times over the same file
	dest := filepath.Join(dir, "backups", "copy.db")
	os.Mkdir(filepath.Dir(dest), 0o700)
	var before, after int64
	for i := 0; i < 3; i++ {
		before = written.Load()
		if err := s.Backup(ctx, dest); err != nil {
			t.Fatalf("Backup: %v", err)
		}
		after = written.Load()
	}
	close(stop)
	wg.Wait()

	// Then the copy is a sound, self-contained file holding one committed
	// state: everything written before it started, nothing after it ended
	checkIntegrity(t, dest)
	if fi, err := os.Stat(dest); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode: %v, %v; want 0600", fi.Mode(), err)
	}
	if left := leftovers(t, filepath.Dir(dest), "copy.db"); left != nil {
		t.Errorf("files left beside the backup: %q", left)
	}
	var mode string
	rawQuery(t, dest, "PRAGMA journal_mode", &mode)
	if mode != "delete" {
		t.Errorf("backup journal_mode %q, want delete (no -wal needed)", mode)
	}
	got := titles(t, dest)
	during := int64(0)
	for _, title := range got {
		if title == "during" {
			during++
		}
	}
	if len(got)-int(during) != 21 || during < before || during > after {
		t.Errorf("backup has %d rows, %d written during it; want 21 + between %d and %d", len(got), during, before, after)
	}
	copied, err := Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	want, _ := s.GetPartnership(ctx, id)
	gotP, err := copied.GetPartnership(ctx, id)
	if err != nil || !reflect.DeepEqual(gotP, want) {
		t.Errorf("partnership in backup:\n got %+v, %v\nwant %+v", gotP, err, want)
	}
	if c, err := copied.GetSchedule(ctx, id); err != nil || !reflect.DeepEqual(c, biweekly()) {
		t.Errorf("schedule in backup: %+v, %v", c, err)
	}
}

func TestBackupRefusesToOverwriteTheDatabase(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	createTitled(t, s, "keep me")
	dir := filepath.Dir(s.Path())
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(s.Path(), link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.db")
	if err := os.Link(s.Path(), hard); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		dest string
	}{
		{"the path itself", s.Path()},
		{"an unclean spelling", dir + "/./../" + filepath.Base(dir) + "/twoway.db"},
		{"a symlink to it", link},
		{"a hard link to it", hard},
		{"its write-ahead log", s.Path() + "-wal"},
		{"its shared memory", s.Path() + "-shm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// When a backup targets the open database
			err := s.Backup(ctx, tt.dest)
			// Then it is refused and the database still works
			if !errors.Is(err, ErrSameFile) {
				t.Errorf("Backup(%s) = %v, want ErrSameFile", tt.dest, err)
			}
			list, err := s.ListPartnerships(ctx)
			if err != nil || len(list) != 1 || list[0].Title != "keep me" {
				t.Errorf("after refused backup: %+v, %v", list, err)
			}
		})
	}
	checkIntegrity(t, s.Path())
}

func TestRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "twoway.db")
	// Given a database backed up with two partnerships
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	createTitled(t, s, "Ana & Ben")
	id := createTitled(t, s, "Cleo & Dev")
	if err := s.SetSchedule(ctx, id, biweekly()); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "saved.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	// And later changes still in the write-ahead log of an instance that
	// crashed: the files are copied while it is open, as a crash leaves them
	createTitled(t, s, "Eve & Fay")
	if err := s.DeletePartnership(ctx, id); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "crashed.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil {
			t.Fatalf("the changes should be in the WAL: %v", err)
		}
		os.WriteFile(target+suffix, b, 0o600)
	}
	s.Close()
	if len(titles(t, path)) != 2 {
		t.Fatal("setup: the live database should hold two partnerships")
	}

	// When the backup is restored over the crashed database
	if err := Restore(ctx, backup, target); err != nil {
		t.Fatalf("Restore: %v", err)
	}

	// Then the target is exactly the backup: the old log was not replayed into it
	checkIntegrity(t, target)
	if got := titles(t, target); !reflect.DeepEqual(got, []string{"Ana & Ben", "Cleo & Dev"}) {
		t.Errorf("restored titles %q", got)
	}
	r, err := Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := r.GetSchedule(ctx, id); err != nil || !reflect.DeepEqual(c, biweekly()) {
		t.Errorf("restored schedule: %+v, %v", c, err)
	}
	r.Close()
	if fi, err := os.Stat(target); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("restored mode: %v, %v; want 0600", fi.Mode(), err)
	}
	// And the replaced database, with what was only in its log, is kept
	keep := target + RestoreKeepSuffix
	checkIntegrity(t, keep)
	if got := titles(t, keep); !reflect.DeepEqual(got, []string{"Ana & Ben", "Eve & Fay"}) {
		t.Errorf("kept titles %q", got)
	}
	// And the backup itself is unchanged and reusable
	if got := titles(t, backup); len(got) != 2 {
		t.Errorf("backup changed: %q", got)
	}
	if left := leftovers(t, dir, "twoway.db", "saved.db", "crashed.db", "crashed.db"+RestoreKeepSuffix); left != nil {
		t.Errorf("files left over: %q", left)
	}
}

func TestRestoreIntoNewFolder(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	createTitled(t, s, "Ana & Ben")
	backup := filepath.Join(t.TempDir(), "saved.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	// When restoring where there is no database yet
	target := filepath.Join(t.TempDir(), "new", "twoway.db")
	if err := Restore(ctx, backup, target); err != nil {
		t.Fatal(err)
	}
	// Then the database appears, and nothing is kept as "before"
	if got := titles(t, target); !reflect.DeepEqual(got, []string{"Ana & Ben"}) {
		t.Errorf("restored titles %q", got)
	}
	if _, err := os.Stat(target + RestoreKeepSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("kept a previous database that did not exist: %v", err)
	}
}

// corruptCopy returns a copy of a healthy Twoway database with one of its
// table pages overwritten.
func corruptCopy(t *testing.T, dir string) string {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(dir, "healthy.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := 0; i < 200; i++ {
		createTitled(t, s, strings.Repeat("x", 150))
	}
	path := filepath.Join(dir, "corrupt.db")
	if err := s.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	if len(b) < 10*page {
		t.Fatalf("fixture too small: %d bytes", len(b))
	}
	// Garble pages 4 and 5 but keep page 1 (the header and schema) intact.
	copy(b[3*page:5*page], bytes.Repeat([]byte{0xA5, 0x17, 0x00, 0xFF}, page/2))
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRestoreRefusesBadSources(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("not sqlite\n", 200)), 0o600)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	foreign := filepath.Join(dir, "songs.db")
	db, _ := sql.Open("sqlite3", foreign)
	db.Exec(`CREATE TABLE songs (title TEXT)`)
	db.Close()
	unversioned := filepath.Join(dir, "unversioned.db")
	db, _ = sql.Open("sqlite3", unversioned)
	db.Exec(`CREATE TABLE partnership (id INTEGER PRIMARY KEY)`)
	db.Close()
	newer := filepath.Join(dir, "newer.db")
	s, err := Open(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	s.pool.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, SchemaVersion()+1))
	s.Close()
	corrupt := corruptCopy(t, dir)

	tests := []struct {
		name string
		src  string
		want error
	}{
		{"a text file", text, ErrNotDatabase},
		{"an empty file", empty, ErrNotDatabase},
		{"another app's SQLite file", foreign, ErrNotDatabase},
		{"a partnership table without a version", unversioned, ErrNotDatabase},
		{"a newer Twoway's file", newer, ErrTooNew},
		{"a damaged Twoway file", corrupt, ErrCorrupt},
		{"a missing file", filepath.Join(dir, "missing.db"), os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Given a current database with one partnership
			tdir := t.TempDir()
			target := filepath.Join(tdir, "twoway.db")
			s, err := Open(ctx, target)
			if err != nil {
				t.Fatal(err)
			}
			createTitled(t, s, "precious")
			s.Close()
			before, _ := os.ReadFile(target)
			srcBefore, _ := os.ReadFile(tt.src)

			// When a bad file is restored over it
			err = Restore(ctx, tt.src, target)

			// Then it is refused with the reason, and nothing changed
			if !errors.Is(err, tt.want) {
				t.Errorf("Restore = %v, want %v", err, tt.want)
			}
			if after, _ := os.ReadFile(target); !bytes.Equal(after, before) {
				t.Error("target changed")
			}
			if after, _ := os.ReadFile(tt.src); !bytes.Equal(after, srcBefore) {
				t.Error("source changed")
			}
			if left := leftovers(t, tdir, "twoway.db"); left != nil {
				t.Errorf("files left over: %q", left)
			}
		})
	}

	t.Run("the target itself", func(t *testing.T) {
		target := filepath.Join(t.TempDir(), "twoway.db")
		s, err := Open(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		createTitled(t, s, "precious")
		s.Close()
		if err := Restore(ctx, target, target); !errors.Is(err, ErrSameFile) {
			t.Errorf("Restore onto itself = %v, want ErrSameFile", err)
		}
		if got := titles(t, target); len(got) != 1 {
			t.Errorf("target after refused restore: %q", got)
		}
	})
}

func TestRestoreOlderSchemaUpgradesOnOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old := filepath.Join(dir, "v1.db")
	loadV1(t, old)
	// When a version-1 backup is restored
	target := filepath.Join(dir, "twoway.db")
	if err := Restore(ctx, old, target); err != nil {
		t.Fatalf("Restore v1: %v", err)
	}
	// Then the next Open upgrades it, keeping the v1 file
	s, err := Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if p, err := s.GetPartnership(ctx, 7); err != nil || p.Title != "Ana & Ben" {
		t.Errorf("restored v1 data: %+v, %v", p, err)
	}
	var v int
	rawQuery(t, target+".v1.bak", "PRAGMA user_version", &v)
	if v != 1 {
		t.Errorf("pre-upgrade copy has user_version %d, want 1", v)
	}
}

func TestUpgradeKeepsPreviousVersion(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "twoway.db")
	// Given a database as version 1 wrote it
	loadV1(t, path)

	// When this build opens it
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	s.Close()

	// Then a copy of the version-1 file sits beside it, private, sound and
	// with the data, and it is a version-1 database still
	bak := path + ".v1.bak"
	fi, err := os.Stat(bak)
	if err != nil {
		t.Fatalf("no pre-upgrade copy: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("pre-upgrade copy mode %v, want 0600", fi.Mode())
	}
	checkIntegrity(t, bak)
	var v, schedules int
	var title string
	rawQuery(t, bak, "PRAGMA user_version", &v)
	rawQuery(t, bak, "SELECT title FROM partnership WHERE id = 7", &title)
	rawQuery(t, bak, "SELECT count(*) FROM sqlite_master WHERE name = 'schedule'", &schedules)
	if v != 1 || title != "Ana & Ben" || schedules != 0 {
		t.Errorf("pre-upgrade copy: user_version %d, title %q, schedule tables %d", v, title, schedules)
	}

	// And opening the upgraded file again makes no further copy
	os.Remove(bak)
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if left := leftovers(t, dir, "twoway.db"); left != nil {
		t.Errorf("files beside a current database: %q", left)
	}
}

func TestNewDatabaseMakesNoUpgradeCopy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "twoway.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if left := leftovers(t, dir, "twoway.db"); left != nil {
		t.Errorf("files beside a new database: %q", left)
	}
}

func TestUpgradeStopsWhenTheCopyFails(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "twoway.db")
	loadV1(t, path)
	// Given the copy cannot be written: a folder is in its way
	if err := os.Mkdir(path+".v1.bak", 0o700); err != nil {
		t.Fatal(err)
	}
	// When the database is opened, the upgrade is refused
	if s, err := Open(ctx, path); err == nil {
		s.Close()
		t.Fatal("Open upgraded without a pre-upgrade copy")
	} else if !strings.Contains(err.Error(), "before upgrading") {
		t.Errorf("Open error %q does not say the copy failed", err)
	}
	// Then the file is still version 1
	var v int
	rawQuery(t, path, "PRAGMA user_version", &v)
	if v != 1 {
		t.Errorf("user_version %d after a refused upgrade, want 1", v)
	}
}
