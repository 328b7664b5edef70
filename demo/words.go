package demo

// The word and phrase lists the demo is built from. Templates may hold
// placeholders that fill expands:
//
//	{c} company   {p} product         {q} another product  {f} a person's first name
//	{t} team      {x} a tool of their stack                {k} a rival or legacy tool
//	{m} a month   {n} a digit 2-9     {o} the owning CSM's first name  {s} a city or site
//
// Every phrase is short on purpose: a 10,000-account book has a million
// timeline entries, and the demo must stay a reasonable size on disk.

// industry is a customer's line of business, with what goes with it.
type industry struct {
	name    string   // also used as a tag, so one word
	tails   []string // company-name endings that imply the industry
	teams   []string // departments that use the product
	context []string // customer-context lines
}

var industries = []industry{
	{
		name:  "healthcare",
		tails: []string{"Health", "Care", "Medical", "Clinics", "Diagnostics", "Therapeutics", "Biosciences"},
		teams: []string{"Clinical Operations", "Revenue Cycle", "Patient Access", "Quality & Safety", "Pharmacy"},
		context: []string{
			"Regional provider network with {n} hospitals and a growing telehealth arm.",
			"Heavily regulated: every change goes through a HIPAA and security review.",
			"Clinicians have little patience for training; value must show in the first week.",
			"Merged with a smaller network last year; two IT teams are still being combined.",
		},
	},
	{
		name:  "logistics",
		tails: []string{"Logistics", "Freight", "Shipping", "Transport", "Cargo", "Fleet"},
		teams: []string{"Dispatch", "Warehouse Operations", "Carrier Management", "Customer Service", "Network Planning"},
		context: []string{
			"Runs {n}0 depots; peak season (Oct-Dec) freezes all changes.",
			"Thin margins: every project must show cost per shipment going down.",
			"Operations teams work in shifts, so training happens in 20-minute blocks.",
			"Expanding cross-border routes; new sites open almost every quarter.",
		},
	},
	{
		name:  "finance",
		tails: []string{"Capital", "Financial", "Bank", "Credit", "Payments", "Wealth"},
		teams: []string{"Risk & Compliance", "Operations", "Client Onboarding", "Treasury", "Lending"},
		context: []string{
			"Mid-size lender under regulator scrutiny after a recent audit.",
			"Vendor risk reviews take 6-8 weeks and block any new module.",
			"Board wants a cost-to-income ratio below 50% within two years.",
			"Digital transformation programme led by a new COO hired from a fintech.",
		},
	},
	{
		name:  "insurance",
		tails: []string{"Insurance", "Mutual", "Assurance", "Underwriters"},
		teams: []string{"Claims", "Underwriting", "Broker Relations", "Policy Administration", "Fraud Analytics"},
		context: []string{
			"Specialty insurer moving claims handling off a 20-year-old core system.",
			"Claims volumes spike after storms; the product must scale without notice.",
			"Distributes mostly through brokers, who must see the value too.",
		},
	},
	{
		name:  "manufacturing",
		tails: []string{"Manufacturing", "Industries", "Machinery", "Components", "Materials", "Fabrication"},
		teams: []string{"Plant Operations", "Supply Chain", "Quality Engineering", "Maintenance", "Procurement"},
		context: []string{
			"Family-owned manufacturer with {n} plants; decisions go through the founder's son.",
			"Shop-floor staff share terminals; seat counts are a constant debate.",
			"Standardising processes across plants after two acquisitions.",
			"Sustainability reporting is becoming mandatory for their largest buyers.",
		},
	},
	{
		name:  "retail",
		tails: []string{"Retail", "Stores", "Outfitters", "Goods", "Market", "Brands"},
		teams: []string{"Merchandising", "Store Operations", "E-commerce", "Customer Care", "Loyalty"},
		context: []string{
			"Omnichannel retailer with {n}0 stores and a fast-growing online share.",
			"No changes between Black Friday and the January sales.",
			"Store managers have high turnover; onboarding must be self-serve.",
		},
	},
	{
		name:  "software",
		tails: []string{"Software", "Labs", "Cloud", "Digital", "Analytics", "Data"},
		teams: []string{"Engineering", "Customer Support", "Product", "Revenue Operations", "Platform"},
		context: []string{
			"Series C SaaS company growing fast; headcount doubled last year.",
			"Engineering-led culture: they want APIs and docs, not slides.",
			"Moves fast but changes priorities every quarter.",
			"Recently raised prices themselves and are scrutinising every vendor.",
		},
	},
	{
		name:  "education",
		tails: []string{"Learning", "Academy", "Education", "University", "Schools"},
		teams: []string{"Student Services", "Admissions", "Faculty Support", "IT Services", "Advancement"},
		context: []string{
			"Budget follows the academic year; purchases land in June or not at all.",
			"Faculty adoption is voluntary, so champions matter more than mandates.",
			"Runs {n} campuses with separate IT teams that rarely agree.",
		},
	},
	{
		name:  "energy",
		tails: []string{"Energy", "Power", "Utilities", "Renewables", "Grid", "Solar"},
		teams: []string{"Field Services", "Asset Management", "Grid Operations", "Customer Billing", "HSE"},
		context: []string{
			"Utility in the middle of a grid modernisation programme.",
			"Field crews work offline for days; sync reliability is non-negotiable.",
			"Safety culture: every workflow change needs an HSE sign-off.",
		},
	},
	{
		name:  "media",
		tails: []string{"Media", "Studios", "Publishing", "Entertainment", "Broadcasting"},
		teams: []string{"Editorial", "Ad Operations", "Audience Development", "Production", "Rights Management"},
		context: []string{
			"Publisher shifting from ad revenue to subscriptions.",
			"Deadlines drive everything; nothing gets attention during big news events.",
			"Creative teams resist process; adoption needs a light touch.",
		},
	},
	{
		name:  "public-sector",
		tails: []string{"Council", "Authority", "Agency", "Services"},
		teams: []string{"Citizen Services", "Planning", "Procurement", "Digital Services", "Finance"},
		context: []string{
			"Procurement runs through a public framework; renewals need a formal tender check.",
			"Political cycle matters: priorities can change after the next election.",
			"Accessibility and data residency are hard requirements.",
		},
	},
	{
		name:  "hospitality",
		tails: []string{"Hotels", "Resorts", "Hospitality", "Travel", "Dining"},
		teams: []string{"Guest Experience", "Revenue Management", "Property Operations", "Reservations", "Food & Beverage"},
		context: []string{
			"Hotel group with {n}0 properties, half of them franchised.",
			"Seasonal staff each summer; training has to be repeated every year.",
			"Recovered strongly after the downturn and is investing again.",
		},
	},
}

