package shared

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// mergeCase is one three-way merge: base, and the two sides as edits of
// it. want edits base into the expected result.
type mergeCase[T Record] struct {
	name          string
	noBase        bool
	local, remote func(*T)
	want          func(*T)
	conflicts     []Conflict
}

func edited[T Record](base T, f func(*T)) T {
	v := clone(base)
	if f != nil {
		f(&v)
	}
	return v
}

// clone deep-copies through an encode and decode, which the samples
// survive exactly.
func clone[T Record](v T) T {
	var out T
	r := asRecord(&v)
	data, err := encodeRecord(r, "")
	if err != nil {
		panic(err)
	}
	o, err := Decode(data)
	if err != nil {
		panic(err)
	}
	out = o.(T)
	return out
}

func runMerge[T Record](t *testing.T, base T, cases []mergeCase[T]) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			local, remote := edited(base, tc.local), edited(base, tc.remote)
			bp := &base
			if tc.noBase {
				bp = nil
			}
			want := edited(base, tc.want)
			got, conflicts := Merge(bp, local, remote)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("merged\n%#v\nwant\n%#v", got, want)
			}
			if !reflect.DeepEqual(conflicts, tc.conflicts) {
				t.Errorf("conflicts %#v, want %#v", conflicts, tc.conflicts)
			}
			// The other machine merges the same copies the other way round.
			got2, conflicts2 := Merge(bp, remote, local)
			if !reflect.DeepEqual(got2, got) || !reflect.DeepEqual(conflicts2, conflicts) {
				t.Errorf("not symmetric: the other side gets\n%#v %#v\nthis side\n%#v %#v", got2, conflicts2, got, conflicts)
			}
		})
	}
}

