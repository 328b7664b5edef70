package csvbook

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Kind is what a file holds: accounts or people.
type Kind string

// The kinds of file.
const (
	Accounts Kind = "accounts"
	People   Kind = "people"
)

// ParseKind reads "accounts" or "people" (also "contacts").
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "accounts", "account", "companies":
		return Accounts, nil
	case "people", "person", "contacts", "stakeholders":
		return People, nil
	}
	return "", fmt.Errorf("%q: say accounts or people", s)
}

// Field is one of bob's fields a column can fill.
type Field struct {
	// Name is how --map and messages name the field, e.g. "renewal".
	Name string
	// Header is the column header export-csv writes for it.
	Header string
	// aliases are headers real exports use, in English, German, French
	// and Spanish; matched after normalising (see normHeader).
	aliases []string
}

// accountFields are the account fields in export order.
var accountFields = []Field{
	{"id", "ID", []string{"id", "bob id", "account id", "record id", "company id", "account record id"}},
	{"name", "Name", []string{"account name", "name", "company name", "company", "account", "customer", "customer name",
		"organization", "organisation", "organization name", "firmenname", "firma", "kontoname", "unternehmen", "unternehmensname", "kunde",
		"nom du compte", "nom de l'entreprise", "nom de la société", "nom", "société", "entreprise", "client", "nom du client",
		"nombre de la cuenta", "nombre de la empresa", "nombre", "empresa", "cuenta", "cliente", "nombre del cliente"}},
	{"domain", "Domain", []string{"domain", "website", "website url", "company domain name", "web site", "url", "web",
		"domäne", "webseite", "internetseite", "site web", "site internet", "domaine", "sitio web", "dominio", "página web"}},
	{"segment", "Segment", []string{"segment", "industry", "tier", "customer tier", "branche", "segmento", "secteur",
		"secteur d'activité", "industrie", "sector", "industria"}},
	{"tags", "Tags", []string{"tags", "labels", "schlagwörter", "schlagworte", "étiquettes", "etiquetas"}},
	{"owner", "Owner", []string{"owner", "account owner", "csm", "company owner", "customer success manager", "csm name",
		"account manager", "kundenbetreuer", "kontoinhaber", "accountinhaber", "verantwortlicher", "betreuer",
		"propriétaire du compte", "propriétaire", "responsable du compte", "propietario de la cuenta", "propietario",
		"responsable de la cuenta"}},
	{"stage", "Stage", []string{"stage", "lifecycle stage", "lifecycle", "customer stage", "phase", "lebenszyklusphase",
		"étape", "étape du cycle de vie", "etapa", "etapa del ciclo de vida", "fase"}},
	{"health", "Health", []string{"health", "health status", "account health", "gesundheit", "santé", "salud"}},
	{"health_reason", "Health Reason", []string{"health reason", "health comment", "health notes", "health details"}},
	{"health_score", "Health Score", []string{"health score", "overall score", "score", "gesundheitsbewertung", "score de santé", "puntuación de salud"}},
	{"arr", "ARR", []string{"arr", "annual revenue", "annual recurring revenue", "contract value", "annual contract value", "acv",
		"current arr", "jahresumsatz", "vertragswert", "jährlicher wiederkehrender umsatz", "chiffre d'affaires annuel",
		"valeur du contrat", "revenu annuel", "revenu récurrent annuel", "ingresos anuales", "valor del contrato",
		"ingresos recurrentes anuales", "facturación anual"}},
	{"currency", "Currency", []string{"currency", "currency iso code", "annual revenue currency", "arr currency", "währung",
		"devise", "monnaie", "moneda", "divisa"}},
	{"contract_start", "Contract Start", []string{"contract start", "contract start date", "start date", "customer since",
		"vertragsbeginn", "vertragsstart", "kunde seit", "début du contrat", "date de début du contrat", "client depuis",
		"inicio del contrato", "fecha de inicio del contrato", "cliente desde"}},
	{"renewal", "Renewal", []string{"renewal", "renewal date", "contract end", "contract end date", "next renewal date",
		"renewal due", "verlängerung", "verlängerungsdatum", "vertragsende", "erneuerungsdatum", "renouvellement",
		"date de renouvellement", "fin du contrat", "date de fin du contrat", "renovación", "fecha de renovación",
		"fin del contrato", "fecha de fin del contrato"}},
	{"fiscal_year_start", "Fiscal Year Start", []string{"fiscal year start", "fiscal year start month", "geschäftsjahresbeginn", "début de l'exercice", "inicio del año fiscal"}},
	{"entitlements", "Entitlements", []string{"entitlements", "licenses", "seats"}},
	{"expansion", "Expansion", []string{"expansion", "expansion opportunities", "upsell"}},
	{"goals", "Goals", []string{"goals", "objectives", "success criteria", "ziele", "objectifs", "objetivos"}},
	{"products", "Products", []string{"products", "product", "produkte", "produits", "productos"}},
	{"use_cases", "Use Cases", []string{"use cases", "use case"}},
	{"challenges", "Challenges", []string{"challenges", "issues", "herausforderungen", "défis", "desafíos"}},
	{"projects", "Projects", []string{"projects", "projekte", "projets", "proyectos"}},
	{"tech_stack", "Tech Stack", []string{"tech stack", "technology stack", "technologies"}},
	{"decision_rhythm", "Decision Rhythm", []string{"decision rhythm", "decision speed"}},
	{"relationship_history", "Relationship History", []string{"relationship history", "history"}},
	{"customer_context", "Customer Context", []string{"customer context", "description", "account description",
		"beschreibung", "description du compte", "descripción"}},
	{"internal_context", "Internal Context", []string{"internal context", "internal notes"}},
	{"unwritten_knowledge", "Unwritten Knowledge", []string{"unwritten knowledge"}},
}

