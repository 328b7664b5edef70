// Package playbooks holds bob's playbooks: repeatable work (onboarding,
// adoption, renewal, transition) written as a list of steps with due
// offsets, and turns a playbook into a checklist on an account.
//
// Built-in playbooks are embedded from builtin/; a user's own playbooks
// are files in the same format in their config folder. The format is
// described in docs/playbooks.md.
//
// The package is pure: it parses and converts, and must never touch the
// store or the UI.
package playbooks
