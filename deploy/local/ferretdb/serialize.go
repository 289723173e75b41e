package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"

	"github.com/FerretDB/wire"
	"github.com/FerretDB/wire/wirebson"
)

const (
	opMsg       = 2013
	headerBytes = 16
	maxMessage  = 48 * 1000 * 1000
)

// FerretDB 1.24 applies update, findAndModify and delete as read-modify-write on both backends: it
// reads the document, applies the operators in Go and writes the whole document back, outside one
// transaction. Concurrent updates of one document then lose writes (measured: 24 of 200 concurrent
// $inc survived on SQLite, 12 to 28 on PostgreSQL), which would break every conditional update the
// services rely on. MongoDB has no such problem, so the fix belongs here, in the local stand-in: a
// small proxy in front of FerretDB that serialises the writes that could interleave.
//
// Two modes. "global": one write command at a time (the SQLite backend, which has a single writer
// anyway). "document": a write whose filter names one document by a scalar _id waits only for other
// writes to that document; any other update or delete takes its whole collection; inserts need no
// gate (they do not read-modify-write, and unique indexes are enforced by the database).

var writeCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findAndModify": true, "findandmodify": true,
}

// gate decides what a write command must wait for; the returned release runs once its reply is sent.
type gate interface {
	acquire(msg []byte) (release func())
}

// noGate lets everything through: FerretDB as it is, which loses concurrent updates.
type noGate struct{}

func (noGate) acquire([]byte) func() { return nil }

type globalGate struct{ mu sync.Mutex }

func (g *globalGate) acquire(msg []byte) func() {
	if !writeCommands[commandName(msg)] {
		return nil
	}
	g.mu.Lock()
	return g.mu.Unlock
}

// documentGate: per-collection reader/writer locks (a single-document write is a "reader" of its
// collection, a multi-document write its "writer") and per-document mutexes under them.
type documentGate struct {
	mu   sync.Mutex
	cols map[string]*sync.RWMutex
	docs map[string]*docLock
}

type docLock struct {
	mu   sync.Mutex
	refs int
}

func newDocumentGate() *documentGate {
	return &documentGate{cols: map[string]*sync.RWMutex{}, docs: map[string]*docLock{}}
}

func (g *documentGate) acquire(msg []byte) func() {
	target, ok := writeTarget(msg)
	if !ok {
		return nil
	}
	g.mu.Lock()
	col := g.cols[target.collection]
	if col == nil {
		col = &sync.RWMutex{}
		g.cols[target.collection] = col
	}
	g.mu.Unlock()
	if target.id == "" {
		col.Lock()
		return col.Unlock
	}
	col.RLock()
	key := target.collection + "\x00" + target.id
	g.mu.Lock()
	d := g.docs[key]
	if d == nil {
		d = &docLock{}
		g.docs[key] = d
	}
	d.refs++
	g.mu.Unlock()
	d.mu.Lock()
	return func() {
		d.mu.Unlock()
		g.mu.Lock()
		d.refs--
		if d.refs == 0 {
			delete(g.docs, key)
		}
		g.mu.Unlock()
		col.RUnlock()
	}
}

// target of a write: its collection, and the one document's _id when the write can touch only it.
type target struct {
	collection string
	id         string
}

// writeTarget reads what a write command may change. ok is false for anything that needs no gate
// (reads, inserts, unparseable messages, which FerretDB will refuse itself).
func writeTarget(msg []byte) (target, bool) {
	name := commandName(msg)
	if !writeCommands[name] || name == "insert" {
		return target{}, false
	}
	var m wire.OpMsg
	if err := m.UnmarshalBinaryNocopy(msg[headerBytes:]); err != nil {
		return target{}, false
	}
	var body *wirebson.Document
	sequences := map[string][]wirebson.RawDocument{}
	for _, s := range m.Sections() {
		docs := s.Documents()
		if s.Kind == 0 && len(docs) == 1 {
			d, err := docs[0].Decode()
			if err != nil {
				return target{}, false
			}
			body = d
		} else if s.Kind == 1 {
			sequences[s.Identifier] = docs
		}
	}
	if body == nil {
		return target{}, false
	}
	coll, _ := body.Get(body.Command()).(string)
	db, _ := body.Get("$db").(string)
	t := target{collection: db + "." + coll}
	var filters []wirebson.RawDocument
	switch name {
	case "findAndModify", "findandmodify":
		if q, ok := body.Get("query").(wirebson.RawDocument); ok {
			filters = append(filters, q)
		}
	case "update", "delete":
		key, filterKey := "updates", "q"
		if name == "delete" {
			key = "deletes"
		}
		statements := sequences[key]
		if arr, ok := body.Get(key).(wirebson.RawArray); ok {
			a, err := arr.Decode()
			if err != nil {
				return t, true
			}
			for i := 0; i < a.Len(); i++ {
				if d, ok := a.Get(i).(wirebson.RawDocument); ok {
					statements = append(statements, d)
				}
			}
		}
		if len(statements) != 1 {
			return t, true
		}
		st, err := statements[0].Decode()
		if err != nil {
			return t, true
		}
		if multi, _ := st.Get("multi").(bool); multi {
			return t, true
		}
		if q, ok := st.Get(filterKey).(wirebson.RawDocument); ok {
			filters = append(filters, q)
		}
	}
	if len(filters) == 1 {
		t.id = scalarID(filters[0])
	}
	return t, true
}