// personFields are the person fields in export order.
var personFields = []Field{
	{"id", "ID", []string{"id", "bob id", "contact id", "person id", "record id", "kontakt id", "id du contact", "id de contacto"}},
	{"account_id", "Account ID", []string{"account id", "company id", "associated company id"}},
	{"account", "Account", []string{"account", "account name", "company", "company name", "associated company", "organization",
		"organisation", "customer", "firma", "firmenname", "unternehmen", "kontoname", "kunde", "société", "entreprise",
		"nom du compte", "nom de l'entreprise", "client", "empresa", "cuenta", "nombre de la empresa", "nombre de la cuenta", "cliente"}},
	{"name", "Name", []string{"name", "full name", "contact name", "contact", "person", "vollständiger name", "nom complet", "nombre completo"}},
	{"first_name", "First Name", []string{"first name", "firstname", "given name", "vorname", "prénom", "nombre"}},
	{"last_name", "Last Name", []string{"last name", "lastname", "surname", "family name", "nachname", "familienname", "nom",
		"nom de famille", "apellido", "apellidos"}},
	{"title", "Title", []string{"title", "job title", "position", "job", "titel", "berufsbezeichnung", "stellenbezeichnung",
		"titre", "poste", "fonction", "intitulé du poste", "cargo", "puesto", "título"}},
	{"email", "Email", []string{"email", "e-mail", "email address", "e-mail address", "work email", "mail", "e-mail-adresse",
		"courriel", "adresse e-mail", "adresse email", "correo", "correo electrónico"}},
	{"phone", "Phone", []string{"phone", "phone number", "business phone", "work phone", "mobile", "mobile phone", "telephone",
		"telefon", "telefonnummer", "mobiltelefon", "handy", "téléphone", "portable", "teléfono", "móvil", "celular"}},
	{"department", "Department", []string{"department", "team", "division", "abteilung", "bereich", "département", "service", "departamento", "área"}},
	{"reports_to", "Reports To", []string{"reports to", "manager", "reports to name", "reports to email", "line manager",
		"manager email", "berichtet an", "vorgesetzter", "vorgesetzte", "führungskraft", "rend compte à", "responsable",
		"supérieur hiérarchique", "manager direct", "informa a", "jefe", "jefe directo", "responsable directo", "superior"}},
	{"roles", "Roles", []string{"roles", "role", "stakeholder role", "persona", "rolle", "rollen", "rôle", "rôles", "rol", "roles del contacto"}},
	{"influence", "Influence", []string{"influence", "einfluss", "influencia"}},
	{"sentiment", "Sentiment", []string{"sentiment", "stimmung", "sentimiento"}},
	{"power", "Power", []string{"power", "decision power"}},
	{"adkar", "ADKAR", []string{"adkar", "adkar barrier"}},
	{"status", "Status", []string{"status", "contact status", "statut", "estado"}},
	{"notes", "Notes", []string{"notes", "note", "description", "notizen", "bemerkungen", "beschreibung", "remarques", "notas", "descripción"}},
}

