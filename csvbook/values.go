package csvbook

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"bob/model"
)

// rowValues are one row's values by field, plus its custom fields.
type rowValues struct {
	fields map[string]string // field name -> value, only non-empty
	header map[string]string // field name -> the column it came from
	custom map[string]string // header -> value, only non-empty
}

// longText are the fields whose value is kept exactly, with its line
// breaks and outer spaces: Markdown written in bob and exported.
var longText = map[string]bool{
	"entitlements": true, "expansion": true, "goals": true, "use_cases": true, "challenges": true,
	"projects": true, "tech_stack": true, "relationship_history": true, "customer_context": true,
	"internal_context": true, "unwritten_knowledge": true, "notes": true, "health_reason": true,
}

func valuesOf(cols []Column, fields []string) rowValues {
	rv := rowValues{fields: map[string]string{}, header: map[string]string{}, custom: map[string]string{}}
	for _, c := range cols {
		if c.Skipped || c.Index >= len(fields) {
			continue
		}
		raw := fields[c.Index]
		val := strings.TrimSpace(raw)
		if val == "" {
			continue
		}
		if c.Field == "" {
			rv.custom[c.Header] = val
			continue
		}
		if longText[c.Field] {
			val = strings.ReplaceAll(raw, "\r\n", "\n")
		}
		rv.fields[c.Field] = val
		rv.header[c.Field] = c.Header
	}
	return rv
}

// keep moves a value that does not fit its field into the custom fields,
// so that nothing from the file is lost, and says so.
func (rv rowValues) keep(field, why string, warn func(string)) {
	h := rv.header[field]
	rv.custom[h] = rv.fields[field]
	warn(fmt.Sprintf("%s %q %s; kept as custom field %q", h, rv.fields[field], why, h))
}

// enum matches a value to one of allowed, ignoring case, '-' and '_',
// and a few synonyms exports use.
func enum[T ~string](s string, allowed []T, synonyms map[string]T) (T, bool) {
	k := strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == '-' || r == '_' }), " ")
	for _, a := range allowed {
		if string(a) == k {
			return a, true
		}
	}
	if v, ok := synonyms[k]; ok {
		return v, true
	}
	return "", false
}

var healthSynonyms = map[string]model.Health{
	"amber": model.HealthYellow, "orange": model.HealthYellow, "grün": model.HealthGreen, "gelb": model.HealthYellow,
	"rot": model.HealthRed, "vert": model.HealthGreen, "jaune": model.HealthYellow, "rouge": model.HealthRed,
	"verde": model.HealthGreen, "amarillo": model.HealthYellow, "rojo": model.HealthRed, "good": model.HealthGreen,
	"healthy": model.HealthGreen, "at risk": model.HealthRed, "poor": model.HealthRed, "fair": model.HealthYellow,
}

var stageSynonyms = map[string]model.Stage{
	"value realization": model.StageValue, "value": model.StageValue, "implementation": model.StageOnboarding,
	"launch": model.StageOnboarding, "risk": model.StageAtRisk, "churn": model.StageChurned, "churned customer": model.StageChurned,
	"growth": model.StageExpansion, "expand": model.StageExpansion, "adopt": model.StageAdoption, "renew": model.StageRenewal,
}

var roleSynonyms = map[string]model.Role{
	"sponsor": model.RoleSponsor, "exec sponsor": model.RoleSponsor, "economic buyer": model.RoleEconomicBuyer,
	"buyer": model.RoleEconomicBuyer, "blocker": model.RoleDetractor, "user": model.RoleEndUser,
	"admin": model.RoleTechnicalOwner, "technical contact": model.RoleTechnicalOwner, "decision-maker": model.RoleDecisionMaker,
}

// bareDomain turns "https://www.example.com/about" into "www.example.com".
func bareDomain(s string) string {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "://") {
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			return strings.ToLower(u.Hostname())
		}
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	return strings.ToLower(s)
}

// matchDomain compares domains as the same site: without "www.".
func matchDomain(d string) string { return strings.TrimPrefix(strings.ToLower(d), "www.") }

// splitList splits "a, b; c" into its items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// tagOf makes a tag of a label: one word, spaces become dashes.
func tagOf(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), "-") }

// parser holds what every row's values are read with.
type parser struct {
	currency string
	order    DateOrder
}