// genericTails end a company name without saying what it does.
var genericTails = []string{"Group", "Systems", "Partners", "Works", "Holdings", "Solutions", "Technologies", "Company", "Collective", "Networks"}

// nameRoots start a company name.
var nameRoots = []string{
	"Northwind", "Bluepeak", "Ironbridge", "Silverline", "Redwood", "Brightwater", "Clearpath", "Summit",
	"Harbor", "Evergreen", "Granite", "Lakeshore", "Meridian", "Oakridge", "Pinecrest", "Riverbend",
	"Stonegate", "Westfield", "Copperleaf", "Falcon", "Keystone", "Lighthouse", "Maplewood", "Northstar",
	"Orchard", "Pioneer", "Quarry", "Ridgeline", "Sandstone", "Tidewater", "Upland", "Vantage",
	"Willow", "Yellowstone", "Zenith", "Amberfield", "Bayside", "Cedarbrook", "Driftwood", "Eastgate",
	"Foxglove", "Goldcrest", "Highland", "Ivywood", "Juniper", "Kingsbridge", "Larkspur", "Moorland",
	"Newhaven", "Oxbow", "Parkside", "Quillon", "Rosewood", "Saltmarsh", "Thornbury", "Ursa",
	"Valemont", "Whitecliff", "Yarrow", "Alderbrook", "Bellwether", "Cobalt", "Dunmore", "Elmstead",
	"Fairhaven", "Glenmore", "Hawthorn", "Ironwood", "Kestrel", "Longview", "Mistral", "Nettlefield",
	"Oakmont", "Prism", "Quayside", "Raven", "Solstice", "Trillium", "Umber", "Verdant",
	"Westbrook", "Aurora", "Brambleton", "Cinder", "Deltamoor", "Emberly", "Fernhill", "Graystone",
	"Halcyon", "Indigo", "Jasper", "Kinfolk", "Lumen", "Marigold", "Nimbus", "Onyx",
	"Pebble", "Quartz", "Rookery", "Sable", "Tamarack", "Uplift", "Vireo", "Wren",
	"Apex", "Birchwood", "Crescent", "Dovetail", "Elm", "Foundry", "Galena", "Heron",
	"Inlet", "Juno", "Kiln", "Linden", "Monarch", "Northgate", "Obsidian", "Paragon",
	"Rampart", "Sextant", "Tundra", "Vertex", "Windward", "Zephyr", "Brightside", "Coral",
	"Ashford", "Castlerock", "Dawnridge", "Eastwind", "Fieldstone", "Greenleaf", "Hollowell", "Ironleaf",
	"Kingfisher", "Lodestar", "Millbrook", "Northfield", "Oldcastle", "Pinehurst", "Redcliff", "Silverbirch",
	"Thistle", "Wolfstone", "Ashgrove", "Bramblewood",
}

