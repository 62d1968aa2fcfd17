package demo

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"
)

// cpf is the printed form of a CPF.
var cpf = regexp.MustCompile(`^\d{3}\.\d{3}\.\d{3}-\d{2}$`)

// base is a fixed time of seeding.
var base = time.Date(2026, 11, 26, 14, 3, 7, 0, time.UTC)

// validCPF checks a CPF's two check digits, the way the Receita Federal
// defines them: each is 11 minus the remainder by 11 of the digits before it
// weighted from 10 (or 11) down to 2, and 0 when that is 10 or 11.
func validCPF(s string) bool {
	s = strings.NewReplacer(".", "", "-", "").Replace(s)
	if len(s) != 11 {
		return false
	}
	for _, n := range []int{9, 10} {
		sum := 0
		for i := range n {
			sum += int(s[i]-'0') * (n + 1 - i)
		}
		check := 11 - sum%11
		if check >= 10 {
			check = 0
		}
		if int(s[n]-'0') != check {
			return false
		}
	}
	return true
}

func TestNewCPF(t *testing.T) {
	t.Parallel()
	if !validCPF("529.982.247-25") || validCPF("529.982.247-26") {
		t.Fatal("validCPF is wrong on a known CPF")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		if c := newCPF(rng); !cpf.MatchString(c) || !validCPF(c) {
			t.Fatalf("newCPF() = %q, not a valid CPF", c)
		}
	}
}

// TestPlanIsDeterministic: the data set is the same on every run, relative
// to the time of seeding.
func TestPlanIsDeterministic(t *testing.T) {
	t.Parallel()
	a, b := plan(base), plan(base)
	if len(a) != orderCount || a[17].in.Number != b[17].in.Number || a[17].in.Customer.Name != b[17].in.Customer.Name ||
		len(a[17].steps) != len(b[17].steps) {
		t.Fatal("two plans differ")
	}
}
