package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/twoway-app/twoway/storage"
)

func init() {
	register("backup", "", "copy the database to FILE, safe while the app runs", backupCmd)
	register("restore", "", "replace the database with FILE (quit the app first); keeps the old one", restoreCmd)
}

// resolveDBPath is the database named by --db, or the default one.
func resolveDBPath(env *Env) (string, error) {
	if env.DBPath != "" {
		return env.DBPath, nil
	}
	return storage.DefaultPath()
}

// fileArg parses a command that takes exactly one FILE and no flags.
func fileArg(name string, args []string) (string, error) {
	pos, err := parse(flag.NewFlagSet(name, flag.ContinueOnError), args)
	if err != nil {
		return "", err
	}
	if len(pos) != 1 || pos[0] == "" {
		return "", usagef("%s: want one FILE", name)
	}
	return pos[0], nil
}

// backupCmd is `twoway backup FILE`: a consistent copy of the database,
// taken while other instances may be writing.
func backupCmd(env *Env, args []string) error {
	file, err := fileArg("backup", args)
	if err != nil {
		return err
	}
	path, err := resolveDBPath(env)
	if err != nil {
		return err
	}
	// Backing up must not create an empty database where there was none.
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("backup: no database at %s: %w", path, err)
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(env.Ctx, file); err != nil {
		if errors.Is(err, storage.ErrSameFile) {
			return usagef("backup: %s is the database itself; name another file", file)
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "backed up %s to %s\n", path, file)
	return nil
}

// restoreCmd is `twoway restore FILE`: replace the database with a backup,
// asking nothing. The replaced database is kept beside it. The app must not
// be running on the same database meanwhile.
func restoreCmd(env *Env, args []string) error {
	file, err := fileArg("restore", args)
	if err != nil {
		return err
	}
	if _, err := os.Stat(file); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return usagef("restore: %s: no such file", file)
		}
		return err
	}
	path, err := resolveDBPath(env)
	if err != nil {
		return err
	}
	_, statErr := os.Stat(path)
	existed := statErr == nil
	if err := storage.Restore(env.Ctx, file, path); err != nil {
		// The FILE given is not something this build can restore: bad input.
		for _, bad := range []error{storage.ErrNotDatabase, storage.ErrTooNew, storage.ErrCorrupt, storage.ErrSameFile} {
			if errors.Is(err, bad) {
				return usageError{err.Error()}
			}
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "restored %s to %s\n", file, path)
	if existed {
		fmt.Fprintf(env.Stdout, "the previous database is kept at %s\n", path+storage.RestoreKeepSuffix)
	} else {
		fmt.Fprintln(env.Stdout, "there was no previous database")
	}
	return nil
}