// qualifiers tell apart two companies of the same name once every name has
// been used (books larger than the name space).
var qualifiers = []string{"International", "Europe", "Americas", "Global", "Pacific", "Holdings", "Ventures", "Nordic"}

// region is where a customer is based: its currency, web domains, phone
// numbers and sites.
type region struct {
	name     string
	weight   int
	currency string
	tlds     []string
	phone    string // prefix of fictional numbers; "" means no phones
	digits   int    // random digits after the prefix
	cities   []string
}

var regions = []region{
	{name: "na", weight: 66, currency: "USD", tlds: []string{".com", ".com", ".com", ".io", ".co"}, phone: "+1 555 01", digits: 2,
		cities: []string{"Chicago", "Austin", "Denver", "Atlanta", "Boston", "Toronto", "Seattle", "Phoenix", "Columbus", "Raleigh"}},
	{name: "uk", weight: 11, currency: "GBP", tlds: []string{".co.uk", ".co.uk", ".com"}, phone: "+44 20 7946 0", digits: 3,
		cities: []string{"London", "Manchester", "Leeds", "Bristol", "Edinburgh", "Birmingham", "Glasgow"}},
	{name: "emea", weight: 15, currency: "EUR", tlds: []string{".de", ".nl", ".fr", ".eu", ".com", ".ie"}, phone: "", digits: 0,
		cities: []string{"Berlin", "Munich", "Amsterdam", "Paris", "Dublin", "Madrid", "Milan", "Lyon"}},
	{name: "apac", weight: 8, currency: "USD", tlds: []string{".com", ".com.au", ".sg"}, phone: "+61 2 5550 ", digits: 4,
		cities: []string{"Sydney", "Singapore", "Melbourne", "Auckland", "Brisbane"}},
}

// firstNames and lastNames are mixed across cultures; all ASCII so that
// email addresses can be derived from them directly.
var firstNames = []string{
	"Aisha", "Alejandro", "Amara", "Andrei", "Anika", "Ben", "Bianca", "Carlos", "Chen", "Chloe",
	"Daniel", "Deepa", "Diego", "Elena", "Emeka", "Emma", "Fatima", "Felix", "Grace", "Hannah",
	"Hiroshi", "Ibrahim", "Ines", "Isabel", "Jamal", "James", "Javier", "Jin", "Julia", "Kai",
	"Kavya", "Kenji", "Kwame", "Laila", "Lars", "Leah", "Lucas", "Maya", "Mei", "Michael",
	"Mohammed", "Nadia", "Nia", "Noah", "Olga", "Omar", "Paul", "Priya", "Rafael", "Rahul",
	"Rosa", "Ryan", "Sara", "Sean", "Sofia", "Sunita", "Tariq", "Thabo", "Tom", "Valentina",
	"Victor", "Wei", "Yara", "Yusuf", "Zainab", "Zoe", "Ananya", "Bruno", "Camila", "Dmitri",
	"Ewa", "Farah", "Gabriel", "Hana", "Ivan", "Jessica", "Kofi", "Lina", "Marcus", "Nora",
}

var lastNames = []string{
	"Adeyemi", "Alvarez", "Andersen", "Bakker", "Banerjee", "Becker", "Brooks", "Campbell", "Castillo", "Chowdhury",
	"Cohen", "Costa", "Dang", "Dubois", "Edwards", "Eriksson", "Fischer", "Flores", "Garcia", "Gupta",
	"Haddad", "Hansen", "Hoffmann", "Huang", "Ibrahim", "Ito", "Jansen", "Johnson", "Kapoor", "Kim",
	"Kowalski", "Kumar", "Larsen", "Le", "Lopez", "Mahlangu", "Martin", "Mensah", "Moreau", "Murphy",
	"Nakamura", "Nguyen", "Novak", "Nowak", "Obi", "Okafor", "Olsen", "Ortiz", "Osei", "Park",
	"Patel", "Petrov", "Quinn", "Ramirez", "Reyes", "Rossi", "Santos", "Sato", "Schmidt", "Shah",
	"Silva", "Singh", "Sokolova", "Suzuki", "Tan", "Taylor", "Thompson", "Tran", "Van Dijk", "Vargas",
	"Wagner", "Walsh", "Wang", "Williams", "Wong", "Yamamoto", "Yilmaz", "Zhang", "Ziegler", "Okonkwo",
	"Bianchi", "Dimitrov", "Fernandes", "Gallagher", "Horvath", "Jovanovic", "Kaur", "Lindqvist", "Mwangi", "Rahman",
}

