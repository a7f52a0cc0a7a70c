package shared

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Merge joins the two sides' copies of one record: base is the copy both
// had at the last sync (nil when there was none: then every field set on
// one side only counts as that side's change), local and remote the copies
// now. The rules, field by field:
//
//   - a field changed on one side only takes that change;
//   - a short field (title, status, teacher, owner, due, done, outcome,
//     leader, minutes, times, and lists such as resources, covered topics,
//     offers and rules, each list one field) changed on both sides takes
//     the later side's value;
//   - a long text (a topic's notes, a session's agenda and shared notes,
//     each reflection) changed on both sides keeps the later side's text
//     and returns a Conflict holding the other, for the user to resolve;
//   - reflections merge per author: each is its own long text;
//   - Extra merges per property name: a name changed on one side only
//     (typically by another application on the server, so: remote) takes
//     that side's properties; changed on both, the later side's.
//
// "Later" is the side with the later Modified, to the second; on a tie the
// side whose EditedBy is lexically smaller; on a tie of both, the side
// whose content sorts first. Every machine thus decides alike, and Merge is
// symmetric: Merge(base, a, b) and Merge(base, b, a) return the same record
// and conflicts. The result carries the later side's Modified and EditedBy
// (the caller stamps it anew when it sends it). When remote equals base,
// the result is local; when local equals base, it is remote (by Equal).
// Merge is pure: it changes none of its arguments.
func Merge[T Record](base *T, local, remote T) (merged T, conflicts []Conflict) {
	var b T
	if base != nil {
		b = *base
	}
	br, lr, rr := asRecord(&b), asRecord(&local), asRecord(&remote)
	br.normalize()
	lr.normalize()
	rr.normalize()
	kb, kl, kr := contentKey(br), contentKey(lr), contentKey(rr)
	lw := localWins(lr, rr, kl, kr)
	win := remote
	if lw {
		win = local
	}
	switch {
	case kl == kr:
		return win, nil
	case kr == kb:
		return local, nil
	case kl == kb:
		return remote, nil
	}
	merged = win
	mr := asRecord(&merged)
	conflicts = mergeFields(br, lr, rr, mr, lw)
	conflicts = append(conflicts, mergeNotes(br, lr, rr, mr, lw)...)
	*mr.extra() = mergeExtra(*br.extra(), *lr.extra(), *rr.extra(), lw)
	mr.normalize()
	return merged, conflicts
}

// Equal reports whether a and b hold the same record: every field but the
// stamps Modified and EditedBy, compared in the form Encode writes (so an
// empty list equals a nil one, and emails compare without case). A merged
// record Equal to the server's copy needs no upload.
func Equal[T Record](a, b T) bool {
	ar, br := asRecord(&a), asRecord(&b)
	ar.normalize()
	br.normalize()
	return contentKey(ar) == contentKey(br)
}

// MergeDelete decides a deletion on one side against survivor, the other
// side's copy: an edit beats a deletion. It reports whether to keep
// survivor (it changed since base, or there is no base, so the deleting
// side never saw it); otherwise the record is deleted on both sides.
func MergeDelete[T Record](base *T, survivor T) (keep bool) {
	return base == nil || !Equal(*base, survivor)
}

func asRecord[T Record](p *T) record { return any(p).(record) }

// localWins decides which side is "later" for fields both changed.
func localWins(l, r record, kl, kr string) bool {
	ml, bl := l.stamps()
	mr, br := r.stamps()
	if !ml.Equal(*mr) {
		return ml.After(*mr)
	}
	if *bl != *br {
		return *bl < *br
	}
	return kl <= kr
}

// pick says whether the merged value comes from local: one side's change
// wins over no change; both changed, the winner's.
func pick(kb, kl, kr string, lw bool) (fromLocal, conflict bool) {
	switch {
	case kl == kr:
		return lw, false
	case kl == kb:
		return false, false
	case kr == kb:
		return true, false
	}
	return lw, true
}

func mergeFields(b, l, r, out record, lw bool) []Conflict {
	var conflicts []Conflict
	bf, lf, rf, of := b.fields(), l.fields(), r.fields(), out.fields()
	for i := range of {
		fromLocal, both := pick(keyOf(bf[i].ptr), keyOf(lf[i].ptr), keyOf(rf[i].ptr), lw)
		src, other := rf[i].ptr, lf[i].ptr
		if fromLocal {
			src, other = other, src
		}
		assign(of[i].ptr, src)
		if both && of[i].long {
			conflicts = append(conflicts, Conflict{Field: of[i].name, Kept: *src.(*string), Other: *other.(*string)})
		}
	}
	return conflicts
}

