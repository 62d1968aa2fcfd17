package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/orders-api/orders-api/internal/order"
)

// The demo's customers: Brazilian first and last names.
var (
	firstNames = [...]string{"Ana", "Bruno", "Camila", "Diego", "Eduarda", "Felipe", "Gabriela", "Henrique",
		"Isabela", "João", "Juliana", "Lucas", "Mariana", "Mateus", "Natália", "Otávio", "Patrícia", "Rafael",
		"Sabrina", "Thiago", "Vitória", "Gustavo", "Larissa", "Leonardo", "Beatriz", "Rodrigo", "Fernanda",
		"Carlos", "Letícia", "André"}
	lastNames = [...]string{"Souza", "Oliveira", "Santos", "Pereira", "Lima", "Carvalho", "Ferreira", "Rodrigues",
		"Almeida", "Costa", "Gomes", "Martins", "Araújo", "Ribeiro", "Barbosa", "Rocha", "Dias", "Nascimento",
		"Moreira", "Cavalcanti", "Teixeira", "Correia", "Mendes", "Freitas", "Conceição"}
)

// product is a line of the demo store's catalogue.
type product struct {
	sku        string
	name       string
	priceCents int64
}

// catalogue is what the demo store sells.
var catalogue = [...]product{
	{"CAM-01", "Camiseta Básica Algodão", 4990}, {"CAM-02", "Camiseta Estampada", 6990},
	{"CAL-01", "Calça Jeans Slim", 15990}, {"BER-01", "Bermuda Sarja", 8990},
	{"VES-01", "Vestido Midi Floral", 18990}, {"TEN-01", "Tênis Casual Couro", 29990},
	{"MEI-03", "Kit 3 Pares de Meias", 3990}, {"BON-01", "Boné Aba Curva", 5990},
	{"JAQ-01", "Jaqueta Corta-Vento", 22990}, {"MOC-01", "Mochila Urbana 20L", 17990},
	{"CIN-01", "Cinto de Couro", 7990}, {"OCU-01", "Óculos de Sol Polarizado", 12990},
}

// newCustomer returns a customer with a valid CPF, or none when withCPF is
// false (the ERPs refuse such orders).
func newCustomer(rng *rand.Rand, withCPF bool) order.Customer {
	first, last := firstNames[rng.IntN(len(firstNames))], lastNames[rng.IntN(len(lastNames))]
	email := fmt.Sprintf("%s.%s%d@example.com", ascii(first), ascii(last), rng.IntN(100))
	c := order.Customer{Name: first + " " + last, Email: &email}
	if withCPF {
		cpf := newCPF(rng)
		c.Document = &cpf
	}
	return c
}

// newCPF returns a random CPF with valid check digits, as 123.456.789-09.
func newCPF(rng *rand.Rand) string {
	d := make([]int, 11)
	for i := range 9 {
		d[i] = rng.IntN(10)
	}
	for n := 9; n <= 10; n++ { // each check digit weighs the digits before it from n+1 down to 2
		sum := 0
		for i := range n {
			sum += d[i] * (n + 1 - i)
		}
		d[n] = sum * 10 % 11 % 10
	}
	return fmt.Sprintf("%d%d%d.%d%d%d.%d%d%d-%d%d", d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10])
}

// newItems returns one to three lines of the catalogue.
func newItems(rng *rand.Rand) []order.Item {
	n := 1 + rng.IntN(3)
	items := make([]order.Item, 0, n)
	for _, i := range rng.Perm(len(catalogue))[:n] {
		p := catalogue[i]
		items = append(items, order.Item{SKU: p.sku, Name: p.name, Quantity: 1 + int64(rng.IntN(2)), UnitPriceCents: p.priceCents})
	}
	return items
}

// ascii lowercases a name and drops its accents, for an email address.
func ascii(s string) string {
	return strings.NewReplacer("á", "a", "â", "a", "ã", "a", "é", "e", "ê", "e", "í", "i", "ó", "o", "ô", "o",
		"ú", "u", "ç", "c").Replace(strings.ToLower(s))
}

// digits returns n random digits, for the ERPs' ids and NF-e keys.
func digits(rng *rand.Rand, n int) string {
	var b strings.Builder
	b.WriteByte(byte('1' + rng.IntN(9)))
	for range n - 1 {
		b.WriteByte(byte('0' + rng.IntN(10)))
	}
	return b.String()
}