// otherCSMs are colleagues: previous owners of inherited accounts.
var otherCSMs = []string{"Jordan Lee", "Priya Natarajan", "Marcus Webb", "Elena Petrova", "Tomas Ruiz", "Hannah Okoro"}

// products is the vendor's suite that customers buy from.
var products = []string{
	"Beacon Insights", "Beacon Workflows", "Beacon Connect", "Beacon Forecast",
	"Beacon Mobile", "Beacon Governance", "Beacon Data Hub", "Beacon Portal",
}

// tagPool holds the account tags beyond industry and region.
var tagPool = []string{
	"strategic", "reference", "beta-program", "exec-visibility", "multi-product", "cab-member",
	"partner-led", "expansion-target", "price-sensitive", "case-study", "self-serve", "multi-year",
	"acquired", "regulated", "high-touch", "watchlist",
}

// toolsByKind is the customer's tech stack, one kind per line.
var toolsByKind = []struct {
	kind  string
	tools []string
}{
	{"CRM", []string{"Salesforce", "HubSpot", "Dynamics 365", "Zoho CRM"}},
	{"Data", []string{"Snowflake", "BigQuery", "Databricks", "Redshift", "Postgres"}},
	{"Identity", []string{"Okta", "Entra ID", "Ping Identity", "Google Workspace"}},
	{"Collaboration", []string{"Slack", "Microsoft Teams", "Google Chat"}},
	{"Ticketing", []string{"Jira", "ServiceNow", "Zendesk", "Freshdesk"}},
	{"Cloud", []string{"AWS", "Azure", "GCP"}},
	{"BI", []string{"Tableau", "Power BI", "Looker", "Qlik"}},
	{"ERP", []string{"SAP S/4HANA", "NetSuite", "Oracle ERP", "Workday"}},
}

// rivals are (made-up) tools a customer moved off, or might move to.
var rivals = []string{"Flowdeck", "OrbitOps", "Quantica", "Stackwise", "Northbeam", "Pivotra", "Ledgerline"}

// Account text -----------------------------------------------------------

var goalLines = []string{
	"Cut time spent on manual reporting in {t} by half this fiscal year.",
	"Give leadership one weekly view of {t} performance.",
	"Retire the legacy {k} workflows before the end of the contract.",
	"Onboard {n} more teams onto {p} by the end of the year.",
	"Reduce escalations from {t} by 30%.",
	"Prove ROI to the board ahead of the renewal.",
	"Standardise processes across all sites, starting in {s}.",
	"Shorten month-end close from 10 to 5 days.",
	"Improve data quality so forecasts can be trusted.",
	"Reach 80% weekly active use among licensed users.",
}

var useCaseLines = []string{
	"{t} uses {p} daily for intake and triage.",
	"Managers in {t} run weekly reviews from {p} dashboards.",
	"{p} feeds {x} nightly; finance reconciles from there.",
	"Field teams in {s} capture updates on {p} mobile.",
	"Next: {t} wants to use {q} for approvals.",
	"Pilot of {q} with a small group in {t}.",
	"Executives get a monthly digest built in {p}.",
}

var challengeLines = []string{
	"Adoption is uneven: {t} is strong, other teams lag.",
	"Data from {x} arrives late and breaks dashboards.",
	"SSO roll-out stalled on their side; users still share logins.",
	"Admin turnover: the third admin in two years.",
	"Budget scrutiny: every vendor must justify spend this year.",
	"Users find the {p} navigation confusing after the last release.",
	"Too many reports; nobody knows which one is the truth.",
	"Change fatigue after a large ERP migration.",
}