// scalarID is the filter's _id when it is a plain value (not an operator document), else "".
func scalarID(filter wirebson.RawDocument) string {
	f, err := filter.Decode()
	if err != nil {
		return ""
	}
	switch v := f.Get("_id").(type) {
	case string:
		return "s:" + v
	case wirebson.ObjectID:
		return fmt.Sprintf("o:%x", v[:])
	case int32, int64, float64:
		return fmt.Sprintf("n:%v", v)
	default:
		return ""
	}
}

func readMessage(r io.Reader) ([]byte, error) {
	var header [headerBytes]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	size := int(binary.LittleEndian.Uint32(header[0:4]))
	if size < headerBytes || size > maxMessage {
		return nil, errors.New("bad message length")
	}
	msg := make([]byte, size)
	copy(msg, header[:])
	if _, err := io.ReadFull(r, msg[headerBytes:]); err != nil {
		return nil, err
	}
	return msg, nil
}

// commandName is the first key of the OP_MSG body section (kind 0), or "" for anything else.
func commandName(msg []byte) string {
	if int32(binary.LittleEndian.Uint32(msg[12:16])) != opMsg {
		return ""
	}
	p := headerBytes + 4 // flag bits
	for p < len(msg) {
		kind := msg[p]
		p++
		if p+4 > len(msg) {
			return ""
		}
		size := int(binary.LittleEndian.Uint32(msg[p : p+4]))
		if kind == 0 {
			// BSON document: int32 length, then elements: type byte, cstring name, value.
			if p+5 >= len(msg) {
				return ""
			}
			rest := msg[p+5:]
			end := bytes.IndexByte(rest, 0)
			if end < 0 {
				return ""
			}
			return string(rest[:end])
		}
		p += size // kind 1: int32 size covers the whole section after the kind byte
	}
	return ""
}

// proxy pumps messages both ways. A write command takes what the gate asks for before it is
// forwarded; the server-to-client pump releases it when the reply to that request (by responseTo)
// has been forwarded. Replies are never paired by position, so exhaust replies (moreToCome, streamed
// hello) pass through untouched.
func proxy(g gate, client net.Conn, backend string, logger *slog.Logger) {
	defer client.Close()
	server, err := net.Dial("tcp", backend)
	if err != nil {
		logger.Error("dial backend", "err", err)
		return
	}
	defer server.Close()

	var mu sync.Mutex // guards held
	held := map[int32]func(){}
	releaseFor := func(requestID int32) {
		mu.Lock()
		r := held[requestID]
		delete(held, requestID)
		mu.Unlock()
		if r != nil {
			r()
		}
	}
	defer func() {
		mu.Lock()
		rest := held
		held = map[int32]func(){}
		mu.Unlock()
		for _, r := range rest {
			r()
		}
	}()

	done := make(chan struct{})
	go func() {
		defer close(done)
		defer client.Close()
		for {
			msg, err := readMessage(server)
			if err != nil {
				return
			}
			if _, err := client.Write(msg); err != nil {
				return
			}
			releaseFor(int32(binary.LittleEndian.Uint32(msg[8:12])))
		}
	}()

	for {
		msg, err := readMessage(client)
		if err != nil {
			break
		}
		if !expectsNoReply(msg) {
			if release := g.acquire(msg); release != nil {
				mu.Lock()
				held[int32(binary.LittleEndian.Uint32(msg[4:8]))] = release
				mu.Unlock()
			}
		}
		if _, err := server.Write(msg); err != nil {
			break
		}
	}
	server.Close()
	<-done
}

// expectsNoReply: an OP_MSG with the moreToCome flag (unacknowledged write) gets no reply.
func expectsNoReply(msg []byte) bool {
	return int32(binary.LittleEndian.Uint32(msg[12:16])) == opMsg && len(msg) >= headerBytes+4 &&
		binary.LittleEndian.Uint32(msg[16:20])&2 != 0
}

func serveGated(front net.Listener, backend string, g gate, logger *slog.Logger) {
	for {
		client, err := front.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				logger.Error("accept", "err", err)
			}
			return
		}
		go proxy(g, client, backend, logger)
	}
}
