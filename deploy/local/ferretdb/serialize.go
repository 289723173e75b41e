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

// expectsNoReply: an OP_MSG with the moreToCome flag (unacknowledged write) gets no reply.
func expectsNoReply(msg []byte) bool {
	return int32(binary.LittleEndian.Uint32(msg[12:16])) == opMsg && len(msg) >= headerBytes+4 &&
		binary.LittleEndian.Uint32(msg[16:20])&2 != 0
}

func (g *writeGate) proxy(client net.Conn, backend string, logger *slog.Logger) {
	defer client.Close()
	server, err := net.Dial("tcp", backend)
	if err != nil {
		logger.Error("dial backend", "err", err)
		return
	}
	defer server.Close()

	// A write holds the gate from the moment it is forwarded until its reply comes back.
	replies := make(chan []byte)
	go func() {
		defer close(replies)
		for {
			msg, err := readMessage(server)
			if err != nil {
				return
			}
			replies <- msg
		}
	}()
	for {
		msg, err := readMessage(client)
		if err != nil {
			return
		}
		write := writeCommands[commandName(msg)]
		if write {
			g.mu.Lock()
		}
		if _, err := server.Write(msg); err != nil {
			if write {
				g.mu.Unlock()
			}
			return
		}
		if expectsNoReply(msg) {
			if write {
				g.mu.Unlock()
			}
			continue
		}
		// The driver waits for each reply on a connection (no pipelining, no exhaust cursors
		// against FerretDB), so exactly one reply follows each other request.
		reply, ok := <-replies
		if write {
			g.mu.Unlock()
		}
		if !ok {
			return
		}
		if _, err := client.Write(reply); err != nil {
			return
		}
	}
}
