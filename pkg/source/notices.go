package source

import (
	"context"
	"slices"
	"sync"
)

// Notice is something the upstream said besides its answer (Prometheus's
// warnings and infos), to be shown with the frames it concerns.
type Notice struct {
	Warning bool
	Text    string
}

// Notices collects the notices of one KPI's evaluation, each once.
type Notices struct {
	mu   sync.Mutex
	list []Notice
}

type noticesKey struct{}

// WithNotices starts collecting notices for the work under ctx.
func WithNotices(ctx context.Context) (context.Context, *Notices) {
	n := &Notices{}
	return context.WithValue(ctx, noticesKey{}, n), n
}

// Notify adds notices to the context's collection; without one they are dropped.
func Notify(ctx context.Context, ns ...Notice) {
	c, ok := ctx.Value(noticesKey{}).(*Notices)
	if !ok || len(ns) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range ns {
		if !slices.Contains(c.list, n) {
			c.list = append(c.list, n)
		}
	}
}

// List is the notices collected, in the order they came.
func (n *Notices) List() []Notice {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.list)
}
