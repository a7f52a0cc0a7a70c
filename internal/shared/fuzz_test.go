package shared

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// FuzzDecode: Decode and ParseBundle never panic and fail only with a
// "shared: " error; what Decode accepts encodes, decodes back to the same
// record, and encodes to the same bytes (decode(encode(decode(x))) is
// stable); what ParseBundle accepts publishes and parses back alike.
func FuzzDecode(f *testing.F) {
	for _, o := range samples() {
		for _, comp := range []string{"", ComponentToDo} {
			if data, err := EncodeAs(withText(o, "Grüße, 🙂; \\n"), comp); err == nil {
				f.Add(data)
			}
		}
	}
	if pub, err := Publish(ana, samples()...); err == nil {
		f.Add(pub)
	}
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.ics"))
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add(ics("BEGIN:VCALENDAR", "BEGIN:VTODO", "UID:u", "DTSTAMP:20250918T170000Z", `X-A;B="c"d:e`, "END:VTODO", "END:VCALENDAR"))
	f.Add(ics("BEGIN:VCALENDAR", "BEGIN:VTODO", "UID:u", "DTSTAMP:20250918T170000Z", "X-A;B=c", "END:VTODO", "END:VCALENDAR"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkBundle(t, data)
		o, err := Decode(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "shared: ") {
				t.Fatalf("error without the package prefix: %v", err)
			}
			return
		}
		b1, err := Encode(o)
		if err != nil {
			t.Fatalf("decoded %#v but cannot encode it: %v", o, err)
		}
		checkWire(t, b1)
		o2, err := Decode(b1)
		if err != nil {
			t.Fatalf("cannot decode what it encoded: %v\n%s", err, b1)
		}
		if !reflect.DeepEqual(o2, o) {
			t.Fatalf("decode(encode(decode(x))) differs:\n%#v\n%#v\n%s", o2, o, b1)
		}
		if b2, err := Encode(o2); err != nil || !bytes.Equal(b2, b1) {
			t.Fatalf("encoding is not stable (%v):\n%s\n%s", err, b1, b2)
		}
		// What Encode and EncodeAs wrote, DecodeStored reads as Decode
		// does, without encoding it again.
		for _, comp := range []string{"", ComponentToDo} {
			data, err := EncodeAs(o, comp)
			if err != nil {
				continue // a topic or action is a VTODO either way; a failure here is Decode's check's business
			}
			want, werr := Decode(data)
			got, gerr := DecodeStored(data)
			if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(got, want) {
				t.Fatalf("DecodeStored differs from Decode for %q (%v, %v):\n%#v\n%#v", comp, gerr, werr, got, want)
			}
		}
	})
}

func checkBundle(t *testing.T, data []byte) {
	b, err := ParseBundle(data)
	if err != nil {
		if !strings.HasPrefix(err.Error(), "shared: ") {
			t.Fatalf("bundle error without the package prefix: %v", err)
		}
		return
	}
	if len(b.Objects) == 0 {
		return
	}
	pub, err := Publish(b.From, b.Objects...)
	if err != nil {
		t.Fatalf("parsed a bundle but cannot publish it again: %v", err)
	}
	b2, err := ParseBundle(pub)
	if err != nil || !reflect.DeepEqual(b2.Objects, b.Objects) || b2.From != b.From {
		t.Fatalf("bundle round trip differs (%v):\n%#v\n%#v", err, b2, b)
	}
}

// FuzzMerge builds three copies of one record from the input (each field
// of each side from a small pool, so sides often agree, tie and collide)
// and checks the merge's promises: symmetry, the identities, every field
// taken from one side, conflicts only on long texts.
func FuzzMerge(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	f.Add([]byte{1, 7, 7, 7, 0, 3, 9, 2, 200, 13, 4, 4, 4, 4})
	f.Add([]byte{2, 5, 1, 1, 1, 8, 8, 8, 0, 0, 0, 3, 6, 9, 12, 15, 18, 21})
	f.Add([]byte{3, 255, 128, 64, 32, 16, 8, 4, 2, 1})
	f.Add(bytes.Repeat([]byte{2, 3, 5, 7, 11, 13}, 30))
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &gen{data: data}
		switch g.next() % 4 {
		case 0:
			checkMerge[Topic](t, g)
		case 1:
			checkMerge[Action](t, g)
		case 2:
			checkMerge[Session](t, g)
		case 3:
			checkMerge[Profile](t, g)
		}
	})
}

