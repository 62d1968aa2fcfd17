package app

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
)

// ListenError is a listener that could not be opened on Addr, the value of
// the variable Var: one line naming what to fix, such as
//
//	HTTP_ADDR: cannot listen on :8080: address already in use
type ListenError struct {
	Var, Addr string
	Cause     string // why, in a few words
	Err       error
}

// Error names the variable, the address and the cause.
func (e *ListenError) Error() string {
	return fmt.Sprintf("%s: cannot listen on %s: %s", e.Var, e.Addr, e.Cause)
}

// Unwrap returns the listener's error.
func (e *ListenError) Unwrap() error { return e.Err }

// listenError is the ListenError of a failure to listen on addr.
func listenError(name, addr string, err error) error {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	cause := ""
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		cause = "address already in use"
	case errors.Is(err, syscall.EACCES):
		cause = "permission denied (ports below 1024 need privileges)"
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		cause = "no network interface of this machine has that address"
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		cause = fmt.Sprintf("host %q not found", dnsErr.Name)
	case errors.As(err, &opErr): // net's "listen tcp ...:" says where, which the line already does
		cause = strings.ReplaceAll(opErr.Err.Error(), "\n", "; ")
	default:
		cause = strings.ReplaceAll(err.Error(), "\n", "; ")
	}
	return &ListenError{Var: name, Addr: addr, Cause: cause, Err: err}
}