// Fields returns the fields a file of kind k can fill, in export order.
func Fields(k Kind) []Field {
	if k == People {
		return personFields
	}
	return accountFields
}

// normHeader makes headers comparable: lower case, accents and
// punctuation dropped, so "E-Mail" matches "email" and "Société" "societe".
func normHeader(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Column says what becomes of one column of the file.
type Column struct {
	Index  int
	Header string
	// Field is the bob field the column fills; "" keeps it as a custom
	// field named after the header.
	Field string
	// Skipped is set when the user chose to leave the column out.
	Skipped bool
	// ByUser is set when --map chose the field.
	ByUser bool
	// Why explains a column that is not mapped the usual way.
	Why string
}

// CustomField is what --map names to keep a column as a custom field;
// SkipField leaves it out on purpose.
const (
	CustomField = "custom"
	SkipField   = "skip"
)

// ParseMapping reads --map "Column Name=field" values.
func ParseMapping(values []string) (map[string]string, error) {
	out := map[string]string{}
	for _, v := range values {
		col, field, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(col) == "" {
			return nil, fmt.Errorf("--map %q: write it as \"Column Name=field\"", v)
		}
		out[strings.TrimSpace(col)] = strings.TrimSpace(field)
	}
	return out, nil
}

// MapColumns decides, for each header, the field it fills. Overrides
// (column header to field name, from --map) win over the automatic
// mapping. A column whose field another column already fills, and a
// column nobody recognises, is kept as a custom field. An override that
// names a missing column or an unknown field is an error that lists the
// choices.
func MapColumns(k Kind, header []string, overrides map[string]string) ([]Column, error) {
	fields := Fields(k)
	byAlias := map[string]string{}
	known := map[string]bool{CustomField: true, SkipField: true, "-": true}
	for _, f := range fields {
		known[f.Name] = true
		for _, a := range append([]string{f.Name, f.Header}, f.aliases...) {
			if _, taken := byAlias[normHeader(a)]; !taken {
				byAlias[normHeader(a)] = f.Name
			}
		}
	}
	cols := make([]Column, len(header))
	used := map[string]bool{}
	matched := map[string]bool{}
	for col, field := range overrides {
		if !known[field] {
			return nil, fmt.Errorf("--map %q: %q is not a field of %s; the fields are %s (or custom, skip)", col+"="+field, field, k, fieldNames(fields))
		}
		found := false
		for i, h := range header {
			if normHeader(h) == normHeader(col) {
				found, matched[col] = true, true
				c := Column{Index: i, Header: h, ByUser: true}
				switch field {
				case SkipField, "-":
					c.Skipped = true
				case CustomField:
				default:
					c.Field = field
					used[field] = true
				}
				cols[i] = c
			}
		}
		if !found {
			return nil, fmt.Errorf("--map %q: the file has no column %q; its columns are %s", col+"="+field, col, quoteAll(header))
		}
	}
	for i, h := range header {
		if cols[i].ByUser {
			continue
		}
		c := Column{Index: i, Header: h}
		if f, ok := byAlias[normHeader(h)]; ok {
			if used[f] {
				c.Why = "another column fills " + f
			} else {
				c.Field = f
				used[f] = true
			}
		}
		if h == "" {
			c.Header = fmt.Sprintf("Column %d", i+1)
		}
		cols[i] = c
	}
	return cols, nil
}

func fieldNames(fs []Field) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	sort.Strings(q)
	return strings.Join(q, ", ")
}
