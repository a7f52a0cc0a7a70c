package shared

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/twoway-app/twoway/internal/testservers"
)

// The check of INTEROP.md: what Encode and Publish write is read by
// independent parsers as we meant it. Python's icalendar and libical
// (Evolution's engine) each read every file once and report each
// component's UID, SUMMARY and DESCRIPTION (Python also the shared notes
// and reflections); libical also reports its parse errors and applies RFC
// 5546's table of what a METHOD:PUBLISH must hold.

// seen is what a reader reports of one component.
type seen struct {
	UID         string            `json:"uid"`
	Summary     string            `json:"summary"`
	Description string            `json:"description"`
	Notes       string            `json:"notes"`
	Reflections map[string]string `json:"reflections"`
}

type validationFile struct {
	path   string
	want   []seen
	method string
}

// expect is what a reader should see of o.
func expect(o Object) seen {
	var s seen
	switch v := o.(type) {
	case Topic:
		s = seen{UID: v.UID, Summary: v.Title, Description: v.Notes}
	case Action:
		s = seen{UID: v.UID, Summary: v.Text}
	case Session:
		s = seen{UID: v.UID, Summary: v.Title, Description: v.Agenda, Notes: v.SharedNotes, Reflections: map[string]string{}}
		for author, text := range v.Reflections {
			s.Reflections["mailto:"+author] = text
		}
	case Profile:
		s = seen{UID: v.UID, Summary: v.Title}
	}
	return s
}

func validationFiles(t *testing.T) []validationFile {
	dir := t.TempDir()
	var files []validationFile
	add := func(name string, data []byte, method string, want ...seen) {
		path := filepath.Join(dir, fmt.Sprintf("%03d-%s.ics", len(files), name))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, validationFile{path: path, want: want, method: method})
	}
	for _, tc := range oddTexts {
		for _, o := range samples() {
			for _, comp := range []string{"", ComponentToDo} {
				in := withText(o, tc.text)
				data, err := EncodeAs(in, comp)
				if err != nil {
					t.Fatal(err)
				}
				add(tc.name+"-"+string(o.Kind())+comp, data, "", expect(in))
			}
		}
	}
	tasks := mustDecode(t, tasksOrgTopic(t))
	add("tasks-org", mustEncode(t, tasks), "", expect(tasks))
	var objs []Object
	var want []seen
	for _, o := range samples() {
		o = withText(o, oddTexts[1].text)
		objs, want = append(objs, o), append(want, expect(o))
	}
	want[3].Description = string(KindProfile) // the DESCRIPTION PUBLISH requires
	pub, err := Publish(ana, objs...)
	if err != nil {
		t.Fatal(err)
	}
	add("bundle", pub, "PUBLISH", want...)
	return files
}

func runReader(t *testing.T, script string, files []validationFile, out any) {
	t.Helper()
	args := []string{filepath.Join("testdata", script)}
	for _, f := range files {
		args = append(args, f.path)
	}
	cmd := exec.Command(testservers.Python, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", script, err, stderr.String())
	}
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatalf("%s printed %q: %v", script, data, err)
	}
}

func byUID(l []seen) map[string]seen {
	m := map[string]seen{}
	for _, s := range l {
		m[s.UID] = s
	}
	return m
}

func TestPythonIcalendarReadsIt(t *testing.T) {
	if testing.Short() {
		t.Skip("external reader; not in -short")
	}
	testservers.Require(t, "icalendar", "python3-icalendar")
	files := validationFiles(t)
	var res map[string]struct {
		Method     string
		Errors     []string
		Components []struct {
			seen
			Name   string
			Errors []string
		}
	}
	runReader(t, "pyread.py", files, &res)
	if len(res) != len(files) {
		t.Fatalf("Python read %d files, want %d", len(res), len(files))
	}
	uids, texts, wantUIDs := 0, 0, 0
	for _, f := range files {
		wantUIDs += len(f.want)
		r := res[f.path]
		name := filepath.Base(f.path)
		if r.Method != f.method || len(r.Errors) > 0 || len(r.Components) != len(f.want) {
			t.Errorf("%s: method %q errors %v, %d components; want %q, none, %d", name, r.Method, r.Errors, len(r.Components), f.method, len(f.want))
			continue
		}
		want := byUID(f.want)
		for _, c := range r.Components {
			w, ok := want[c.UID]
			if !ok || len(c.Errors) > 0 {
				t.Errorf("%s: %s UID %q errors %v; want a UID of %v", name, c.Name, c.UID, c.Errors, sortedKeys(want))
				continue
			}
			uids++
			// icalendar 4.0.3 unescapes one sequence after another, so an
			// escaped backslash before n (`\\n`) comes out as a backslash and
			// a newline; libical below reads those texts right. Here only
			// texts without a backslash are compared.
			if strings.Contains(w.Summary+w.Description+w.Notes+fmt.Sprint(w.Reflections), `\`) {
				continue
			}
			texts++
			if w.Reflections == nil {
				w.Reflections = map[string]string{}
			}
			if c.Summary != w.Summary || c.Description != w.Description || c.Notes != w.Notes || !reflect.DeepEqual(c.Reflections, w.Reflections) {
				t.Errorf("%s: %s %q reads as\n%.300q\nwant\n%.300q", name, c.Name, c.UID,
					fmt.Sprint(c.Summary, c.Description, c.Notes, c.Reflections), fmt.Sprint(w.Summary, w.Description, w.Notes, w.Reflections))
			}
		}
	}
	if uids != wantUIDs || texts < wantUIDs-8 {
		t.Errorf("Python matched %d of %d components and compared the texts of %d", uids, wantUIDs, texts)
	}
}

func TestLibicalReadsIt(t *testing.T) {
	if testing.Short() {
		t.Skip("external reader; not in -short")
	}
	if err := exec.Command(testservers.Python, "-c", `import gi; gi.require_version("ICalGLib", "3.0")`).Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("libical missing (apt-get install python3-gi gir1.2-ical-3.0): %v", err)
		}
		t.Skipf("libical missing: apt-get install python3-gi gir1.2-ical-3.0 (%v)", err)
	}
	files := validationFiles(t)
	var res map[string]struct {
		OK         bool
		Errors     []string
		Components []seen
	}
	runReader(t, "libical_read.py", files, &res)
	if len(res) != len(files) {
		t.Fatalf("libical read %d files, want %d", len(res), len(files))
	}
	for _, f := range files {
		r := res[f.path]
		name := filepath.Base(f.path)
		if !r.OK || len(r.Errors) > 0 {
			t.Errorf("%s: libical: restrictions ok=%v, errors %v", name, r.OK, r.Errors)
		}
		got, want := r.Components, append([]seen(nil), f.want...)
		for i := range want {
			want[i] = seen{UID: want[i].UID, Summary: want[i].Summary, Description: want[i].Description}
		}
		sort.Slice(got, func(i, j int) bool { return got[i].UID < got[j].UID })
		sort.Slice(want, func(i, j int) bool { return want[i].UID < want[j].UID })
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: libical reads\n%.300q\nwant\n%.300q", name, fmt.Sprint(got), fmt.Sprint(want))
		}
	}
}
