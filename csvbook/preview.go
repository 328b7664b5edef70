package csvbook

import (
	"fmt"
	"sort"
	"strings"
)

// MappingLines describe, one line per column, what the import does with
// it: the field it fills, or why it is kept as a custom field or skipped.
func (p *Plan) MappingLines() []string {
	var out []string
	for _, c := range p.Columns {
		var what string
		switch {
		case c.Skipped:
			what = "skipped (--map)"
		case c.Why == "empty in every row":
			what = "skipped: empty in every row"
		case c.Field != "":
			what = c.Field
			if c.ByUser {
				what += " (--map)"
			}
		case c.Why != "":
			what = "kept as custom field (" + c.Why + ")"
		default:
			what = "kept as custom field"
		}
		out = append(out, fmt.Sprintf("%s -> %s", c.Header, what))
	}
	return out
}

// PreviewHeader and PreviewRows show the first n rows as bob will store
// them: the values after parsing, the account and manager resolved.
func (p *Plan) PreviewHeader() []string {
	if p.Options.Kind == People {
		return []string{"line", "action", "name", "account", "title", "email", "reports to", "custom"}
	}
	return []string{"line", "action", "name", "domain", "owner", "ARR", "renewal", "stage", "health", "custom"}
}

// PreviewRows returns up to n rows for PreviewHeader.
func (p *Plan) PreviewRows(n int) [][]string {
	var out [][]string
	if p.Options.Kind == People {
		for _, r := range p.People[:min(n, len(p.People))] {
			x := r.Person
			out = append(out, []string{fmt.Sprint(r.Line), string(r.Action), x.Name, r.AccountName, x.Title,
				x.Email, r.ManagerName, customSummary(x.Custom)})
		}
		return out
	}
	for _, r := range p.Accounts[:min(n, len(p.Accounts))] {
		a := r.Account
		health := string(a.Health)
		if a.HealthScore > 0 {
			health = strings.TrimSpace(fmt.Sprintf("%s %d", health, a.HealthScore))
		}
		out = append(out, []string{fmt.Sprint(r.Line), string(r.Action), a.Name, a.Domain, a.Owner,
			a.ARR.String(), a.Renewal.String(), string(a.Stage), health, customSummary(a.Custom)})
	}
	return out
}

func customSummary(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + m[k]
	}
	return strings.Join(parts, "; ")
}

// Summary is the counts line: "3 new, 1 updated, 0 unchanged, 2 bad".
func (p *Plan) Summary() string {
	c, u, n, b := p.Counts()
	return fmt.Sprintf("%d new, %d updated, %d unchanged, %d bad", c, u, n, b)
}

// FileLine describes what was detected about the file.
func (p *Plan) FileLine() string {
	sep := map[rune]string{',': "comma", ';': "semicolon", '\t': "tab"}[p.Table.Separator]
	s := fmt.Sprintf("%s, %s-separated, %d rows", p.Table.Encoding, sep, len(p.Table.Rows))
	if p.DateOrder != OrderUnknown {
		s += ", dates " + map[DateOrder]string{DMY: "day first", MDY: "month first"}[p.DateOrder]
	}
	return s
}
