package sqldb

import (
	"encoding/json"
	"reflect"
	"testing"
)

// itemTexts are items columns: FromOrder's shape, and others that must go
// to encoding/json.
var itemTexts = []string{
	`[]`,
	`[{"sku":"CAM-01","name":"Camiseta <P>","quantity":2,"unit_price_cents":9995}]`,
	`[{"sku":"A","name":"Café & pão","quantity":1,"unit_price_cents":0},{"sku":"B","name":"","quantity":1000000,"unit_price_cents":9007199254740991}]`,
	`[{"sku":"A\"B","name":"x\\y\n","quantity":1,"unit_price_cents":1}]`,
	`[ {"sku":"A","name":"B","quantity":1,"unit_price_cents":1} ]`,
	`[{"name":"B","sku":"A","quantity":1,"unit_price_cents":1}]`,
	`[{"sku":"A","name":"B","quantity":1.5,"unit_price_cents":1}]`,
	`[{"sku":"A","name":"B","quantity":01,"unit_price_cents":1}]`,
	`[{"sku":"A","name":"B","quantity":-3,"unit_price_cents":1e3}]`,
	`[{"sku":"A","name":"B","quantity":1,"unit_price_cents":99999999999999999999}]`,
	"[{\"sku\":\"\xff\",\"name\":\"B\",\"quantity\":1,\"unit_price_cents\":1}]",
	`[{"sku":"A","name":"B","quantity":1,"unit_price_cents":1}]x`,
	`[{"sku":"A","name":"B","quantity":1,"unit_price_cents":1},]`,
	`null`, ``, `[`, `{}`,
}

func TestDecodeItemsIsJSONUnmarshal(t *testing.T) {
	for _, text := range itemTexts {
		checkItems(t, text)
	}
}

func FuzzDecodeItems(f *testing.F) {
	for _, text := range itemTexts {
		f.Add(text)
	}
	f.Fuzz(checkItems)
}

// checkItems fails t when DecodeItems and json.Unmarshal disagree on text.
func checkItems(t *testing.T, text string) {
	got, gotErr := DecodeItems(text)
	var want []ItemJSON
	wantErr := json.Unmarshal([]byte(text), &want)
	if (gotErr == nil) != (wantErr == nil) || (gotErr == nil && !reflect.DeepEqual(got, want)) {
		t.Errorf("DecodeItems(%q) = %#v, %v; json.Unmarshal: %#v, %v", text, got, gotErr, want, wantErr)
	}
}
