package config

import "testing"

func TestStreamsPerKey(t *testing.T) {
	t.Parallel()
	c, err := Load(env(map[string]string{"STREAMS_PER_KEY": "12"}))
	if err != nil || c.StreamsPerKey != 12 {
		t.Errorf("STREAMS_PER_KEY=12: %d, %v", c.StreamsPerKey, err)
	}
	for _, bad := range []string{"0", "-1", "x", "1.5"} {
		if _, err := Load(env(map[string]string{"STREAMS_PER_KEY": bad})); err == nil {
			t.Errorf("STREAMS_PER_KEY=%s: accepted", bad)
		}
	}
}