var projectLines = []string{
	"{p} roll-out to {t}: go-live planned for {m}.",
	"Migration off {k}: cut-over in {m}, {n} integrations left.",
	"Data warehouse consolidation; we are a downstream dependency.",
	"Services engagement: {n}-week workflow redesign with our consultants.",
	"New site opening in {s} in {m}; needs accounts and training.",
	"Security re-assessment of all vendors, due in {m}.",
}

var historyLines = []string{
	"Came to us through a partner; the partner still runs level-1 support.",
	"Implementation was hard: data migration overran by {n} weeks.",
	"Bought after a failed project with {k}; wary of big promises.",
	"Shares an investor with us; exec relationship goes through the board.",
	"Signed on the last day of a quarter with a steep discount.",
	"Started as a {t} pilot and expanded after six months.",
	"Churned once, years ago, and came back after two years on {k}.",
	"Acquired by a larger group last year; new procurement rules apply.",
}

var internalLines = []string{
	"Past escalation: P1 outage in {m} cost us credits; still mentioned in meetings.",
	"Renewal forecast: commit, but procurement will push for a discount.",
	"Blocker: their security team has not approved {q} yet.",
	"Risk triage with my manager: watch list until usage recovers.",
	"Do not discount further; last renewal was already at floor price.",
	"Open support backlog of {n} tickets; support lead is aware.",
	"Exec sponsor agreed to a reference call, but only after go-live.",
	"Product gap on audit logs; feature request logged, no date yet.",
}

var unwrittenLines = []string{
	"{f} prefers a short agenda by email the day before; no slides.",
	"Procurement needs 60 days lead time for any PO change.",
	"Never schedule calls on Monday mornings: their leadership meeting.",
	"{f} will say yes in the meeting and no afterwards; confirm in writing.",
	"Their fiscal year-end freeze lasts three weeks; plan around it.",
	"The real decisions are made in {f}'s Thursday ops review.",
	"I promised {f} a roadmap preview before the renewal.",
	"Finance pays invoices only with the PO number in the subject line.",
	"Legal redlines every order form; allow four weeks.",
}

var expansionLines = []string{
	"{q} for {t} (est. +{n}0% ARR).",
	"More seats for the {s} site once it opens.",
	"Upgrade to premier support if the escalation count stays high.",
	"{q} pilot could become an enterprise-wide licence.",
}

var supportTiers = []string{"Standard support (business hours)", "Premier support (24/7, P1 response in 1 hour)", "Enhanced support (P1 response in 4 hours)"}

var healthReasons = map[string][]string{
	"green": {
		"usage up and sponsor engaged",
		"strong adoption in {t}; QBR went well",
		"renewal verbally committed",
		"value milestones met on time",
		"champion is expanding use to new teams",
	},
	"yellow": {
		"usage flat for two quarters",
		"budget review under way",
		"open support issues in {t}",
		"new leadership still forming an opinion",
		"slow progress on the success plan",
	},
	"red": {
		"usage down 40% since {m}",
		"unresolved P1 escalation",
		"evaluating {k} as a replacement",
		"sponsor gone and no replacement",
		"missed commitments on our side",
	},
}

// People ---------------------------------------------------------------------

// function is a stakeholder's part of the organisation; it picks titles.
type function int

const (
	fnExec function = iota
	fnBusiness
	fnFinance
	fnIT
	fnOps
	fnHR
)

// titles[function][level] lists job titles; "{t}" is a team name.
var titles = [...][4][]string{
	fnExec: {
		{"Chief Executive Officer", "Chief Operating Officer", "Chief Information Officer", "Chief Digital Officer", "President", "Managing Director"},
		{"Chief of Staff"}, {"Executive Assistant"}, {"Office Manager"},
	},
	fnBusiness: {
		{"Chief Operating Officer"},
		{"VP {t}", "Head of {t}", "Director of {t}", "SVP {t}"},
		{"{t} Manager", "Program Manager, {t}", "Team Lead, {t}", "Senior Manager, {t}"},
		{"{t} Analyst", "{t} Specialist", "Senior Associate, {t}", "Coordinator, {t}"},
	},
	fnFinance: {
		{"Chief Financial Officer"},
		{"CFO", "VP Finance", "Finance Director"},
		{"Finance Manager", "Procurement Lead", "FP&A Manager"},
		{"Financial Analyst", "Procurement Specialist", "Accountant"},
	},
	fnIT: {
		{"Chief Technology Officer"},
		{"CTO", "VP IT", "Head of IT", "Director of Engineering", "Head of Data"},
		{"IT Manager", "Platform Lead", "Systems Architect", "Data Engineering Manager"},
		{"Systems Administrator", "Data Engineer", "Integration Developer", "Business Systems Analyst"},
	},
	fnOps: {
		{"Chief Operating Officer"},
		{"VP Operations", "Director of Operations", "Head of Process Excellence"},
		{"Operations Manager", "Process Excellence Lead", "Regional Manager"},
		{"Operations Analyst", "Operations Coordinator", "Shift Supervisor"},
	},
	fnHR: {
		{"Chief People Officer"},
		{"Chief People Officer", "HR Director"},
		{"L&D Manager", "HR Operations Manager"},
		{"HR Business Partner", "Training Coordinator"},
	},
}

