package shared

import (
	"fmt"
	"strings"

	"github.com/emersion/go-ical"
)

// Size bounds on what Decode and ParseBundle read: a record is a few
// kilobytes; anything far larger is not one, and is refused before it is
// parsed.
const (
	MaxObjectSize = 1 << 20  // one CalDAV object
	MaxBundleSize = 16 << 20 // one PUBLISH message with a partnership's whole record
)

// maxDepth bounds component nesting: VCALENDAR > VTIMEZONE > STANDARD is
// the deepest iCalendar needs; a little slack is left for VALARM and
// unknown components.
const maxDepth = 5

// parse reads an iCalendar stream into go-ical's tree.
//
// It is written here rather than taken from go-ical's Decoder because that
// one panics on some malformed parameter lists (a line ending inside a
// parameter, text after a closing quote) and builds parameter values one
// byte at a time, quadratic in their length; this reader is linear, bounds
// nesting, never panics, and cleans every value (valid UTF-8, no control
// characters) so that what it yields can always be encoded again. It reads
// the first VCALENDAR and ignores what follows it.
func parse(data []byte, limit int) (*ical.Calendar, error) {
	if len(data) > limit {
		return nil, fmt.Errorf("shared: %d bytes is more than the %d a shared record may have", len(data), limit)
	}
	s := strings.TrimPrefix(string(data), "\uFEFF")
	var (
		root  *ical.Component
		stack []*ical.Component
		cur   strings.Builder
		have  bool
		lineN int
	)
	handle := func(l string) error {
		name, params, value, err := parseLine(l)
		if err != nil {
			return fmt.Errorf("shared: line %d: %w", lineN, err)
		}
		switch name {
		case "BEGIN":
			comp := strings.ToUpper(strings.TrimSpace(value))
			if !validName(comp) {
				return fmt.Errorf("shared: line %d: bad component name %q", lineN, value)
			}
			if len(stack) >= maxDepth {
				return fmt.Errorf("shared: line %d: components nested more than %d deep", lineN, maxDepth)
			}
			c := &ical.Component{Name: comp, Props: ical.Props{}}
			if len(stack) == 0 {
				if comp != ical.CompCalendar {
					return fmt.Errorf("shared: line %d: %s outside a VCALENDAR", lineN, comp)
				}
				root = c
			} else {
				top := stack[len(stack)-1]
				top.Children = append(top.Children, c)
			}
			stack = append(stack, c)
		case "END":
			if len(stack) == 0 {
				return fmt.Errorf("shared: line %d: END without BEGIN", lineN)
			}
			if top := stack[len(stack)-1]; !strings.EqualFold(strings.TrimSpace(value), top.Name) {
				return fmt.Errorf("shared: line %d: END:%s closes %s", lineN, value, top.Name)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 0 {
				return fmt.Errorf("shared: line %d: property %s outside a VCALENDAR", lineN, name)
			}
			top := stack[len(stack)-1]
			top.Props[name] = append(top.Props[name], ical.Prop{Name: name, Params: params, Value: value})
		}
		return nil
	}
	for len(s) > 0 && (root == nil || len(stack) > 0) {
		var phys string
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			phys, s = s[:i], s[i+1:]
		} else {
			phys, s = s, ""
		}
		lineN++
		phys = strings.TrimSuffix(phys, "\r")
		switch {
		case phys == "":
			continue
		case phys[0] == ' ' || phys[0] == '\t':
			if !have {
				return nil, fmt.Errorf("shared: line %d: continuation of no line", lineN)
			}
			cur.WriteString(phys[1:])
			continue
		}
		if have {
			if err := handle(cur.String()); err != nil {
				return nil, err
			}
		}
		cur.Reset()
		cur.WriteString(phys)
		have = true
		if root != nil && len(stack) == 0 {
			break
		}
	}
	if have && (root == nil || len(stack) > 0) {
		if err := handle(cur.String()); err != nil {
			return nil, err
		}
	}
	if root == nil {
		return nil, fmt.Errorf("shared: no VCALENDAR")
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("shared: %s is not closed", stack[len(stack)-1].Name)
	}
	return &ical.Calendar{Component: root}, nil
}

// parseLine splits one unfolded content line (RFC 5545 section 3.1).
func parseLine(l string) (name string, params ical.Params, value string, err error) {
	i := 0
	for i < len(l) && isNameByte(l[i]) {
		i++
	}
	if i == 0 {
		return "", nil, "", fmt.Errorf("no property name")
	}
	name = strings.ToUpper(l[:i])
	params = ical.Params{}
	for i < len(l) && l[i] == ';' {
		i++
		j := i
		for i < len(l) && isNameByte(l[i]) {
			i++
		}
		if i == j || i == len(l) || l[i] != '=' {
			return "", nil, "", fmt.Errorf("%s: malformed parameter", name)
		}
		pname := strings.ToUpper(l[j:i])
		i++
		for {
			var v string
			if i < len(l) && l[i] == '"' {
				k := strings.IndexByte(l[i+1:], '"')
				if k < 0 {
					return "", nil, "", fmt.Errorf("%s: unterminated quoted parameter", name)
				}
				v, i = l[i+1:i+1+k], i+k+2
			} else {
				j := i
				for i < len(l) && l[i] != ';' && l[i] != ':' && l[i] != ',' {
					if l[i] == '"' {
						return "", nil, "", fmt.Errorf("%s: double quote inside a parameter value", name)
					}
					i++
				}
				v = l[j:i]
			}
			params[pname] = append(params[pname], cleanParam(v))
			if i < len(l) && l[i] == ',' {
				i++
				continue
			}
			break
		}
	}
	if i == len(l) || l[i] != ':' {
		return "", nil, "", fmt.Errorf("%s: no colon before the value", name)
	}
	return name, params, cleanRaw(l[i+1:]), nil
}

func isNameByte(b byte) bool {
	return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-'
}

// validName reports whether s is an iana-token or x-name (RFC 5545 3.1).
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i]) {
			return false
		}
	}
	return true
}
