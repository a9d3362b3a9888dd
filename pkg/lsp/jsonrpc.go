package lsp

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
)

// JSON-RPC 2.0 error codes the server sends (LSP 3.17 adds the last two).
const (
	codeParseError           = -32700
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInvalidParams        = -32602
	codeInternalError        = -32603
	codeServerNotInitialized = -32002
	codeRequestCancelled     = -32800
)

// message is one JSON-RPC message: a request (ID and Method), a notification
// (Method only) or a response (ID, and Result or Error).
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *rpcError) Error() string { return fmt.Sprintf("%s (code %d)", e.Message, e.Code) }

// isRequest tells a request, which is answered, from a notification.
func (m *message) isRequest() bool { return len(m.ID) > 0 && string(m.ID) != "null" }

// errTooLarge is returned for a message over the size limit: it was skipped,
// and the stream stays in step.
var errTooLarge = errors.New("message too large")

// maxHeaderBytes bounds the header block of one message.
const maxHeaderBytes = 8 << 10

// reader reads messages framed by a Content-Length header.
type reader struct {
	r   *bufio.Reader
	max int64
}

func newReader(r io.Reader, max int64) *reader {
	return &reader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// read returns the body of the next message. A message over the limit is
// skipped (read and dropped) and errTooLarge returned; io.EOF ends the stream;
// any other error means the framing is lost.
func (r *reader) read() ([]byte, error) {
	length := int64(-1)
	seen := 0
	for {
		line, err := r.r.ReadString('\n')
		seen += len(line)
		if err != nil {
			if err == io.EOF && seen == 0 {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("read header: %w", err)
		}
		if seen > maxHeaderBytes {
			return nil, fmt.Errorf("header over %d bytes", maxHeaderBytes)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if length < 0 {
				if seen <= 2 {
					seen = 0 // a stray blank line between messages
					continue
				}
				return nil, errors.New("message without Content-Length")
			}
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("malformed header line %q", clip(line))
		}
		if textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(name)) == "Content-Length" {
			n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("bad Content-Length %q", clip(value))
			}
			length = n
		}
	}
	if length > r.max {
		if _, err := io.CopyN(io.Discard, r.r, length); err != nil {
			return nil, fmt.Errorf("skip message of %d bytes: %w", length, err)
		}
		return nil, fmt.Errorf("%w: %d bytes, over the limit of %d", errTooLarge, length, r.max)
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r.r, body); err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	return body, nil
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// writer writes framed messages; safe for concurrent use.
type writer struct {
	mu sync.Mutex
	w  io.Writer
}

func (w *writer) write(m any) error {
	body, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode message: %w", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, err := fmt.Fprintf(w.w, "Content-Length: %d\r\n\r\n", len(body)); err != nil {
		return err
	}
	_, err = w.w.Write(body)
	return err
}