var personNotes = []string{
	"Prefers email over calls; replies within a day.",
	"Ex-customer of ours at a previous company; knows the product well.",
	"Very data-driven: bring numbers, not anecdotes.",
	"Skeptical since the outage; rebuild trust slowly.",
	"Runs the weekly ops review where priorities are set.",
	"New in role; still learning the history with us.",
	"Close to the CFO; good back-channel on budget.",
	"Wants to present our results to the board in person.",
	"Part-time on this project; book time weeks ahead.",
	"Speaks at our user conference; happy to be a reference.",
	"Frustrated by the seat model; raises it in every meeting.",
	"Quietly the person everyone asks how the tool works.",
}

var edgeNotes = []string{
	"Worked together for years; trusts their judgement.",
	"Sits in the same weekly steering meeting.",
	"Reports informally through the project board.",
	"Competes for the same budget.",
	"Old friends from a previous employer.",
	"Their opinion carries the room in ops reviews.",
}

// Timeline ----------------------------------------------------------------

var entryTitles = map[string][]string{
	"call": {
		"Check-in call with {f}", "Call: {p} adoption review", "Weekly sync with {f}",
		"Call with {f} about the renewal timeline", "Troubleshooting call: {p} sync errors",
		"Intro call with the new {t} lead", "Call: roadmap questions from {f}",
		"Pricing call with {f}", "Call: {t} training needs", "Quick call: {x} integration status",
		"Call with {f}: new admin hand-over", "Call: reporting questions from {t}", "Catch-up with {f} after the release",
		"Call: {s} site readiness", "Call with {f} on the {q} pilot",
	},
	"meeting": {
		"QBR with {c}", "Onsite workshop: {p} roll-out", "Executive business review",
		"Success plan review with {f}", "Training session for {t}", "Steering committee",
		"Roadmap briefing for {t}", "Kick-off: {q} for {t}", "Value review with {f}",
		"Admin office hours", "Working session: {t} dashboards", "Lunch with {f} in {s}", "Workshop: readiness assessment",
		"Adoption review with {t}", "Escalation review with {f}",
	},
	"email": {
		"Sent QBR deck to {f}", "Re: {p} licence true-up", "Follow-up: action items from the workshop",
		"Shared adoption report for {m}", "Re: SSO configuration", "Intro to our solutions architect",
		"Re: invoice question from finance", "Renewal quote sent to {f}", "Release notes: what changes for {t}",
		"Re: {x} connector timeline", "Re: agenda for next week", "Sent the {m} usage summary", "Re: seat count for {t}",
		"Re: {q} trial access", "Thank-you note to {f}",
	},
	"note": {
		"Account planning notes", "Prep for the QBR", "{f} hinted at budget cuts", "Usage dipped in {t}",
		"Reminder: {f} back from leave in {m}", "Thoughts after the steering committee",
		"Who really decides: notes on {t}", "Renewal strategy draft", "Prep for the call with {f}",
		"Org chart update after the re-org", "Idea: {q} fits {t}",
	},
	"risk": {
		"Risk: usage decline in {t}", "Risk: champion {f} changing roles", "Risk: budget freeze announced",
		"Risk: {k} piloting in {t}", "Risk: sponsor disengaged", "Risk: security review blocking {q}",
		"Risk: licences unused in {t}", "Risk: key admin leaving",
	},
	"milestone": {
		"{p} live for {t}", "{n}00 active users reached", "Go-live: {p}", "First value milestone signed off",
		"Renewal signed", "Expansion closed: {q}", "{t} fully migrated off {k}", "Success plan signed off by {f}",
		"{s} site live",
	},
	"escalation": {
		"Escalation: P1 outage affecting {t}", "Escalation: data sync delays", "Escalation: billing dispute",
		"Escalation: SSO lockout", "Escalation: missed SLA on a support ticket", "Escalation: {x} integration down",
		"Escalation: slow dashboards in {t}",
	},
}

