package openslo

import (
	"bytes"
	"encoding/json"

	"gopkg.in/yaml.v3"

	"github.com/northstar/kpi/pkg/catalog"
)

// marshalCatalog writes KPIs as a catalog document. The catalog's types carry
// JSON tags that leave out empty fields and write durations the way catalogs are
// written ("28d", "5m"), but no YAML marshalling of their own (a Duration would
// come out as nanoseconds), so the KPIs go through JSON into a YAML tree, which
// keeps the fields' order; empty values are pruned and, with short, a single SLO
// is written in the short form "slo:" like the example catalog.
func marshalCatalog(kpis []catalog.KPI, head string, short bool) ([]byte, error) {
	if kpis == nil {
		kpis = []catalog.KPI{}
	}
	js, err := json.Marshal(catalog.Catalog{APIVersion: catalog.APIVersion, KPIs: kpis})
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(js, &doc); err != nil {
		return nil, err
	}
	root := doc.Content[0]
	plain(root)
	prune(root, true)
	if short {
		shortSLO(root)
	}
	root.HeadComment = head
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// plain drops the JSON flow style and quotes; the encoder quotes again only what
// needs it ("3" stays a string, 0.995 a number).
func plain(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		plain(c)
	}
}

// prune removes nulls, empty strings, and mappings and lists left empty, below
// the top level; kpis: [] stays for an empty catalog.
func prune(n *yaml.Node, top bool) bool {
	switch n.Kind {
	case yaml.MappingNode:
		kept := n.Content[:0]
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			// A SQL condition's value is data: "" compares with the empty string.
			isValue := k.Value == "value" || k.Value == "values"
			if prune(v, false) || (top && v.Kind == yaml.SequenceNode) || isValue {
				kept = append(kept, k, v)
			}
		}
		n.Content = kept
		return len(n.Content) > 0
	case yaml.SequenceNode:
		for _, c := range n.Content {
			prune(c, false)
		}
		return len(n.Content) > 0
	case yaml.ScalarNode:
		return !(n.Tag == "!!null" || (n.Tag == "!!str" && n.Value == ""))
	}
	return true
}

// shortSLO rewrites "slos: [one]" as "slo: one".
func shortSLO(root *yaml.Node) {
	kpis := mapValue(root, "kpis")
	if kpis == nil {
		return
	}
	for _, k := range kpis.Content {
		for i := 0; i+1 < len(k.Content); i += 2 {
			if k.Content[i].Value == "slos" && len(k.Content[i+1].Content) == 1 {
				k.Content[i].Value = "slo"
				k.Content[i+1] = k.Content[i+1].Content[0]
			}
		}
	}
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
