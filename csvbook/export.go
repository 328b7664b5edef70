package csvbook

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"bob/model"
)

// Export writes the book's accounts or people as UTF-8 CSV with a header
// row: every field bob has, then one column per custom field. People come
// with their account's name and their manager's name. Importing the file
// with Update changes nothing.
func Export(w io.Writer, book Book, k Kind) error {
	sums, err := book.Summaries()
	if err != nil {
		return fmt.Errorf("read the book: %w", err)
	}
	sort.SliceStable(sums, func(i, j int) bool { return sums[i].ID < sums[j].ID })
	var header []string
	for _, f := range Fields(k) {
		header = append(header, f.Header)
	}
	var rows [][]string
	customKeys := map[string]bool{}
	var customs []map[string]string
	for _, s := range sums {
		a, err := book.Account(s.ID)
		if err != nil {
			return fmt.Errorf("read account %s: %w", s.ID, err)
		}
		if k == Accounts {
			rows = append(rows, accountRow(a))
			customs = append(customs, a.Custom)
			continue
		}
		people, err := book.People(a.ID)
		if err != nil {
			return fmt.Errorf("read the people of %s: %w", a.Name, err)
		}
		names := map[string]string{}
		for _, p := range people {
			names[p.ID] = p.Name
		}
		for _, p := range people {
			rows = append(rows, personRow(a, p, names[p.ReportsTo]))
			customs = append(customs, p.Custom)
		}
	}
	for _, c := range customs {
		for key := range c {
			customKeys[key] = true
		}
	}
	keys := make([]string, 0, len(customKeys))
	for key := range customKeys {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	cw := csv.NewWriter(w)
	if err := writeText(cw, append(header, keys...)); err != nil {
		return err
	}
	for i, r := range rows {
		for _, key := range keys {
			r = append(r, customs[i][key])
		}
		if err := writeText(cw, r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func itoa0(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// accountRow follows accountFields' order.
func accountRow(a model.Account) []string {
	return []string{
		a.ID, a.Name, a.Domain, a.Segment, strings.Join(a.Tags, ", "), a.Owner, string(a.Stage),
		string(a.Health), a.HealthReason, itoa0(a.HealthScore), FormatAmount(a.ARR), a.ARR.Currency,
		a.ContractStart.String(), a.Renewal.String(), itoa0(a.FiscalYearStart), a.Entitlements, a.Expansion,
		a.Goals, strings.Join(a.Products, ", "), a.UseCases, a.Challenges, a.Projects, a.TechStack,
		string(a.DecisionRhythm), a.RelationshipHistory, a.CustomerContext, a.InternalContext, a.UnwrittenKnowledge,
	}
}

// personRow follows personFields' order; first and last names stay empty
// because the name is whole.
func personRow(a model.Account, p model.Person, manager string) []string {
	return []string{
		p.ID, a.ID, a.Name, p.Name, "", "", p.Title, p.Email, p.Phone, p.Department, manager, strings.Join(p.RoleNames(), ", "),
		string(p.Influence), string(p.Sentiment), string(p.Power), string(p.ADKAR), string(p.Status), p.Notes,
	}
}