var entryBodies = map[string][]string{
	"call": {
		"{f} confirmed {t} uses {p} daily.",
		"Open question on the {x} integration; looping in support.",
		"They want fewer, better reports.",
		"Discussed seat usage: {n}0% of licences active.",
		"{f} asked for a roadmap preview.",
		"Agreed to revisit the success plan in {m}.",
	},
	"meeting": {
		"Reviewed objectives and progress against baseline.",
		"{t} showed their new workflow; strong reactions.",
		"Sponsor asked for an ROI summary for the board.",
		"Readiness: governance is the weakest pillar.",
		"{n} action items, owners agreed in the room.",
		"Next steering committee in {m}.",
	},
	"email": {
		"Attached the report and a short summary.",
		"Proposed two times for a follow-up.",
		"Answered the pricing question; quote to follow.",
		"Asked {f} to confirm the new admin contact.",
	},
	"note": {
		"Internal: do not raise pricing until the escalation is closed.",
		"{f} is the real decision maker, not the title on paper.",
		"Need an exec-to-exec touch before {m}.",
		"Usage export shows {t} down {n}0% month on month.",
		"Manager agreed to add them to the watch list.",
	},
	"risk": {
		"Impact: renewal at risk if not addressed by {m}.",
		"Mitigation: exec alignment call and a usage plan for {t}.",
		"Signals: fewer logins, cancelled QBR, slow replies.",
	},
	"milestone": {
		"Celebrated with the team; {f} shared it internally.",
		"Worth a case study; ask after the next QBR.",
		"Logged as an achievement in the success plan.",
	},
	"escalation": {
		"Support ticket raised as P1; engineering engaged.",
		"Customer asked for an RCA within 5 business days.",
		"Credits discussed; decision pending.",
		"Daily updates to {f} until resolved.",
	},
}

// Success plans, commitments, risks, checklists -------------------------------

var whyBought = []string{
	"Replace spreadsheets and a home-grown tool for {t} reporting.",
	"Consolidate three tools into one after the merger.",
	"Give managers real-time visibility instead of monthly packs.",
	"Meet new audit requirements without adding headcount.",
	"Scale {t} without hiring at the same rate.",
}

var successMeans = []string{
	"Every team lead runs their weekly review from {p}.",
	"Leadership trusts one set of numbers.",
	"New hires are productive in days, not weeks.",
	"Audits pass with no manual evidence gathering.",
}

var measuredBy = []string{
	"Weekly active users, hours saved, and audit findings.",
	"Cycle time and error rate, reported monthly to the sponsor.",
	"Adoption rate per team and the number of retired spreadsheets.",
	"Cost per transaction against the pre-{p} baseline.",
}

var adoptionMeans = []string{
	"Using {p} is the default way of working, not an extra step.",
	"Teams stop asking for exports.",
	"{t} owns the tool without calling us for help.",
}

// metricTemplate is one kind of success-plan objective.
type metricTemplate struct {
	title    string
	name     string
	unit     string
	lo, hi   float64 // baseline range
	down     bool    // lower is better
	percent  bool    // capped at 100
	scaleSeg bool    // scale the baseline with the account's size
}

var metricTemplates = []metricTemplate{
	{"Grow weekly active users in {t}", "weekly active users", "users", 20, 120, false, false, true},
	{"Cut month-end close time", "close time", "days", 8, 14, true, false, false},
	{"Raise adoption across licensed users", "adoption rate", "%", 20, 50, false, true, false},
	{"Save hours on manual reporting", "hours saved per week", "hours", 0, 5, false, false, true},
	{"Reduce ticket backlog in {t}", "open tickets", "tickets", 80, 400, true, false, true},
	{"Shorten onboarding time for new hires", "time to productivity", "days", 20, 45, true, false, false},
	{"Automate approvals in {t}", "approvals automated", "%", 0, 20, false, true, false},
	{"Improve first-contact resolution", "first-contact resolution", "%", 45, 65, false, true, false},
	{"Retire legacy spreadsheets", "spreadsheets in use", "files", 30, 120, true, false, true},
}

var taskTitles = []string{
	"Schedule admin training for {t}",
	"Share adoption dashboard with the sponsor",
	"Agree success metrics and baselines",
	"Configure SSO with their IT team",
	"Run a value review before the renewal",
	"Document the {x} integration",
	"Identify a champion in {t}",
	"Plan the {q} pilot",
	"Send the monthly usage report",
	"Book the executive business review",
	"Clean up inactive licences",
}

