// Command bob is a book-of-business manager for customer success managers:
// a keyboard-driven terminal app that keeps each account's context,
// people, plans and playbooks in one local file, and hands accounts over
// to a successor as one readable, signed, encrypted bundle.
//
// The command line lives in package cli; main only runs it.
package main

import (
	"os"

	"bob/cli"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	os.Exit(cli.Main(version))
}