// applyAccount sets the row's values on a (an existing account or a new
// one): only fields with a value change, so a blank cell never erases
// what the book knows.
func (p parser) applyAccount(a *model.Account, rv rowValues, warn func(string)) error {
	f := rv.fields
	set := func(field string, dst *string) {
		if v, ok := f[field]; ok {
			*dst = v
		}
	}
	set("name", &a.Name)
	if v, ok := f["domain"]; ok {
		a.Domain = bareDomain(v)
	}
	set("segment", &a.Segment)
	set("owner", &a.Owner)
	for _, x := range []struct {
		field string
		dst   *string
	}{{"health_reason", &a.HealthReason}, {"entitlements", &a.Entitlements}, {"expansion", &a.Expansion},
		{"goals", &a.Goals}, {"use_cases", &a.UseCases}, {"challenges", &a.Challenges}, {"projects", &a.Projects},
		{"tech_stack", &a.TechStack}, {"relationship_history", &a.RelationshipHistory},
		{"customer_context", &a.CustomerContext}, {"internal_context", &a.InternalContext},
		{"unwritten_knowledge", &a.UnwrittenKnowledge}} {
		set(x.field, x.dst)
	}
	if v, ok := f["tags"]; ok {
		a.Tags = nil
		for _, t := range splitList(v) {
			a.Tags = append(a.Tags, tagOf(t))
		}
	}
	if v, ok := f["products"]; ok {
		a.Products = splitList(v)
	}
	if v, ok := f["stage"]; ok {
		if s, ok := enum(v, model.Stages, stageSynonyms); ok {
			a.Stage = s
		} else {
			rv.keep("stage", "is not a bob lifecycle stage", warn)
		}
	}
	for _, field := range []string{"health", "health_score"} {
		v, ok := f[field]
		if !ok {
			continue
		}
		if h, ok := enum(v, model.Healths, healthSynonyms); ok {
			a.Health = h
		} else if n, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64); err == nil && n >= 0 && n <= 100 {
			a.HealthScore = int(n + 0.5)
		} else {
			rv.keep(field, "is neither a health (green, yellow, red) nor a score from 0 to 100", warn)
		}
	}
	if v, ok := f["decision_rhythm"]; ok {
		if r, ok := enum(v, model.DecisionRhythms, nil); ok {
			a.DecisionRhythm = r
		} else {
			rv.keep("decision_rhythm", "is not fast, cautious or needs convincing", warn)
		}
	}
	if v, ok := f["fiscal_year_start"]; ok {
		if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= 12 {
			a.FiscalYearStart = n
		} else if m, ok := months[strings.ToLower(strings.TrimSuffix(v, "."))]; ok {
			a.FiscalYearStart = int(m)
		} else {
			return fmt.Errorf("%s: %q is not a month", rv.header["fiscal_year_start"], v)
		}
	}
	cur := p.currency
	if v, ok := f["currency"]; ok {
		cur = strings.ToUpper(v)
	}
	if v, ok := f["arr"]; ok {
		m, err := ParseAmount(v, cur)
		if err != nil {
			return fmt.Errorf("%s: %w", rv.header["arr"], err)
		}
		a.ARR = m
	}
	for _, d := range []struct {
		field string
		dst   *model.Date
	}{{"contract_start", &a.ContractStart}, {"renewal", &a.Renewal}} {
		if v, ok := f[d.field]; ok {
			day, err := ParseDate(v, p.order)
			if err != nil {
				return fmt.Errorf("%s: %w", rv.header[d.field], err)
			}
			*d.dst = day
		}
	}
	if v, ok := f["id"]; ok && !model.ValidID(v) {
		rv.custom[rv.header["id"]] = v
	}
	a.Custom = mergeCustom(a.Custom, rv.custom)
	return nil
}

// applyPerson sets the row's values on a person; like applyAccount, a
// blank cell changes nothing. The account and the manager are resolved
// by the plan.
func (p parser) applyPerson(x *model.Person, rv rowValues, warn func(string)) {
	f := rv.fields
	if v, ok := f["name"]; ok {
		x.Name = v
	} else if first, last := f["first_name"], f["last_name"]; first != "" || last != "" {
		x.Name = strings.TrimSpace(first + " " + last)
	}
	for _, s := range []struct {
		field string
		dst   *string
	}{{"title", &x.Title}, {"email", &x.Email}, {"phone", &x.Phone}, {"department", &x.Department}, {"notes", &x.Notes}} {
		if v, ok := f[s.field]; ok {
			*s.dst = v
		}
	}
	if v, ok := f["roles"]; ok {
		var roles []model.Role
		var unknown []string
		for _, r := range splitList(v) {
			if role, ok := enum(r, model.Roles, roleSynonyms); ok {
				roles = append(roles, role)
			} else {
				unknown = append(unknown, r)
			}
		}
		if len(unknown) > 0 {
			rv.keep("roles", "names no bob stakeholder role", warn)
		} else {
			x.Roles = roles
		}
	}
	if v, ok := f["influence"]; ok {
		if l, ok := enum(v, model.Levels, nil); ok {
			x.Influence = l
		} else {
			rv.keep("influence", "is not low, medium or high", warn)
		}
	}
	if v, ok := f["sentiment"]; ok {
		if s, ok := enum(v, model.Sentiments, nil); ok {
			x.Sentiment = s
		} else {
			rv.keep("sentiment", "is not positive, neutral or negative", warn)
		}
	}
	if v, ok := f["power"]; ok {
		if s, ok := enum(v, model.Powers, nil); ok {
			x.Power = s
		} else {
			rv.keep("power", "is not formal, informal or both", warn)
		}
	}
	if v, ok := f["adkar"]; ok {
		if s, ok := enum(v, model.ADKARStages, nil); ok {
			x.ADKAR = s
		} else {
			rv.keep("adkar", "is not an ADKAR stage", warn)
		}
	}
	if v, ok := f["status"]; ok {
		st, ok := enum(v, model.PersonStatuses, map[string]model.PersonStatus{"inactive": model.PersonLeft, "former": model.PersonLeft})
		if ok {
			x.Status = st
		} else {
			rv.keep("status", "is not active or left", warn)
		}
	}
	if v, ok := f["id"]; ok && !model.ValidID(v) {
		rv.custom[rv.header["id"]] = v
	}
	if v, ok := f["account_id"]; ok && !model.ValidID(v) {
		rv.custom[rv.header["account_id"]] = v
	}
}

func mergeCustom(have, add map[string]string) map[string]string {
	if len(add) == 0 {
		return have
	}
	out := make(map[string]string, len(have)+len(add))
	for k, v := range have {
		out[k] = v
	}
	for k, v := range add {
		out[k] = v
	}
	return out
}