func TestMergeTopic(t *testing.T) {
	base := sampleTopic()
	base.Extra = []Property{{Name: "CATEGORIES", Value: `a\,b,c`}, {Name: "X-APPLE-SORT-ORDER", Value: "1"}}
	runMerge(t, base, []mergeCase[Topic]{
		{name: "nothing changed"},
		{name: "local only",
			local: func(v *Topic) { v.Title, v.Modified = "Speaking", at(10) },
			want:  func(v *Topic) { v.Title, v.Modified = "Speaking", at(10) }},
		{name: "remote only",
			remote: func(v *Topic) { v.Status, v.Modified, v.EditedBy = StatusAgreed, at(10), ben },
			want:   func(v *Topic) { v.Status, v.Modified, v.EditedBy = StatusAgreed, at(10), ben }},
		{name: "different fields",
			local:  func(v *Topic) { v.Title, v.Modified = "Speaking", at(20) },
			remote: func(v *Topic) { v.Status, v.Modified, v.EditedBy = StatusAgreed, at(10), ben },
			want:   func(v *Topic) { v.Title, v.Status, v.Modified = "Speaking", StatusAgreed, at(20) }},
		{name: "short field both, remote later",
			local:  func(v *Topic) { v.Title, v.Teacher, v.Modified = "Speaking", ben, at(10) },
			remote: func(v *Topic) { v.Title, v.Modified, v.EditedBy = "Talks", at(11), ben },
			want:   func(v *Topic) { v.Title, v.Teacher, v.Modified, v.EditedBy = "Talks", ben, at(11), ben }},
		{name: "short field both, local later",
			local:  func(v *Topic) { v.Status, v.Modified = StatusDone, at(12) },
			remote: func(v *Topic) { v.Status, v.Modified, v.EditedBy = StatusDropped, at(11), ben },
			want:   func(v *Topic) { v.Status, v.Modified = StatusDone, at(12) }},
		{name: "same second: smaller editor email wins",
			local:  func(v *Topic) { v.Title, v.Modified, v.EditedBy = "Ben's title", at(10), ben },
			remote: func(v *Topic) { v.Title, v.Modified, v.EditedBy = "Ana's title", at(10), ana },
			want:   func(v *Topic) { v.Title, v.Modified, v.EditedBy = "Ana's title", at(10), ana }},
		{name: "same second, fraction ignored",
			local:  func(v *Topic) { v.Title, v.Modified, v.EditedBy = "Ben's title", at(10).Add(900*time.Millisecond), ben },
			remote: func(v *Topic) { v.Title, v.Modified, v.EditedBy = "Ana's title", at(10), ana },
			want:   func(v *Topic) { v.Title, v.Modified, v.EditedBy = "Ana's title", at(10), ana }},
		{name: "list is one short field",
			local:  func(v *Topic) { v.Resources, v.Modified = append(v.Resources, "local link"), at(10) },
			remote: func(v *Topic) { v.Resources, v.Modified, v.EditedBy = v.Resources[:1], at(11), ben },
			want:   func(v *Topic) { v.Resources, v.Modified, v.EditedBy = v.Resources[:1], at(11), ben }},
		{name: "same change both sides",
			local:  func(v *Topic) { v.Notes, v.Modified = "both wrote this", at(10) },
			remote: func(v *Topic) { v.Notes, v.Modified, v.EditedBy = "both wrote this", at(11), ben },
			want:   func(v *Topic) { v.Notes, v.Modified, v.EditedBy = "both wrote this", at(11), ben }},
		{name: "notes both: later kept, conflict",
			local:     func(v *Topic) { v.Notes, v.Modified = "Ana's notes", at(10) },
			remote:    func(v *Topic) { v.Notes, v.Modified, v.EditedBy = "Ben's notes", at(11), ben },
			want:      func(v *Topic) { v.Notes, v.Modified, v.EditedBy = "Ben's notes", at(11), ben },
			conflicts: []Conflict{{Field: "notes", Kept: "Ben's notes", Other: "Ana's notes"}}},
		{name: "notes cleared against edited",
			local:     func(v *Topic) { v.Notes, v.Modified = "", at(12) },
			remote:    func(v *Topic) { v.Notes, v.Modified, v.EditedBy = "Ben's notes", at(11), ben },
			want:      func(v *Topic) { v.Notes, v.Modified = "", at(12) },
			conflicts: []Conflict{{Field: "notes", Kept: "", Other: "Ben's notes"}}},
		{name: "extra added remotely, title locally",
			local:  func(v *Topic) { v.Title, v.Modified = "Speaking", at(12) },
			remote: func(v *Topic) { v.Extra, v.Modified = append(v.Extra, Property{Name: "PRIORITY", Value: "1"}), at(11) },
			want: func(v *Topic) {
				v.Title, v.Modified = "Speaking", at(12)
				v.Extra = []Property{v.Extra[0], {Name: "PRIORITY", Value: "1"}, v.Extra[1]}
			}},
		{name: "extra changed remotely, earlier than a local edit",
			local:  func(v *Topic) { v.Title, v.Modified = "Speaking", at(12) },
			remote: func(v *Topic) { v.Extra, v.Modified = []Property{{Name: "CATEGORIES", Value: "x"}}, at(11) },
			want: func(v *Topic) {
				v.Title, v.Modified, v.Extra = "Speaking", at(12), []Property{{Name: "CATEGORIES", Value: "x"}}
			}},
		{name: "extra changed on both: later",
			local:  func(v *Topic) { v.Extra, v.Modified = []Property{{Name: "CATEGORIES", Value: "l"}, v.Extra[1]}, at(12) },
			remote: func(v *Topic) { v.Extra, v.Modified = []Property{{Name: "CATEGORIES", Value: "r"}, v.Extra[1]}, at(11) },
			want:   func(v *Topic) { v.Extra, v.Modified = []Property{{Name: "CATEGORIES", Value: "l"}, v.Extra[1]}, at(12) }},
		{name: "no base: what one side set is kept, both set: later",
			noBase: true,
			local:  func(v *Topic) { v.Notes, v.Modified = "", at(12) },
			remote: func(v *Topic) { v.Title, v.Modified = "Talks", at(11) },
			want:   func(v *Topic) { v.Modified = at(12) }},
	})
}

func TestMergeAction(t *testing.T) {
	runMerge(t, sampleAction(), []mergeCase[Action]{
		{name: "done here, due moved there",
			local:  func(v *Action) { v.Done, v.Completed, v.Modified = true, at(5), at(5) },
			remote: func(v *Action) { v.Due, v.Modified, v.EditedBy = "2025-10-02", at(6), ana },
			want: func(v *Action) {
				v.Done, v.Completed, v.Due, v.Modified, v.EditedBy = true, at(5), "2025-10-02", at(6), ana
			}},
		{name: "owner both: later",
			local:  func(v *Action) { v.Owner, v.Modified = ben, at(7) },
			remote: func(v *Action) { v.Owner, v.Text, v.Modified = "carla@example.org", "New text", at(6) },
			want:   func(v *Action) { v.Owner, v.Text, v.Modified = ben, "New text", at(7) }},
		{name: "reopened against a text edit",
			local:  func(v *Action) { v.Text, v.Modified = "Send the deck and notes", at(3) },
			remote: func(v *Action) { v.Done, v.Completed, v.Modified = true, at(2), at(2) },
			want: func(v *Action) {
				v.Text, v.Done, v.Completed, v.Modified = "Send the deck and notes", true, at(2), at(3)
			}},
	})
}