var achievementTitles = []string{
	"{t} went live on {p}",
	"First {n}00 active users",
	"Month-end close down to {n} days",
	"Legacy {k} workflows retired",
	"Sponsor presented results to the board",
	"Audit passed with no findings",
}

type commitmentTemplate struct {
	what, measure string
	kano          string
}

var commitmentTemplates = []commitmentTemplate{
	{"Quarterly business reviews with the sponsor", "4 QBRs a year held", "basic"},
	{"P1 support response within 1 hour", "response time on P1 tickets", "basic"},
	{"99.9% monthly uptime for {p}", "monthly uptime report", "basic"},
	{"Named solutions architect during the {q} roll-out", "SA assigned and in weekly calls", "delighter"},
	{"{x} connector delivered", "connector running in production", "performance"},
	{"Admin training for {t} ({n} sessions)", "sessions delivered", "performance"},
	{"Roadmap preview with our product team", "session held before the renewal", "delighter"},
	{"Monthly adoption report", "report sent by the 5th of each month", "performance"},
	{"Data migration from {k} completed", "all records migrated and reconciled", "basic"},
	{"Dedicated onboarding for the {s} site", "site live with trained admins", "delighter"},
}

type riskTemplate struct {
	title, description, mitigation string
}

var riskTemplates = []riskTemplate{
	{"No active executive sponsor", "Decisions stall and the project moves slowly.", "Ask the champion to introduce us to a new sponsor; exec-to-exec outreach."},
	{"Usage declining in {t}", "Weekly active users down for three months.", "Usage review with the team lead; targeted training."},
	{"Budget freeze", "Finance froze all new spend until next fiscal year.", "Build an ROI case with the economic buyer before the renewal."},
	{"Competitor evaluation", "{t} is piloting {k}.", "Run a value review; show the roadmap for the gaps they cite."},
	{"Champion leaving", "{f} is moving to a new role.", "Find and enable a successor before the handover."},
	{"Unresolved escalation", "P1 issue open for weeks; trust is eroding.", "Daily updates, RCA, and an exec apology call."},
	{"Security review blocking expansion", "{q} is not approved by their security team.", "Provide the security pack and a call with our CISO office."},
	{"Low readiness for change", "Teams see the tool as extra work.", "ADKAR check per team; work on desire before more training."},
}

// checklistTemplate is a playbook's steps with due offsets in days from
// the day the checklist was applied.
type checklistTemplate struct {
	playbook, title string
	steps           []stepTemplate
}

type stepTemplate struct {
	title, detail string
	due           int
}

var onboardingChecklist = checklistTemplate{"onboarding", "Onboarding", []stepTemplate{
	{"Kick-off call held", "Introduce the team, confirm goals and the timeline.", 3},
	{"Success plan drafted with the sponsor", "Strategic intent, objectives, metrics.", 14},
	{"Readiness assessment done", "Current vs target maturity for all five pillars.", 21},
	{"Technical set-up: SSO and integrations", "", 30},
	{"Admin training delivered", "", 35},
	{"First value milestone confirmed", "Agree it in writing with the sponsor.", 60},
	{"30-day adoption review", "", 75},
	{"Handover from onboarding to the CSM", "", 90},
}}

var renewalChecklist = checklistTemplate{"renewal", "Renewal", []stepTemplate{
	{"Confirm renewal owner and procurement process", "Who signs, PO lead time, legal review.", 0},
	{"Review usage and value delivered", "", 20},
	{"Executive business review held", "Run it from the success plan.", 30},
	{"Renewal quote sent", "", 60},
	{"Negotiate terms", "", 75},
	{"Order form signed", "", 105},
	{"Update forecast and close the renewal", "", 120},
}}

var adoptionChecklist = checklistTemplate{"adoption", "Adoption review", []stepTemplate{
	{"Pull usage per team", "", 2},
	{"Check ADKAR barrier per stakeholder group", "Find the first letter not reached.", 7},
	{"Agree adoption actions with the champion", "", 14},
	{"Targeted training for lagging teams", "", 30},
	{"Re-measure adoption", "", 60},
}}

var stepNotes = []string{
	"Done in the weekly sync.",
	"Needed two reminders.",
	"Waiting on their IT team.",
	"Sponsor joined for the first 15 minutes.",
}
