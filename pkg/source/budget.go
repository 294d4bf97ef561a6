package source

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// MaxCallsPerKPI bounds the upstream calls one KPI of a query may make
// (docs/limits.md). A dashboard query needs a handful (series, value, previous
// period, baselines, one per SLO); the bound stops a hostile or mistaken query
// (a year of one-second slices) from sending thousands.
const MaxCallsPerKPI = 100

type budgetKey struct{}

type callBudget struct {
	left  atomic.Int64
	limit int64
}

// WithCallBudget starts a budget of n upstream calls for the work under ctx.
func WithCallBudget(ctx context.Context, n int) context.Context {
	b := &callBudget{limit: int64(n)}
	b.left.Store(int64(n))
	return context.WithValue(ctx, budgetKey{}, b)
}

// SpendCalls takes n calls from the context's budget before they are made, or
// says why they may not be made. Without a budget it always succeeds.
func SpendCalls(ctx context.Context, n int) error {
	b, ok := ctx.Value(budgetKey{}).(*callBudget)
	if !ok {
		return nil
	}
	if b.left.Add(-int64(n)) < 0 {
		return BadInput("the query would need more than %d upstream calls for one KPI (docs/limits.md); use a shorter range, a coarser step, fewer or longer burn windows, or a larger budgeting slice", b.limit)
	}
	return nil
}

// Resolution is a source that knows the finest time resolution of its data
// (Prometheus: the scrape interval). Shorter burn windows are refused.
type Resolution interface {
	Resolution() ResolutionInfo
}

// ResolutionInfo is the finest resolution and where it comes from, for errors.
type ResolutionInfo struct {
	Step time.Duration
	Why  string
}

func (r ResolutionInfo) String() string { return fmt.Sprintf("%s (%s)", r.Step, r.Why) }
