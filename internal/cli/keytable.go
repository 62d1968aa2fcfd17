package cli

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/orders-api/orders-api/internal/auth"
)

// writeKeyTable writes keys as an aligned table, one key a line, without
// secrets or their hashes. Times are RFC 3339 UTC; "-" marks none.
func writeKeyTable(w io.Writer, keys []auth.Key) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tROLE\tSYSTEM\tNAME\tCREATED_AT\tLAST_USED_AT\tREVOKED_AT")
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Role, orDash(k.System), orDash(cell(k.Name)),
			stamp(&k.CreatedAt), stamp(k.LastUsedAt), stamp(k.RevokedAt))
	}
	return tw.Flush()
}

// stamp formats an optional time for the table.
func stamp(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// cell keeps a free-text label on one table cell: %q-style escapes for
// tabs, newlines and other control characters.
func cell(s string) string {
	for _, r := range s {
		if r < ' ' || r == 0x7f {
			q := fmt.Sprintf("%q", s)
			return q[1 : len(q)-1]
		}
	}
	return s
}