func TestMergeSession(t *testing.T) {
	base := sampleSession()
	runMerge(t, base, []mergeCase[Session]{
		{name: "each writes their own reflection",
			local:  func(v *Session) { v.Reflections[ana], v.Modified = "Ana, later", at(30) },
			remote: func(v *Session) { v.Reflections[ben], v.Modified, v.EditedBy = "Ben, later", at(31), ben },
			want: func(v *Session) {
				v.Reflections = map[string]string{ana: "Ana, later", ben: "Ben, later"}
				v.Modified, v.EditedBy = at(31), ben
			}},
		{name: "a reflection added and one removed",
			local:  func(v *Session) { v.Reflections["carla@example.org"], v.Modified = "Carla", at(30) },
			remote: func(v *Session) { delete(v.Reflections, ben); v.Modified = at(29) },
			want: func(v *Session) {
				v.Reflections = map[string]string{ana: "I rushed the ending.", "carla@example.org": "Carla"}
				v.Modified = at(30)
			}},
		{name: "one reflection edited twice",
			local:     func(v *Session) { v.Reflections[ana], v.Modified = "laptop", at(30) },
			remote:    func(v *Session) { v.Reflections[ana], v.Modified = "phone", at(31) },
			want:      func(v *Session) { v.Reflections[ana], v.Modified = "phone", at(31) },
			conflicts: []Conflict{{Field: "reflection", Key: ana, Kept: "phone", Other: "laptop"}}},
		{name: "agenda and shared notes both: two conflicts",
			local:     func(v *Session) { v.Agenda, v.SharedNotes, v.Modified = "A1", "N1", at(30) },
			remote:    func(v *Session) { v.Agenda, v.SharedNotes, v.Modified, v.EditedBy = "A2", "N2", at(30), ana },
			want:      func(v *Session) { v.Agenda, v.SharedNotes, v.Modified, v.EditedBy = "A2", "N2", at(30), ana },
			conflicts: []Conflict{{Field: "agenda", Kept: "A2", Other: "A1"}, {Field: "shared_notes", Kept: "N2", Other: "N1"}}},
		{name: "outcome here, minutes and leader there",
			local:  func(v *Session) { v.Outcome, v.MovedTo, v.Modified = OutcomeHeld, time.Time{}, at(40) },
			remote: func(v *Session) { v.Minutes, v.Leader, v.Modified = 50, ana, at(41) },
			want: func(v *Session) {
				v.Outcome, v.MovedTo, v.Minutes, v.Leader, v.Modified = OutcomeHeld, time.Time{}, 50, ana, at(41)
			}},
		{name: "covered both: later list",
			local:  func(v *Session) { v.Covered, v.Modified = v.Covered[:1], at(40) },
			remote: func(v *Session) { v.Covered, v.Modified = append(v.Covered, Coverage{"topic-3", ben}), at(41) },
			want:   func(v *Session) { v.Covered, v.Modified = append(v.Covered, Coverage{"topic-3", ben}), at(41) }},
		{name: "moved to two times: later",
			local:  func(v *Session) { v.MovedTo, v.Modified = at(100), at(42) },
			remote: func(v *Session) { v.MovedTo, v.Modified = at(200), at(41) },
			want:   func(v *Session) { v.MovedTo, v.Modified = at(100), at(42) }},
		{name: "logged on both machines before any sync",
			noBase: true,
			local: func(v *Session) {
				v.Reflections, v.SharedNotes, v.Modified = map[string]string{ana: "mine"}, "", at(10)
			},
			remote: func(v *Session) {
				v.Reflections, v.Agenda, v.Modified, v.EditedBy = map[string]string{ben: "his"}, "", at(11), ana
			},
			want: func(v *Session) {
				v.Reflections, v.Modified, v.EditedBy = map[string]string{ana: "mine", ben: "his"}, at(11), ana
			}},
	})
}

