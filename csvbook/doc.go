// Package csvbook brings a book of business in from the CSV files that CRMs,
// customer-success platforms and spreadsheets export, and writes it back
// out as CSV.
//
// It holds every rule of that job: reading real-world files (UTF-8 with or
// without a byte-order mark, UTF-16 as Excel's "Unicode text" writes it,
// separator detection, quoted fields), mapping column headers in English,
// German, French and Spanish to bob's fields, parsing amounts and dates
// written the way people write them, matching rows to the accounts and
// people already in the book, and building the org chart from a "Reports
// To" column. The command line and the app both call it.
//
// It must never write to the book except through one store function (one
// transaction, after a backup), never drop a column silently (a column it
// cannot map is kept as a custom field), and never print: callers show
// the preview it returns.
package csvbook