func mergeNotes(b, l, r, out record, lw bool) []Conflict {
	om := out.notes()
	if om == nil {
		return nil
	}
	bm, lm, rm := *b.notes(), *l.notes(), *r.notes()
	keys := map[string]bool{}
	for _, m := range []map[string]string{bm, lm, rm} {
		for k := range m {
			keys[k] = true
		}
	}
	var merged map[string]string
	var conflicts []Conflict
	for _, k := range sortedKeys(keys) {
		fromLocal, both := pick(bm[k], lm[k], rm[k], lw)
		v, other := rm[k], lm[k]
		if fromLocal {
			v, other = other, v
		}
		if both {
			conflicts = append(conflicts, Conflict{Field: "reflection", Key: k, Kept: v, Other: other})
		}
		if v != "" {
			if merged == nil {
				merged = map[string]string{}
			}
			merged[k] = v
		}
	}
	*om = merged
	return conflicts
}

// mergeExtra merges unknown properties per name, all instances of a name
// being one value.
func mergeExtra(b, l, r []Property, lw bool) []Property {
	bg, lg, rg := groupExtra(b), groupExtra(l), groupExtra(r)
	names := map[string]bool{}
	for _, g := range []map[string][]Property{bg, lg, rg} {
		for n := range g {
			names[n] = true
		}
	}
	var out []Property
	for _, n := range sortedKeys(names) {
		fromLocal, _ := pick(extraKey(bg[n]), extraKey(lg[n]), extraKey(rg[n]), lw)
		if fromLocal {
			out = append(out, lg[n]...)
		} else {
			out = append(out, rg[n]...)
		}
	}
	return out
}

func groupExtra(ps []Property) map[string][]Property {
	g := map[string][]Property{}
	for _, p := range ps {
		g[p.Name] = append(g[p.Name], p)
	}
	return g
}

// contentKey is a record's content as one string: equal keys, equal
// content (Modified and EditedBy left out).
func contentKey(r record) string {
	var b strings.Builder
	for _, f := range r.fields() {
		b.WriteString(f.name)
		b.WriteByte('=')
		b.WriteString(keyOf(f.ptr))
		b.WriteByte(0)
	}
	if m := r.notes(); m != nil {
		for _, k := range sortedKeys(*m) {
			b.WriteString(strconv.Quote(k) + ":" + strconv.Quote((*m)[k]) + ",")
		}
		b.WriteByte(0)
	}
	b.WriteString(extraKey(*r.extra()))
	return b.String()
}

// keyOf is a field's value as a string; distinct values give distinct
// strings.
func keyOf(p any) string {
	switch v := p.(type) {
	case *string:
		return strconv.Quote(*v)
	case *bool:
		return strconv.FormatBool(*v)
	case *int:
		return strconv.Itoa(*v)
	case *time.Time:
		if v.IsZero() {
			return "-"
		}
		return v.UTC().Format(time.RFC3339Nano)
	case *[]string:
		var b strings.Builder
		for _, s := range *v {
			b.WriteString(strconv.Quote(s) + ",")
		}
		return b.String()
	case *[]Coverage:
		var b strings.Builder
		for _, c := range *v {
			b.WriteString(strconv.Quote(c.TopicUID) + "/" + strconv.Quote(c.LedBy) + ",")
		}
		return b.String()
	}
	panic("shared: field of unknown type") // a programming error in fields()
}

// assign copies the field src points at into dst.
func assign(dst, src any) {
	switch d := dst.(type) {
	case *string:
		*d = *src.(*string)
	case *bool:
		*d = *src.(*bool)
	case *int:
		*d = *src.(*int)
	case *time.Time:
		*d = *src.(*time.Time)
	case *[]string:
		*d = slices.Clone(*src.(*[]string))
	case *[]Coverage:
		*d = slices.Clone(*src.(*[]Coverage))
	default:
		panic("shared: field of unknown type")
	}
}

func extraKey(ps []Property) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(strconv.Quote(p.Name))
		for _, k := range sortedKeys(p.Params) {
			b.WriteString(";" + strconv.Quote(k) + "=")
			for _, v := range p.Params[k] {
				b.WriteString(strconv.Quote(v) + ",")
			}
		}
		b.WriteString(":" + strconv.Quote(p.Value) + "\n")
	}
	return b.String()
}