func checkMerge[T Record](t *testing.T, g *gen) {
	var b, l, r T
	g.fill(asRecord(&b), nil)
	g.fill(asRecord(&l), asRecord(&b))
	g.fill(asRecord(&r), asRecord(&b))
	bp := &b
	if g.next()%5 == 0 {
		bp = nil
	}
	m1, c1 := Merge(bp, l, r)
	m2, c2 := Merge(bp, r, l)
	if !reflect.DeepEqual(m1, m2) || !reflect.DeepEqual(c1, c2) {
		t.Fatalf("not symmetric:\nbase %#v\nlocal %#v\nremote %#v\n%#v %#v\n%#v %#v", bp, l, r, m1, c1, m2, c2)
	}
	var zero T
	eff := zero
	if bp != nil {
		eff = b
	}
	if Equal(r, eff) && !Equal(m1, l) {
		t.Fatalf("remote unchanged but merged %#v is not local %#v", m1, l)
	}
	if Equal(l, eff) && !Equal(m1, r) {
		t.Fatalf("local unchanged but merged %#v is not remote %#v", m1, r)
	}
	ln, rn, mn := l, r, m1
	lr, rr, mr := asRecord(&ln), asRecord(&rn), asRecord(&mn)
	lr.normalize()
	rr.normalize()
	lf, rf, mf := lr.fields(), rr.fields(), mr.fields()
	long := map[string]bool{"reflection": true}
	for i := range mf {
		long[mf[i].name] = mf[i].long
		if k := keyOf(mf[i].ptr); k != keyOf(lf[i].ptr) && k != keyOf(rf[i].ptr) {
			t.Fatalf("merged %s = %s is neither side's (%s, %s)\nbase %#v\nlocal %#v\nremote %#v\nmerged %#v", mf[i].name, k, keyOf(lf[i].ptr), keyOf(rf[i].ptr), bp, l, r, m1)
		}
	}
	for _, c := range c1 {
		if !long[c.Field] || c.Kept == c.Other {
			t.Fatalf("conflict %#v on a short field or without difference", c)
		}
	}
	// Merging the result again with either side as base changes nothing
	// the other side did not change.
	if m3, _ := Merge(&m1, m1, m1); !Equal(m3, m1) {
		t.Fatalf("merging a record with itself changed it")
	}
}

// gen draws values from the fuzzer's bytes.
type gen struct {
	data []byte
	i    int
}

func (g *gen) next() int {
	if g.i >= len(g.data) {
		g.i++
		return g.i * 7 % 11
	}
	b := g.data[g.i]
	g.i++
	return int(b)
}

var (
	poolStrings = []string{"", "a", "b", "Ana@Example.org", ben, Both, "ünï 🙂", `x,y;z\n`, StatusDone, OutcomeHeld, "line\nline"}
	poolTimes   = []time.Time{{}, t0, at(1), at(1).Add(500 * time.Millisecond), at(2)}
	poolLists   = [][]string{nil, {}, {"a"}, {"a", "b"}, {"b", "a"}, {"", "a"}}
	poolCovered = [][]Coverage{nil, {{"t", Both}}, {{"t", ana}}, {{"u", ben}, {"t", ana}}}
	poolExtra   = [][]Property{nil, {{Name: "PRIORITY", Value: "1"}}, {{Name: "PRIORITY", Value: "2"}},
		{{Name: "CATEGORIES", Value: "a"}, {Name: "PRIORITY", Value: "1"}},
		{{Name: "X-A", Params: map[string][]string{"P": {"1"}}, Value: "v"}}}
	poolEditors = []string{"", ana, ben}
)

// fill sets every field of r; with like set, a field keeps like's value
// one time in three, so the sides often leave a field alone.
func (g *gen) fill(r, like record) {
	fs := r.fields()
	var ls []fieldRef
	if like != nil {
		ls = like.fields()
	}
	for i, f := range fs {
		n := g.next()
		if like != nil && n%3 == 0 {
			assign(f.ptr, ls[i].ptr)
			continue
		}
		switch p := f.ptr.(type) {
		case *string:
			*p = poolStrings[n%len(poolStrings)]
		case *bool:
			*p = n%2 == 1
		case *int:
			*p = n % 3 * 30
		case *time.Time:
			*p = poolTimes[n%len(poolTimes)]
		case *[]string:
			*p = append([]string(nil), poolLists[n%len(poolLists)]...)
		case *[]Coverage:
			*p = append([]Coverage(nil), poolCovered[n%len(poolCovered)]...)
		}
	}
	if m := r.notes(); m != nil {
		*m = map[string]string{}
		for _, k := range []string{ana, ben, "ANA@example.org"} {
			if n := g.next(); like != nil && n%3 == 0 {
				if v, ok := (*like.notes())[k]; ok {
					(*m)[k] = v
				}
			} else if s := poolStrings[n%len(poolStrings)]; s != "" {
				(*m)[k] = s
			}
		}
	}
	if n := g.next(); like != nil && n%3 == 0 {
		*r.extra() = append([]Property(nil), *like.extra()...)
	} else {
		*r.extra() = append([]Property(nil), poolExtra[n%len(poolExtra)]...)
	}
	mod, by := r.stamps()
	*mod, *by = poolTimes[g.next()%len(poolTimes)], poolEditors[g.next()%len(poolEditors)]
}
