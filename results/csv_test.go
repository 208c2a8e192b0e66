package results

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestWriteCSVGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, sampleRecords()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "results.csv.golden", buf.Bytes())
}

// summaryOnly clears what results.csv does not carry.
func summaryOnly(r Record) Record {
	r.Repeats, r.LatenciesNs, r.Recalls, r.SameClusterShares = nil, nil, nil, nil
	return r
}

func TestCSVRoundTrip(t *testing.T) {
	recs := sampleRecords()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, recs); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCSV(&buf, "results.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(recs) {
		t.Fatalf("read %d records, want %d", len(got), len(recs))
	}
	for i := range recs {
		// Compare through JSON: it treats nil and empty maps alike and
		// compares times by instant.
		w, _ := json.Marshal(summaryOnly(recs[i]))
		g, _ := json.Marshal(got[i])
		if !bytes.Equal(g, w) {
			t.Errorf("record %d:\n got %s\nwant %s", i, g, w)
		}
	}
}

func TestCSVReorderedColumns(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, sampleRecords()[:1]); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	// Swap the first two columns (name, status) of both lines.
	swap := func(s string) string {
		f := strings.SplitN(s, ",", 3)
		return f[1] + "," + f[0] + "," + f[2]
	}
	got, err := ReadCSV(strings.NewReader(swap(lines[0])+"\n"+swap(lines[1])+"\n"), "r.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Name != sampleRecords()[0].Name || got[0].Status != StatusOK {
		t.Errorf("reordered columns read as name %q status %q", got[0].Name, got[0].Status)
	}
}

func TestReadCSVErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, sampleRecords()); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	header, _, _ := strings.Cut(good, "\n")
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{"empty", "", "r.csv: empty file, want a header line"},
		{"unknown column", header + ",colour\n", `r.csv:1: unknown column "colour"`},
		{"missing column", strings.Replace(header, ",qps,", ",", 1) + "\n", `r.csv:1: missing column "qps"`},
		{"repeated column", header + ",qps\n", `r.csv:1: column "qps" appears twice`},
		{"bad number", strings.Replace(good, ",1000,", ",many,", 1), `r.csv:2: column n: strconv.Atoi: parsing "many"`},
		{"bad json", strings.Replace(good, `"{""efSearch"":64}"`, `"{efSearch}"`, 1), "r.csv:3: column search: invalid character"},
		{"short row", header + "\na,b\n", "r.csv: record on line 2: wrong number of fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tt.input), "r.csv")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadCSV error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestWriteCSVRejectsPlusInGroup(t *testing.T) {
	recs := sampleRecords()
	recs[0].Groups = []string{"a+b"}
	err := WriteCSV(&bytes.Buffer{}, recs)
	if err == nil || !strings.Contains(err.Error(), `group "a+b" cannot be joined with +`) {
		t.Errorf("WriteCSV error = %v, want the group named", err)
	}
}
