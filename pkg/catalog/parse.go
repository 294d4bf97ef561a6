package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Parse reads and validates a catalog document. It returns every problem at once;
// the catalog is usable only when no problem is returned.
func Parse(data []byte) (*Catalog, []Problem) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, []Problem{{Line: yamlErrorLine(err), Message: cleanYAMLError(err)}}
	}
	if len(root.Content) == 0 {
		return nil, []Problem{{Message: "the catalog is empty"}}
	}
	lines := pathLines{}
	lines.walk(root.Content[0], "")

	var cat Catalog
	var problems []Problem
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cat); err != nil && !errors.Is(err, io.EOF) {
		problems = append(problems, decodeProblems(err, lines)...)
	}
	problems = append(problems, validate(&cat, lines)...)
	if len(problems) > 0 {
		return nil, problems
	}
	return &cat, nil
}

// pathLines maps a catalog path such as kpis[3].query.ratio.good to its line.
type pathLines map[string]int

func (pl pathLines) walk(n *yaml.Node, path string) {
	if path != "" || len(pl) == 0 {
		pl[path] = n.Line
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			child := key.Value
			if path != "" {
				child = path + "." + key.Value
			}
			pl.walk(val, child)
			if val.Kind != yaml.ScalarNode {
				pl[child] = key.Line
			}
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			pl.walk(item, fmt.Sprintf("%s[%d]", path, i))
		}
	}
}

// line finds the line of a path, or of its nearest ancestor that exists.
func (pl pathLines) line(path string) int {
	for p := path; p != ""; p = parentPath(p) {
		if l, ok := pl[p]; ok {
			return l
		}
	}
	return 0
}

// pathAt finds the deepest path that starts on a line, for decoder errors that
// only know their line.
func (pl pathLines) pathAt(line int) string {
	best := ""
	for p, l := range pl {
		if l == line && len(p) > len(best) {
			best = p
		}
	}
	return best
}

func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i <= 0 {
		return ""
	}
	return p[:i]
}

var lineRE = regexp.MustCompile(`line (\d+): (.*)`)

func decodeProblems(err error, lines pathLines) []Problem {
	var typeErr *yaml.TypeError
	if !errors.As(err, &typeErr) {
		return []Problem{{Line: yamlErrorLine(err), Message: cleanYAMLError(err)}}
	}
	problems := make([]Problem, 0, len(typeErr.Errors))
	for _, msg := range typeErr.Errors {
		p := Problem{Message: msg}
		if m := lineRE.FindStringSubmatch(msg); m != nil {
			p.Line, _ = strconv.Atoi(m[1])
			p.Message = friendlyDecodeMessage(m[2])
			p.Path = lines.pathAt(p.Line)
		}
		problems = append(problems, p)
	}
	return problems
}

var fieldNotFoundRE = regexp.MustCompile(`field (\S+) not found in type catalog\.(\w+)`)

func friendlyDecodeMessage(msg string) string {
	if m := fieldNotFoundRE.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("unknown field %q", m[1])
	}
	msg = strings.ReplaceAll(msg, "!!str", "a string")
	msg = strings.ReplaceAll(msg, "!!seq", "a list")
	msg = strings.ReplaceAll(msg, "!!map", "a mapping")
	return msg
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

func yamlErrorLine(err error) int {
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

func cleanYAMLError(err error) string {
	return strings.TrimPrefix(err.Error(), "yaml: ")
}
