package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/twoway-app/twoway/internal/report"
	"github.com/twoway-app/twoway/storage"
)

func init() {
	register("export", "", "the partnership's history as Markdown (to share) or CSV: ID [--format markdown|csv] [--private] [-o FILE]", exportCmd)
}

func exportCmd(env *Env, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	format := fs.String("format", "", "markdown or csv (default: csv for an -o FILE ending in .csv, else markdown)")
	private := fs.Bool("private", false, "include notes not marked shared")
	outPath := fs.String("o", "", "write to FILE (readable by you only) instead of standard output")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	id, err := idArg("export", pos)
	if err != nil {
		return err
	}
	f := strings.ToLower(strings.TrimSpace(*format))
	if f == "" {
		f = "markdown"
		if strings.EqualFold(filepath.Ext(*outPath), ".csv") {
			f = "csv"
		}
	}
	switch f {
	case "markdown", "md":
		f = "markdown"
	case "csv":
	default:
		return usagef("--format: %q is neither markdown nor csv", *format)
	}
	var buf bytes.Buffer
	err = withStore(env, func(s *storage.Store) error {
		h, err := s.History(env.Ctx, id)
		if err != nil {
			return err
		}
		o := report.ExportOptions{Private: *private, Now: now()}
		if f == "csv" {
			return report.WriteCSV(&buf, h, o)
		}
		buf.WriteString(report.Markdown(h, o))
		return nil
	})
	if err != nil {
		return err
	}
	if *outPath == "" {
		_, err := env.Stdout.Write(buf.Bytes())
		return err
	}
	if err := writePrivateFile(*outPath, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s (%s)\n", *outPath, f)
	return nil
}

// writePrivateFile replaces path with data through a temporary file in the
// same folder and a rename, so an interrupted export never leaves half a
// file, and leaves it readable by the user only: an export can hold
// private notes.
func writePrivateFile(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	if err = tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
