// Reads every YAML file journeymap wrote (the corpus: N.yaml beside N.json) with go-yaml v3,
// the reader of Go tools such as yq, kubectl plugins and Hugo, and prints one JSON line a
// file: {"file": "N.yaml", "data": …} with the data in the file's own key order, or
// {"file": "N.yaml", "error": "…"} when go-yaml rejects it. read.py --go compares the lines
// with journeymap's data (N.json), as it does for its own readers.
//
// Values keep what go-yaml made of them: a timestamp or a merge key that journeymap reads
// as a string comes out as {"go-yaml timestamp": …} or a "<<" merge, which do not compare
// equal, so the difference is reported rather than hidden.
//
// Usage (Debian's golang-go and golang-gopkg-yaml.v3-dev, no module download):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run read.go CORPUS_DIR
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"time"

	"gopkg.in/yaml.v3"
)

// ordered writes a node as JSON, keeping mapping keys in the file's order.
func ordered(node *yaml.Node, out *bytes.Buffer) error {
	switch node.Kind {
	case yaml.DocumentNode:
		if len(node.Content) == 0 {
			out.WriteString("null")
			return nil
		}
		return ordered(node.Content[0], out)
	case yaml.AliasNode:
		return ordered(node.Alias, out)
	case yaml.MappingNode:
		out.WriteByte('{')
		for i := 0; i+1 < len(node.Content); i += 2 {
			if i > 0 {
				out.WriteByte(',')
			}
			key := node.Content[i]
			name := key.Value
			if key.Tag == "!!merge" {
				name = "<< (go-yaml merge key)"
			} else if key.Kind != yaml.ScalarNode {
				name = fmt.Sprintf("(a %s key)", key.Tag)
			}
			encoded, _ := json.Marshal(name)
			out.Write(encoded)
			out.WriteByte(':')
			if err := ordered(node.Content[i+1], out); err != nil {
				return err
			}
		}
		out.WriteByte('}')
		return nil
	case yaml.SequenceNode:
		out.WriteByte('[')
		for i, item := range node.Content {
			if i > 0 {
				out.WriteByte(',')
			}
			if err := ordered(item, out); err != nil {
				return err
			}
		}
		out.WriteByte(']')
		return nil
	case yaml.ScalarNode:
		var value interface{}
		if err := node.Decode(&value); err != nil {
			return err
		}
		switch v := value.(type) {
		case time.Time:
			value = map[string]string{"go-yaml timestamp": v.Format(time.RFC3339Nano)}
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				value = map[string]string{"go-yaml float": fmt.Sprint(v)}
			}
		}
		encoded, err := json.Marshal(value)
		if err != nil {
			return err
		}
		out.Write(encoded)
		return nil
	}
	return fmt.Errorf("a node of kind %d", node.Kind)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run read.go CORPUS_DIR")
		os.Exit(2)
	}
	files, err := filepath.Glob(filepath.Join(os.Args[1], "*.yaml"))
	if err != nil || len(files) == 0 {
		fmt.Fprintf(os.Stderr, "no YAML files in %s\n", os.Args[1])
		os.Exit(1)
	}
	sort.Strings(files)
	lines := json.NewEncoder(os.Stdout)
	for _, file := range files {
		name := filepath.Base(file)
		text, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var document yaml.Node
		var data bytes.Buffer
		if err = yaml.Unmarshal(text, &document); err == nil {
			err = ordered(&document, &data)
		}
		if err != nil {
			lines.Encode(map[string]string{"file": name, "error": err.Error()})
			continue
		}
		lines.Encode(map[string]interface{}{"file": name, "data": json.RawMessage(data.Bytes())})
	}
}
