package main

import (
	"encoding/binary"
	"testing"

	"github.com/FerretDB/wire"
	"github.com/FerretDB/wire/wirebson"
)

// message frames an OP_MSG body with a header, as it arrives on the wire.
func message(t *testing.T, msg *wire.OpMsg) []byte {
	t.Helper()
	body, err := msg.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]byte, headerBytes+len(body))
	binary.LittleEndian.PutUint32(out[0:4], uint32(len(out)))
	binary.LittleEndian.PutUint32(out[4:8], 7)
	binary.LittleEndian.PutUint32(out[12:16], opMsg)
	copy(out[headerBytes:], body)
	return out
}

func TestWriteTarget(t *testing.T) {
	q := wirebson.MustDocument("_id", "reportRequests/r1", "withdrawn", false)
	cases := []struct {
		name   string
		msg    *wire.OpMsg
		gated  bool
		target target
	}{
		{"find is not gated", wire.MustOpMsg("find", "c", "filter", q, "$db", "d"), false, target{}},
		{"insert is not gated", wire.MustOpMsg("insert", "c", "documents", wirebson.MustArray(q), "$db", "d"), false, target{}},
		{
			"findAndModify by _id locks that document",
			wire.MustOpMsg("findAndModify", "c", "query", q, "update", wirebson.MustDocument("$set", wirebson.MustDocument("a", int32(1))), "$db", "d"),
			true, target{"d.c", "s:reportRequests/r1"},
		},
		{
			"update of one statement by _id locks that document",
			wire.MustOpMsg("update", "c", "updates", wirebson.MustArray(wirebson.MustDocument("q", q, "u", wirebson.MustDocument())), "$db", "d"),
			true, target{"d.c", "s:reportRequests/r1"},
		},
		{
			"multi update locks the collection",
			wire.MustOpMsg("update", "c", "updates", wirebson.MustArray(wirebson.MustDocument("q", q, "u", wirebson.MustDocument(), "multi", true)), "$db", "d"),
			true, target{"d.c", ""},
		},
		{
			"update by an operator on _id locks the collection",
			wire.MustOpMsg("update", "c", "updates", wirebson.MustArray(wirebson.MustDocument("q", wirebson.MustDocument("_id", wirebson.MustDocument("$in", wirebson.MustArray("a"))), "u", wirebson.MustDocument())), "$db", "d"),
			true, target{"d.c", ""},
		},
		{
			"delete by _id locks that document",
			wire.MustOpMsg("delete", "c", "deletes", wirebson.MustArray(wirebson.MustDocument("q", q, "limit", int32(1))), "$db", "d"),
			true, target{"d.c", "s:reportRequests/r1"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, gated := writeTarget(message(t, c.msg))
			if gated != c.gated || got != c.target {
				t.Fatalf("writeTarget = %+v, %v; want %+v, %v", got, gated, c.target, c.gated)
			}
		})
	}
}

func TestWriteTargetDocumentSequence(t *testing.T) {
	// Drivers may send the statements as an OP_MSG kind-1 section instead of an array in the body.
	rawBody, _ := wirebson.MustDocument("update", "c", "$db", "d").Encode()
	rawSt, _ := wirebson.MustDocument("q", wirebson.MustDocument("_id", "x"), "u", wirebson.MustDocument()).Encode()
	body := []byte{0, 0, 0, 0, 0} // flags, then section kind 0
	body = append(body, rawBody...)
	ident := append([]byte("updates"), 0)
	size := make([]byte, 4)
	binary.LittleEndian.PutUint32(size, uint32(4+len(ident)+len(rawSt)))
	body = append(append(append(append(body, 1), size...), ident...), rawSt...)
	framed := make([]byte, headerBytes+len(body))
	binary.LittleEndian.PutUint32(framed[0:4], uint32(len(framed)))
	binary.LittleEndian.PutUint32(framed[12:16], opMsg)
	copy(framed[headerBytes:], body)
	got, gated := writeTarget(framed)
	if !gated || got != (target{"d.c", "s:x"}) {
		t.Fatalf("writeTarget = %+v, %v", got, gated)
	}
}
