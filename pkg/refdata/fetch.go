package refdata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultAPI is the ODS ORD API (organisations/{code} gives an ORD 2-0-0
// record). Tests give their own.
const DefaultAPI = "https://directory.spineservices.nhs.uk/ORD/2-0-0"

// Fetcher looks organisations up one code at a time through the ODS API,
// politely: at most Rate requests a second, each within Timeout, a 429 or
// 5xx answer retried (a 429 after its Retry-After) up to Retries times.
type Fetcher struct {
	Base    string        // the API's base URL, without a trailing /
	Client  *http.Client  // nil: http.DefaultClient
	Rate    float64       // requests a second; 0: 5
	Timeout time.Duration // for one request; 0: 30s
	Retries int           // for one code; 0: 4
	// MaxWait bounds the wait before a retry (Retry-After, or the backoff):
	// a server asking for an hour is an error, not a run that hangs.
	MaxWait time.Duration // 0: 60s
	// Backoff is the first wait after a 5xx, doubled each time; 0: 1s.
	Backoff time.Duration
	// MaxRecord bounds one answer; 0: 4 MiB.
	MaxRecord int64

	last time.Time // when the last request ended
}

// FetchError is an API that could not give a record.
type FetchError struct {
	Code string
	Err  error
}

func (e *FetchError) Error() string {
	return fmt.Sprintf("ODS API: look up %s: %v", e.Code, e.Err)
}

func (e *FetchError) Unwrap() error { return e.Err }

// ErrUnknownCode is a code the API does not know (404).
var ErrUnknownCode = errors.New("the ODS API does not know this code")

func (f *Fetcher) defaults() {
	if f.Client == nil {
		f.Client = http.DefaultClient
	}
	if f.Rate <= 0 {
		f.Rate = 5
	}
	if f.Timeout <= 0 {
		f.Timeout = 30 * time.Second
	}
	if f.Retries <= 0 {
		f.Retries = 4
	}
	if f.MaxWait <= 0 {
		f.MaxWait = 60 * time.Second
	}
	if f.Backoff <= 0 {
		f.Backoff = time.Second
	}
	if f.MaxRecord <= 0 {
		f.MaxRecord = 4 << 20
	}
	f.Base = strings.TrimSuffix(f.Base, "/")
}

// Fetch looks up every code; codes the API does not know are listed in
// unknown (a manifest's typo is for ERS-REF-001 to report, not a failed
// fetch). Any other failure stops the fetch.
func (f *Fetcher) Fetch(ctx context.Context, codes []string) (recs []APIRecord, unknown []string, err error) {
	f.defaults()
	if _, err := url.Parse(f.Base); err != nil || !strings.HasPrefix(f.Base, "http") {
		return nil, nil, fmt.Errorf("ODS API base URL %q is not an http(s) URL", f.Base)
	}
	codes = slices.Clone(codes)
	slices.Sort(codes)
	codes = slices.Compact(codes)
	for _, code := range codes {
		if !ValidCode(code) {
			continue // not a code ODS could know; the schema reports it
		}
		src, err := f.get(ctx, code)
		if errors.Is(err, ErrUnknownCode) {
			unknown = append(unknown, code)
			continue
		}
		if err != nil {
			return nil, nil, &FetchError{Code: code, Err: err}
		}
		got, err := ParseAPI(src)
		if err != nil {
			return nil, nil, &FetchError{Code: code, Err: fmt.Errorf("the answer is not an ODS record: %w", err)}
		}
		recs = append(recs, got...)
	}
	return recs, unknown, nil
}

// get asks for one code, retrying what may pass.
func (f *Fetcher) get(ctx context.Context, code string) ([]byte, error) {
	backoff := f.Backoff
	var last error
	for attempt := 0; attempt <= f.Retries; attempt++ {
		if err := f.pace(ctx); err != nil {
			return nil, err
		}
		body, status, retryAfter, err := f.once(ctx, code)
		f.last = time.Now()
		switch {
		case err != nil:
			last = err
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
		case status == http.StatusOK:
			return body, nil
		case status == http.StatusNotFound:
			return nil, ErrUnknownCode
		case status == http.StatusTooManyRequests || status >= 500:
			last = fmt.Errorf("HTTP %d", status)
		default:
			return nil, fmt.Errorf("HTTP %d", status)
		}
		if attempt == f.Retries {
			break
		}
		wait := backoff
		if retryAfter >= 0 {
			wait = retryAfter
		}
		if wait > f.MaxWait {
			return nil, fmt.Errorf("%v: the API asks to wait %s, more than %s", last, wait, f.MaxWait)
		}
		backoff *= 2
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
	}
	return nil, fmt.Errorf("%v, after %d attempts (is the API reachable at %s?)", last, f.Retries+1, f.Base)
}

// pace keeps to the rate limit: a request starts 1/Rate seconds after the
// previous one ended, so the server never sees two closer than that.
func (f *Fetcher) pace(ctx context.Context) error {
	gap := time.Duration(float64(time.Second) / f.Rate)
	if wait := time.Until(f.last.Add(gap)); wait > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
	return nil
}

// once sends one request; retryAfter is -1 when the answer gives none.
func (f *Fetcher) once(ctx context.Context, code string) (body []byte, status int, retryAfter time.Duration, err error) {
	ctx, cancel := context.WithTimeout(ctx, f.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.Base+"/organisations/"+url.PathEscape(code), nil)
	if err != nil {
		return nil, 0, -1, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "erslint refdata fetch")
	resp, err := f.Client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, 0, -1, fmt.Errorf("no answer within %s", f.Timeout)
		}
		return nil, 0, -1, err
	}
	defer resp.Body.Close()
	retryAfter = -1
	if s := resp.Header.Get("Retry-After"); s != "" {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n >= 0 {
			retryAfter = time.Duration(n) * time.Second
		} else if t, err := http.ParseTime(s); err == nil {
			retryAfter = max(0, time.Until(t))
		}
	}
	body, err = io.ReadAll(io.LimitReader(resp.Body, f.MaxRecord+1))
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, 0, -1, fmt.Errorf("no whole answer within %s", f.Timeout)
		}
		return nil, 0, -1, err
	}
	if int64(len(body)) > f.MaxRecord {
		return nil, 0, -1, fmt.Errorf("the answer is over %d bytes", f.MaxRecord)
	}
	return body, resp.StatusCode, retryAfter, nil
}
