package wire

import (
	"testing"
	"time"
)

// formatTime must write what time.Format wrote with the contract's layout.
func TestFormatTimeIsTheLayout(t *testing.T) {
	times := []time.Time{
		time.Date(2026, 11, 26, 14, 3, 7, 0, time.UTC),
		time.Date(2026, 11, 26, 14, 3, 7, 123456789, time.UTC),
		time.Date(2026, 1, 2, 3, 4, 5, 120000000, time.FixedZone("BRT", -3*3600)),
		time.Date(1, 1, 1, 0, 0, 0, 1000, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 6, 1, 0, 0, 0, 100000, time.UTC),
	}
	for _, tm := range times {
		want := tm.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.999999Z07:00")
		if got := FormatTime(tm); got != want {
			t.Errorf("FormatTime(%v) = %q, want %q", tm, got, want)
		}
	}
}

func FuzzFormatTime(f *testing.F) {
	f.Add(int64(1795546665380000000))
	f.Fuzz(func(t *testing.T, ns int64) {
		tm := time.Unix(0, ns)
		want := tm.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.999999Z07:00")
		if got := FormatTime(tm); got != want {
			t.Errorf("FormatTime(%v) = %q, want %q", tm, got, want)
		}
	})
}

func TestFormatTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 11, 26, 14, 3, 7, 0, time.UTC), "2026-11-26T14:03:07Z"},
		{time.Date(2026, 11, 26, 14, 3, 7, 120000000, time.UTC), "2026-11-26T14:03:07.12Z"},
		{time.Date(2026, 11, 26, 11, 3, 7, 123456789, time.FixedZone("-03", -3*3600)), "2026-11-26T14:03:07.123456Z"},
	}
	for _, tt := range tests {
		if got := FormatTime(tt.in); got != tt.want {
			t.Errorf("FormatTime(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