func TestMergeProfile(t *testing.T) {
	runMerge(t, sampleProfile(), []mergeCase[Profile]{
		{name: "each edits their own person",
			local:  func(v *Profile) { v.People[0].Hours, v.Modified = "10:00-18:00", at(5) },
			remote: func(v *Profile) { v.People[1].Offers, v.Modified, v.EditedBy = []string{"Writing"}, at(6), ben },
			want: func(v *Profile) {
				v.People[0].Hours, v.People[1].Offers, v.Modified, v.EditedBy = "10:00-18:00", []string{"Writing"}, at(6), ben
			}},
		{name: "rules both: later list",
			local: func(v *Profile) { v.Rules, v.Modified = []string{"confidentiality"}, at(7) },
			remote: func(v *Profile) {
				v.Rules, v.Link, v.Modified = append(v.Rules, "No phones"), "https://x.example/y", at(6)
			},
			want: func(v *Profile) {
				v.Rules, v.Link, v.Modified = []string{"confidentiality"}, "https://x.example/y", at(7)
			}},
	})
}

// TestMergeIdentities: a side that did not change gives the other side's
// copy as it is.
func TestMergeIdentities(t *testing.T) {
	base := sampleSession()
	changed := edited(base, func(v *Session) { v.Agenda, v.Modified, v.Extra = "new", at(3), []Property{{Name: "X-A", Value: "1"}} })
	if got, c := Merge(&base, changed, base); !reflect.DeepEqual(got, changed) || c != nil {
		t.Errorf("remote unchanged: got %#v %v, want local", got, c)
	}
	if got, c := Merge(&base, base, changed); !reflect.DeepEqual(got, changed) || c != nil {
		t.Errorf("local unchanged: got %#v %v, want remote", got, c)
	}
	// An unchanged side only restamped (opened and saved) is unchanged.
	restamped := edited(base, func(v *Session) { v.Modified, v.EditedBy = at(9), ana })
	if got, _ := Merge(&base, changed, restamped); !reflect.DeepEqual(got, changed) {
		t.Errorf("remote only restamped: got %#v, want local", got)
	}
}

func TestMergeLeavesArgumentsAlone(t *testing.T) {
	base, local, remote := sampleSession(), sampleSession(), sampleSession()
	local.Reflections = map[string]string{ana: "l"}
	remote.Covered = []Coverage{{TopicUID: "T", LedBy: "BEN@example.org"}}
	remote.Modified = at(5)
	keepB, keepL, keepR := clone(base), clone(local), clone(remote)
	keepR.Covered[0].LedBy = "BEN@example.org" // clone normalised it
	merged, _ := Merge(&base, local, remote)
	merged.Covered[0].TopicUID = "changed"
	merged.Reflections[ana] = "changed"
	if !reflect.DeepEqual(base, keepB) || !reflect.DeepEqual(local, keepL) || !reflect.DeepEqual(remote, keepR) {
		t.Errorf("Merge or its result changed an argument:\n%#v\n%#v\n%#v", base, local, remote)
	}
}

func TestEqual(t *testing.T) {
	a := sampleTopic()
	b := clone(a)
	b.Resources = append([]string{}, b.Resources...)
	b.Extra = []Property{}
	b.Teacher, b.AddedBy = "ANA@example.org", "mailto:ben@EXAMPLE.org"
	b.Modified, b.EditedBy = at(99), ben
	if !Equal(a, b) {
		t.Errorf("copies differing in stamps, case and empty lists are not Equal")
	}
	b.Resources = append(b.Resources, "one more")
	if Equal(a, b) {
		t.Errorf("a longer list is Equal")
	}
}

// TestEqualSeesEveryField changes each exported field of each type in
// turn (people's fields one by one): Equal must tell every change apart,
// except the stamps. A field the merge tables forgot fails here.
func TestEqualSeesEveryField(t *testing.T) {
	topic := sampleTopic()
	topic.Status, topic.Completed = StatusDone, at(1)
	action := sampleAction()
	action.Done, action.Completed = true, at(1)
	for _, o := range []Object{topic, action, sampleSession(), sampleProfile()} {
		checkEveryField(t, o)
	}
}

func checkEveryField(t *testing.T, o Object) {
	t.Helper()
	orig := reflect.ValueOf(o)
	var paths [][]int
	typ := orig.Type()
	for i := 0; i < typ.NumField(); i++ {
		if typ.Field(i).Type == reflect.TypeOf([2]Person{}) {
			for j := 0; j < 2; j++ {
				for k := 0; k < reflect.TypeOf(Person{}).NumField(); k++ {
					paths = append(paths, []int{i, j, k})
				}
			}
			continue
		}
		paths = append(paths, []int{i})
	}
	for _, path := range paths {
		cp := reflect.New(typ).Elem()
		cp.Set(reflect.ValueOf(clone2(o)))
		f := cp.Field(path[0])
		name := typ.Field(path[0]).Name
		if len(path) == 3 {
			f = f.Index(path[1]).Field(path[2])
			name += "." + reflect.TypeOf(Person{}).Field(path[2]).Name
		}
		mutate(t, f)
		changed := cp.Interface().(Object)
		stamp := name == "Modified" || name == "EditedBy"
		if got := equalObjects(o, changed); got != stamp {
			t.Errorf("%s: changing %s: Equal = %v, want %v", o.Kind(), name, got, stamp)
		}
	}
}

