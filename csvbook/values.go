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

// setText sets dst to the field's value, if the row has one.
func (rv rowValues) setText(field string, dst *string) {
	if v, ok := rv.fields[field]; ok {
		*dst = v
	}
}

// setEnum sets dst to the field's value when it names one of allowed (or
// a synonym); any other value is kept as a custom field, saying why.
func setEnum[T ~string](rv rowValues, field string, dst *T, allowed []T, synonyms map[string]T, why string, warn func(string)) {
	v, ok := rv.fields[field]
	if !ok {
		return
	}
	if e, ok := enum(v, allowed, synonyms); ok {
		*dst = e
	} else {
		rv.keep(field, why, warn)
	}
}

// keepBadID keeps the value of an ID column that is not a bob ID as a
// custom field: it cannot be used, and nothing from the file is lost.
func (rv rowValues) keepBadID(field string) {
	if v, ok := rv.fields[field]; ok && !model.ValidID(v) {
		rv.custom[rv.header[field]] = v
	}
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
	rv.setText("name", &a.Name)
	if v, ok := f["domain"]; ok {
		a.Domain = bareDomain(v)
	}
	rv.setText("segment", &a.Segment)
	rv.setText("owner", &a.Owner)
	for _, x := range []struct {
		field string
		dst   *string
	}{{"health_reason", &a.HealthReason}, {"entitlements", &a.Entitlements}, {"expansion", &a.Expansion},
		{"goals", &a.Goals}, {"use_cases", &a.UseCases}, {"challenges", &a.Challenges}, {"projects", &a.Projects},
		{"tech_stack", &a.TechStack}, {"relationship_history", &a.RelationshipHistory},
		{"customer_context", &a.CustomerContext}, {"internal_context", &a.InternalContext},
		{"unwritten_knowledge", &a.UnwrittenKnowledge}} {
		rv.setText(x.field, x.dst)
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
	setEnum(rv, "stage", &a.Stage, model.Stages, stageSynonyms, "is not a bob lifecycle stage", warn)
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
	setEnum(rv, "decision_rhythm", &a.DecisionRhythm, model.DecisionRhythms, nil, "is not fast, cautious or needs convincing", warn)
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
	rv.keepBadID("id")
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
		rv.setText(s.field, s.dst)
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
	setEnum(rv, "influence", &x.Influence, model.Levels, nil, "is not low, medium or high", warn)
	setEnum(rv, "sentiment", &x.Sentiment, model.Sentiments, nil, "is not positive, neutral or negative", warn)
	setEnum(rv, "power", &x.Power, model.Powers, nil, "is not formal, informal or both", warn)
	setEnum(rv, "adkar", &x.ADKAR, model.ADKARStages, nil, "is not an ADKAR stage", warn)
	setEnum(rv, "status", &x.Status, model.PersonStatuses, statusSynonyms, "is not active or left", warn)
	rv.keepBadID("id")
	rv.keepBadID("account_id")
}

var statusSynonyms = map[string]model.PersonStatus{"inactive": model.PersonLeft, "former": model.PersonLeft}

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
