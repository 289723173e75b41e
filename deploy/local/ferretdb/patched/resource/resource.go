// Package resource stands in for FerretDB's internal/util/resource in the local build: provision.ts
// vendors FerretDB and puts this file in place of that package's. FerretDB tracks the lifetime of
// every iterator and document it makes (a pprof profile entry with a stack trace and a finalizer
// each), to find leaks in its own development. That took about a tenth of its CPU in the test
// suites (a CPU profile of the access matrix); the stand-in keeps the API and tracks nothing.
package resource

// Token should be a field of a tracked object.
type Token byte

// NewToken returns a new Token.
func NewToken() *Token { return new(Token) }

// Track does nothing in the local build.
func Track(_ any, _ *Token) {}

// Untrack does nothing in the local build.
func Untrack(_ any, _ *Token) {}
