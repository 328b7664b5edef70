package csvbook

import (
	"bytes"
	"fmt"
	"testing"
)

// BenchmarkPrepareAndApply10k reads, plans and imports 10,000 accounts
// and then 10,000 people (one per account, each reporting to nobody) into
// an empty book: a large book brought in from a CRM.
func BenchmarkPrepareAndApply10k(b *testing.B) {
	const n = 10_000
	var accounts, people bytes.Buffer
	accounts.WriteString("Account Name,Website,Annual Revenue,Renewal Date,Account Owner,Industry\n")
	people.WriteString("Account Name,First Name,Last Name,Email,Title\n")
	for i := range n {
		fmt.Fprintf(&accounts, "Company %05d,c%05d.example,\"$%d,000.00\",3/%d/2027,Owner %d,Software\n", i, i, 100+i%900, 1+i%28, i%7)
		fmt.Fprintf(&people, "Company %05d,Ana,Person%05d,ana%05d@c%05d.example,CTO\n", i, i, i, i)
	}
	for b.Loop() {
		b.StopTimer()
		st, _ := openBook(b)
		b.StartTimer()
		for _, f := range []struct {
			raw  []byte
			kind Kind
		}{{accounts.Bytes(), Accounts}, {people.Bytes(), People}} {
			tbl, err := Read(bytes.NewReader(f.raw))
			if err != nil {
				b.Fatal(err)
			}
			p, err := Prepare(st, tbl, Options{Kind: f.kind})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Apply(st, p, false); err != nil {
				b.Fatal(err)
			}
		}
	}
}
