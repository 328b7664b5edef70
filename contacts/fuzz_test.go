package contacts

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"bob/model"
)

// FuzzRead feeds the vCard reader arbitrary files: it must never panic,
// and whatever it accepts must plan into valid people that write out and
// read back.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.vcf")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("BEGIN:VCARD\nVERSION:2.1\nNOTE;QUOTED-PRINTABLE:a=\n=\n"))
	f.Add([]byte("BEGIN:VCARD\nFN:\"a:b\nEND:VCARD\n"))
	acc := model.NewID()
	f.Fuzz(func(t *testing.T, data []byte) {
		cards, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		plan, err := PlanImport(acc, nil, cards, now)
		if err != nil {
			return
		}
		people := plan.People()
		for _, p := range people {
			if err := p.Validate(); err != nil {
				t.Fatalf("planned an invalid person %+v: %v", p, err)
			}
		}
		var buf bytes.Buffer
		if err := Write(&buf, "Acme", people); err != nil {
			t.Fatal(err)
		}
		if len(people) > 0 {
			if _, err := Read(&buf); err != nil {
				t.Fatalf("our own export does not read back: %v\n%s", err, buf.String())
			}
		}
	})
}