func clone2(o Object) Object { return mustDecodeNoT(mustEncodeNoT(o)) }

func mustEncodeNoT(o Object) []byte {
	b, err := Encode(o)
	if err != nil {
		panic(err)
	}
	return b
}

func mustDecodeNoT(b []byte) Object {
	o, err := Decode(b)
	if err != nil {
		panic(err)
	}
	return o
}

func equalObjects(a, b Object) bool {
	switch a := a.(type) {
	case Topic:
		return Equal(a, b.(Topic))
	case Action:
		return Equal(a, b.(Action))
	case Session:
		return Equal(a, b.(Session))
	case Profile:
		return Equal(a, b.(Profile))
	}
	panic("unknown")
}

// mutate sets f to a different value that normalisation keeps.
func mutate(t *testing.T, f reflect.Value) {
	switch v := f.Addr().Interface().(type) {
	case *string:
		*v = "zz-changed@example.org"
	case *bool:
		*v = !*v
	case *int:
		*v += 7
	case *time.Time:
		*v = v.Add(3 * time.Hour)
	case *[]string:
		*v = append(*v, "zz")
	case *[]Coverage:
		*v = append(*v, Coverage{TopicUID: "zz", LedBy: ana})
	case *map[string]string:
		m := map[string]string{"zz@example.org": "zz"}
		for k, x := range *v {
			m[k] = x
		}
		*v = m
	case *[]Property:
		*v = append(*v, Property{Name: "X-ZZ", Value: "1"})
	default:
		t.Fatalf("no mutation for %T", v)
	}
}

func TestMergeDelete(t *testing.T) {
	base := sampleAction()
	for _, tc := range []struct {
		name     string
		base     *Action
		survivor Action
		keep     bool
	}{
		{"unchanged: delete", &base, clone(base), false},
		{"only restamped: delete", &base, edited(base, func(v *Action) { v.Modified = at(9) }), false},
		{"edited: keep", &base, edited(base, func(v *Action) { v.Due = "" }), true},
		{"extra edited elsewhere: keep", &base, edited(base, func(v *Action) { v.Extra = []Property{{Name: "PRIORITY", Value: "1"}} }), true},
		{"never synced: keep", nil, base, true},
	} {
		if got := MergeDelete(tc.base, tc.survivor); got != tc.keep {
			t.Errorf("%s: keep = %v, want %v", tc.name, got, tc.keep)
		}
	}
}

// TestNoPrivateField pins the fields of every type Encode and Publish
// take. The privacy guarantee is that none of them can hold what a partner
// keeps to themselves (a session's private notes): a new field must be
// added here, which is the moment to ask whether it is shared.
func TestNoPrivateField(t *testing.T) {
	want := map[reflect.Type]string{
		reflect.TypeOf(Topic{}):    "UID Title Teacher Status Notes Resources AddedBy Completed Modified EditedBy Extra",
		reflect.TypeOf(Action{}):   "UID Text Owner Due Done Completed RaisedIn AddedBy Modified EditedBy Extra",
		reflect.TypeOf(Session{}):  "UID SeriesUID Original Title Outcome MovedTo Leader Minutes Agenda SharedNotes Reflections Covered Modified EditedBy Extra",
		reflect.TypeOf(Profile{}):  "UID Title People Rules Start End Link Modified EditedBy Extra",
		reflect.TypeOf(Person{}):   "Name Email Zone Hours Offers Wants",
		reflect.TypeOf(Coverage{}): "TopicUID LedBy",
		reflect.TypeOf(Property{}): "Name Params Value",
	}
	for typ, fields := range want {
		var got []string
		for i := 0; i < typ.NumField(); i++ {
			got = append(got, typ.Field(i).Name)
		}
		if g := strings.Join(got, " "); g != fields {
			t.Errorf("%s has fields %q, want %q", typ.Name(), g, fields)
		}
	}
}
