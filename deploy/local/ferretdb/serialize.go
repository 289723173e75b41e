package main

// FerretDB 1.24's SQLite backend applies update and findAndModify as read-modify-write: it reads
// the document, applies the operators in Go and writes the whole document back, outside one
// transaction. Concurrent updates of one document then lose writes (measured: 24 of 200
// concurrent $inc survived), which would break every conditional update the services rely on.
// MongoDB has no such problem, so the fix belongs here, in the local stand-in: a small proxy in
// front of FerretDB that lets one write command at a time through, reads stay concurrent.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
)

const (
	opMsg       = 2013
	headerBytes = 16
	maxMessage  = 48 * 1000 * 1000
)

var writeCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findAndModify": true, "findandmodify": true,
}

// writeGate lets one write command at a time reach FerretDB, across all client connections.
type writeGate struct {
	mu sync.Mutex
}

func serveSerialized(front net.Listener, backend string, logger *slog.Logger) {
	gate := &writeGate{}
	for {
		client, err := front.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				logger.Error("accept", "err", err)
			}
			return
		}
		go gate.proxy(client, backend, logger)
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

// proxy pumps messages both ways. A write command takes the gate before it is forwarded; the
// server-to-client pump releases it when the reply to that request (by responseTo) has been
// forwarded. Replies are never paired by position, so exhaust replies (moreToCome, streamed
// hello) pass through untouched.
func (g *writeGate) proxy(client net.Conn, backend string, logger *slog.Logger) {
	defer client.Close()
	server, err := net.Dial("tcp", backend)
	if err != nil {
		logger.Error("dial backend", "err", err)
		return
	}
	defer server.Close()

	var mu sync.Mutex // guards holding and waitingFor
	holding := false
	var waitingFor int32
	release := func() {
		mu.Lock()
		defer mu.Unlock()
		if holding {
			holding = false
			g.mu.Unlock()
		}
	}
	defer release()

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
			responseTo := int32(binary.LittleEndian.Uint32(msg[8:12]))
			mu.Lock()
			if holding && responseTo == waitingFor {
				holding = false
				g.mu.Unlock()
			}
			mu.Unlock()
		}
	}()

	for {
		msg, err := readMessage(client)
		if err != nil {
			break
		}
		if writeCommands[commandName(msg)] && !expectsNoReply(msg) {
			g.mu.Lock()
			mu.Lock()
			holding = true
			waitingFor = int32(binary.LittleEndian.Uint32(msg[4:8]))
			mu.Unlock()
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
