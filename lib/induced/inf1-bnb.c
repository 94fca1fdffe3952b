/* inf1-bnb.c — exact ‖H‖_{∞,1} for symmetric PSD H by branch and bound.
 *
 * For PSD H, ‖H‖_{∞,1} = max_{x ∈ {±1}^n} xᵀHx (‖Hx‖₁ >= xᵀHx for every sign
 * vector, with equality at the maximizer of xᵀHx, Proposition 5 of the paper),
 * a MAX-CUT-type problem; x and −x agree, so x_0 = +1.
 *
 * Nodes.  A node fixes the signs s_F of a set F and leaves U free.  With
 * x = (s_F, x_U),
 *     xᵀHx = s_Fᵀ H_FF s_F + 2 cᵀx_U + x_Uᵀ H_UU x_U,   c = H_UF s_F,
 * and the linear term is absorbed by one more sign t:
 *     max_{x_U} 2cᵀx_U + x_Uᵀ H_UU x_U = max_{t, x_U} [t; x_U]ᵀ M̃ [t; x_U],
 *     M̃ = [[0, cᵀ], [c, H_UU]],
 * because (t, x_U) and (−t, −x_U) give the same value, so t = +1 may be
 * assumed.  The node is thus a smaller MAX-CUT problem of size |U| + 1 plus the
 * constant K = s_FᵀH_FF s_F.
 *
 * Bounds.  Every node's upper bound is K + Σ l_i for an l with diag(l) ⪰ M̃
 * proved by a Cholesky factorization (steepest_sdp_certify): weak duality of
 * the SDP relaxation makes that an upper bound on the node's maximum whatever
 * the quality of l.  The mixing method only supplies the candidate l (it is
 * warm-started from the parent's vectors, so a few sweeps suffice); its own
 * dual value is never used for pruning.  K and c carry rounding, bounded and
 * added (margin()).  Nodes with at most LEAF_FREE free signs are enumerated
 * exactly instead (Gray code, O(|U|) per sign vector).
 *
 * Incumbents.  The local search (all-ones and random starts) at the root, then
 * at every node Goemans–Williamson rounding of the node's vectors completed
 * by the fixed signs, polished by one-flip ascent on xᵀHx over all signs.
 *
 * Search.  Best first (the open node of largest bound next), so the certified
 * interval [incumbent, max open bound] narrows steadily; the worker threads
 * share the queue.  A node is closed when its bound is at most the incumbent
 * (up to a relative 1e-12: "exact" means up to rounding, as for the
 * enumeration).  Progress is the fraction of the 2^(n−1) sign vectors in
 * closed nodes.  On the time budget the result is the interval, not exact.
 */
#include "induced/matrix-private.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* Nodes with this many free signs or fewer are enumerated (2^16 steps of
 * O(16): cheaper than an SDP bound). */
#define LEAF_FREE 16
/* Pruning slack, relative to the incumbent. */
#define PRUNE_REL 1e-12
/* Sweeps of the warm-started mixing method per node. */
#define NODE_SWEEPS 60
/* Goemans–Williamson roundings per node. */
#define NODE_ROUNDS 2

typedef struct {
    double bound;       /* certified upper bound on the node's maximum of xᵀHx */
    unsigned depth;     /* number of fixed signs (>= 1: x_0 is fixed) */
    signed char *state; /* n entries: 0 free, +1 / −1 fixed */
    double *V;          /* (free + 1) x k unit vectors (row 0: t), or NULL */
} Node;

typedef struct {
    size_t n, k;
    const double *H;    /* exactly symmetric PSD, row-major */
    double *diag;       /* H_jj */
    double max_abs_row; /* max_i Σ_j |H_ij| (rounding margins) */
    /* shared state, under lock */
    GMutex lock;
    GCond cond;
    Node **heap;
    size_t heap_len, heap_cap;
    double incumbent; /* best xᵀHx so far */
    double *best_x;
    double closed; /* fraction of sign vectors in closed nodes */
    unsigned busy;
    double *busy_bound; /* bound of the node each worker holds, or −Inf */
    gboolean stop, cancelled, timed_out, failed;
    int fail_rc;
    char *fail_msg;
    gint64 deadline; /* monotonic µs; 0: none */
    int (*progress)(void *, double);
    void *user_data;
    double last_report;
    uint64_t seed;
    uint64_t nodes;
} Bnb;

typedef struct {
    Bnb *b;
    unsigned id;
    uint64_t rng;
    size_t *U; /* free indices */
    double *c, *Mt, *l, *g, *x, *xg, *r, *Vc;
} Worker;

/* ---- the priority queue (max-heap on bound) ---- */

static gboolean
heap_push(Bnb *b, Node *node)
{
    if (b->heap_len == b->heap_cap) {
        size_t cap = b->heap_cap ? 2 * b->heap_cap : 256;
        Node **h = g_try_renew(Node *, b->heap, cap);
        if (h == NULL)
            return FALSE;
        b->heap = h;
        b->heap_cap = cap;
    }
    size_t i = b->heap_len++;
    while (i > 0 && b->heap[(i - 1) / 2]->bound < node->bound) {
        b->heap[i] = b->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    b->heap[i] = node;
    return TRUE;
}

static Node *
heap_pop(Bnb *b)
{
    Node *top = b->heap[0], *last = b->heap[--b->heap_len];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= b->heap_len)
            break;
        if (c + 1 < b->heap_len && b->heap[c + 1]->bound > b->heap[c]->bound)
            c++;
        if (!(b->heap[c]->bound > last->bound))
            break;
        b->heap[i] = b->heap[c];
        i = c;
    }
    if (b->heap_len > 0)
        b->heap[i] = last;
    return top;
}

static void
node_free(Node *node)
{
    if (node != NULL) {
        g_free(node->state);
        g_free(node->V);
        g_free(node);
    }
}

/* ---- one node ---- */

/* xᵀHx afresh. */
static double
quad_value(const Bnb *b, const double *x)
{
    SteepestRows A = steepest_rows_dense(b->n, b->H);
    double q = 0.0;
    for (size_t i = 0; i < b->n; i++)
        q += x[i] * steepest_rows_dot(&A, i, x);
    return q;
}

/* Offers the full sign vector x as an incumbent (under the lock). */
static void
offer(Bnb *b, const double *x)
{
    double v = quad_value(b, x);
    g_mutex_lock(&b->lock);
    if (v > b->incumbent) {
        b->incumbent = v;
        memcpy(b->best_x, x, b->n * sizeof *x);
    }
    g_mutex_unlock(&b->lock);
}

/* K = s_FᵀH_FF s_F and c = H_UF s_F for the node's state; fills w->U, w->x
 * (fixed entries) and returns the number of free signs.  *err bounds the
 * rounding of K + 2cᵀx_U for any x_U: each of the n² products enters with
 * at most n+2 roundings of relative size ε/2. */
static size_t
node_terms(Worker *w, const signed char *state, double *K, double *err)
{
    Bnb *b = w->b;
    size_t n = b->n, m = 0;
    double k = 0.0, mass = 0.0;
    for (size_t i = 0; i < n; i++)
        if (state[i] == 0)
            w->U[m++] = i;
        else
            w->x[i] = state[i];
    for (size_t a = 0; a < m; a++)
        w->c[a] = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (state[i] == 0)
            continue;
        const double *row = b->H + i * n;
        for (size_t j = 0; j < n; j++) {
            if (state[j] != 0) {
                k += state[i] * state[j] * row[j];
                mass += fabs(row[j]);
            }
        }
        for (size_t a = 0; a < m; a++) {
            w->c[a] += state[i] * row[w->U[a]];
            mass += 2.0 * fabs(row[w->U[a]]);
        }
    }
    *K = k;
    *err = (double) (n + 2) * DBL_EPSILON * mass;
    return m;
}

/* Exact maximum over the m free signs by Gray code: f(x_U) = 2cᵀx + xᵀAx with
 * A = H_UU; flipping x_a changes f by 4(A_aa − x_a g_a), g = Ax + c.  The
 * best full sign vector is offered; returns K + max f. */
static double
node_enumerate(Worker *w, size_t m, double K)
{
    Bnb *b = w->b;
    size_t n = b->n;
    double *xu = w->l, *g = w->g, *best = w->r;
    for (size_t a = 0; a < m; a++)
        xu[a] = 1.0;
    double f = 0.0;
    for (size_t a = 0; a < m; a++) {
        double s = w->c[a];
        for (size_t e = 0; e < m; e++)
            s += b->H[w->U[a] * n + w->U[e]];
        g[a] = s;
        f += s + w->c[a];
    }
    double fbest = f;
    memcpy(best, xu, m * sizeof *xu);
    uint64_t steps = (uint64_t) 1 << m;
    for (uint64_t s = 1; s < steps; s++) {
        size_t a = (size_t) __builtin_ctzll(s);
        f += 4.0 * (b->diag[w->U[a]] - xu[a] * g[a]);
        double d = -2.0 * xu[a];
        xu[a] = -xu[a];
        const double *row = b->H + w->U[a] * n;
        for (size_t e = 0; e < m; e++)
            g[e] += d * row[w->U[e]];
        if (f > fbest) {
            fbest = f;
            memcpy(best, xu, m * sizeof *xu);
        }
    }
    for (size_t a = 0; a < m; a++)
        w->x[w->U[a]] = best[a];
    offer(b, w->x);
    return K + fbest;
}

/* Rounds the node's vectors to full sign vectors, polishes them by one-flip
 * ascent over all n signs, and offers them. */
static void
node_round(Worker *w, size_t m, const double *V)
{
    Bnb *b = w->b;
    size_t k = b->k;
    SteepestRows A = steepest_rows_dense(b->n, b->H);
    for (int t = 0; t < NODE_ROUNDS; t++) {
        for (size_t u = 0; u < k; u++)
            w->r[u] = induced_rng_normal(&w->rng);
        double side = 0.0;
        for (size_t u = 0; u < k; u++)
            side += V[u] * w->r[u];
        for (size_t a = 0; a < m; a++) {
            double d = 0.0;
            for (size_t u = 0; u < k; u++)
                d += V[(a + 1) * k + u] * w->r[u];
            w->x[w->U[a]] = (d >= 0.0) == (side >= 0.0) ? 1.0 : -1.0;
        }
        steepest_rows_quadratic_ascent(&A, b->diag, NULL, w->x, w->xg);
        offer(b, w->x);
    }
}

/* Bounds the node `state` (warm vectors Vwarm, (m + 1) x k, or NULL);
 * *closed is set when the node was solved exactly.  V_out ((m+1) x k) gets
 * the node's vectors. */
static int
node_bound(Worker *w, const signed char *state, const double *Vwarm, double *bound, gboolean *closed,
           double *V_out)
{
    Bnb *b = w->b;
    size_t n = b->n, k = b->k;
    double K = 0.0, err = 0.0;
    size_t m = node_terms(w, state, &K, &err);
    *closed = m <= LEAF_FREE;
    if (*closed) {
        *bound = node_enumerate(w, m, K) + err;
        return STEEPEST_OK;
    }
    size_t N = m + 1;
    double *Mt = w->Mt;
    Mt[0] = 0.0;
    for (size_t a = 0; a < m; a++) {
        Mt[a + 1] = Mt[(a + 1) * N] = w->c[a];
        const double *row = b->H + w->U[a] * n;
        for (size_t e = 0; e < m; e++)
            Mt[(a + 1) * N + (e + 1)] = row[w->U[e]];
    }
    SteepestRows M = steepest_rows_dense(N, Mt);
    if (Vwarm != NULL)
        memcpy(V_out, Vwarm, N * k * sizeof *V_out);
    double dual = 0.0, res = 0.0, primal = 0.0;
    int rc =
        steepest_sdp_mixing(&M, k, NODE_SWEEPS, 1e-9, w->rng, Vwarm != NULL, V_out, &dual, w->l, &res, NULL);
    if (rc == STEEPEST_OK)
        rc = steepest_sdp_certify(&M, res, w->l, &primal);
    if (rc != STEEPEST_OK)
        return rc;
    *bound = K + primal + err;
    node_round(w, m, V_out);
    return STEEPEST_OK;
}

/* ---- the search ---- */

/* The free variable to branch on: the one whose vector is most aligned with
 * t (the SDP is surest of its sign), and that sign, tried first. */
static size_t
branch_choice(const Bnb *b, const Node *node, size_t m, double *prefer)
{
    size_t k = b->k, best = 0;
    double best_abs = -1.0;
    for (size_t a = 0; a < m; a++) {
        double d = 0.0;
        for (size_t u = 0; u < k; u++)
            d += node->V[u] * node->V[(a + 1) * k + u];
        if (fabs(d) > best_abs) {
            best_abs = fabs(d);
            best = a;
            *prefer = d >= 0.0 ? 1.0 : -1.0;
        }
    }
    return best;
}

static void
fail_locked(Bnb *b, int rc)
{
    if (!b->failed) {
        b->failed = TRUE;
        b->fail_rc = rc;
        b->fail_msg = g_strdup(steepest_last_error());
    }
    b->stop = TRUE;
    g_cond_broadcast(&b->cond);
}

/* Reports progress (under the lock); a nonzero answer cancels. */
static void
report_locked(Bnb *b)
{
    if (b->progress == NULL || b->closed < b->last_report + 1e-3)
        return;
    b->last_report = b->closed;
    if (b->progress(b->user_data, fmin(b->closed, 1.0)) != 0) {
        b->cancelled = b->stop = TRUE;
        g_cond_broadcast(&b->cond);
    }
}

/* Makes the two children of `node` (branching on free index a = U[a]),
 * bounds them outside the lock, then closes or queues them. */
static int
expand(Worker *w, Node *node)
{
    Bnb *b = w->b;
    size_t n = b->n, k = b->k;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += node->state[i] == 0;
    double prefer = 1.0;
    size_t a = branch_choice(b, node, m, &prefer);
    /* The children's warm start: the node's vectors without row a + 1. */
    memcpy(w->Vc, node->V, (a + 1) * k * sizeof *w->Vc);
    memcpy(w->Vc + (a + 1) * k, node->V + (a + 2) * k, (m - a - 1) * k * sizeof *w->Vc);
    size_t j = 0;
    for (size_t i = 0, seen = 0; i < n; i++)
        if (node->state[i] == 0 && seen++ == a)
            j = i;
    double weight = ldexp(1.0, -(int) node->depth); /* each child's share of the sign vectors */
    for (int side = 0; side < 2; side++) {
        Node *child = g_try_new0(Node, 1);
        if (child != NULL)
            child->state = g_try_new(signed char, n);
        if (child != NULL && child->state != NULL)
            child->V = g_try_new(double, m *k);
        if (child == NULL || child->state == NULL || child->V == NULL) {
            node_free(child);
            return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 branch and bound: out of memory for a node");
        }
        memcpy(child->state, node->state, n);
        child->state[j] = (signed char) (side == 0 ? prefer : -prefer);
        child->depth = node->depth + 1;
        gboolean closed = FALSE;
        int rc = node_bound(w, child->state, w->Vc, &child->bound, &closed, child->V);
        if (rc != STEEPEST_OK) {
            node_free(child);
            return rc;
        }
        g_mutex_lock(&b->lock);
        b->nodes++;
        gboolean pruned = closed || child->bound <= b->incumbent + PRUNE_REL * fabs(b->incumbent);
        if (pruned)
            b->closed += weight;
        else if (!heap_push(b, child)) {
            g_mutex_unlock(&b->lock);
            node_free(child);
            return steepest_fail(STEEPEST_ERROR_NO_MEMORY,
                                 "inf1 branch and bound: out of memory for the queue");
        }
        report_locked(b);
        g_mutex_unlock(&b->lock);
        if (pruned)
            node_free(child);
    }
    return STEEPEST_OK;
}

static void
work(Worker *w)
{
    Bnb *b = w->b;
    g_mutex_lock(&b->lock);
    for (;;) {
        if (b->deadline > 0 && g_get_monotonic_time() >= b->deadline) {
            b->timed_out = b->stop = TRUE;
            g_cond_broadcast(&b->cond);
        }
        if (b->stop)
            break;
        if (b->heap_len == 0) {
            if (b->busy == 0)
                break;
            gint64 until = g_get_monotonic_time() + 50000;
            g_cond_wait_until(&b->cond, &b->lock, until);
            continue;
        }
        Node *node = heap_pop(b);
        if (node->bound <= b->incumbent + PRUNE_REL * fabs(b->incumbent)) {
            b->closed += ldexp(1.0, 1 - (int) node->depth);
            report_locked(b);
            node_free(node);
            continue;
        }
        b->busy++;
        b->busy_bound[w->id] = node->bound;
        g_mutex_unlock(&b->lock);
        int rc = expand(w, node);
        g_mutex_lock(&b->lock);
        node_free(node);
        b->busy--;
        b->busy_bound[w->id] = -INFINITY;
        if (rc != STEEPEST_OK)
            fail_locked(b, rc);
        g_cond_broadcast(&b->cond);
    }
    b->stop = TRUE;
    g_cond_broadcast(&b->cond);
    g_mutex_unlock(&b->lock);
}

static gpointer
worker_main(gpointer data)
{
    work(data);
    return NULL;
}

static gboolean
worker_init(Worker *w, Bnb *b, unsigned id)
{
    size_t n = b->n, N = n + 1, k = b->k;
    w->b = b;
    w->id = id;
    w->rng = b->seed ^ (0xa0761d6478bd642fULL * (id + 1));
    w->U = g_try_new(size_t, n);
    w->c = g_try_new(double, n);
    w->Mt = g_try_new(double, N *N);
    w->l = g_try_new(double, N);
    w->g = g_try_new(double, N);
    w->x = g_try_new(double, n);
    w->xg = g_try_new(double, n);
    w->r = g_try_new(double, MAX(k, N));
    w->Vc = g_try_new(double, N *k);
    return w->U && w->c && w->Mt && w->l && w->g && w->x && w->xg && w->r && w->Vc;
}

static void
worker_clear(Worker *w)
{
    g_free(w->U);
    g_free(w->c);
    g_free(w->Mt);
    g_free(w->l);
    g_free(w->g);
    g_free(w->x);
    g_free(w->xg);
    g_free(w->r);
    g_free(w->Vc);
}

/* The root: x_0 = +1 fixed; local search for the first incumbent. */
static int
root(Bnb *b, Worker *w, unsigned restarts)
{
    size_t n = b->n;
    SteepestRows A = steepest_rows_dense(n, b->H);
    SteepestSignSearch S = { 0 };
    int rc = steepest_sign_search_init(&S, &A, &A);
    if (rc != STEEPEST_OK)
        return rc;
    S.diag = b->diag;
    double best = -1.0, *x = g_try_new(double, n), *bx = g_try_new(double, n);
    gboolean allocated = x != NULL && bx != NULL;
    if (allocated) {
        steepest_sign_search_restarts(&S, b->seed, restarts, x, bx, &best);
        offer(b, bx);
    }
    steepest_sign_search_clear(&S);
    g_free(x);
    g_free(bx);
    if (!allocated)
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 branch and bound: out of memory (n = %zu)", n);

    Node *node = g_try_new0(Node, 1);
    if (node != NULL)
        node->state = g_try_new0(signed char, n);
    if (node != NULL && node->state != NULL)
        node->V = g_try_new(double, n * b->k);
    if (node == NULL || node->state == NULL || node->V == NULL) {
        node_free(node);
        return steepest_fail(STEEPEST_ERROR_NO_MEMORY,
                             "inf1 branch and bound: out of memory for the root node");
    }
    node->state[0] = 1;
    node->depth = 1;
    gboolean closed = FALSE;
    rc = node_bound(w, node->state, NULL, &node->bound, &closed, node->V);
    if (rc == STEEPEST_OK && !closed)
        heap_push(b, node);
    else
        node_free(node);
    if (rc == STEEPEST_OK && closed)
        b->closed = 1.0;
    return rc;
}

int
steepest_inf1_branch_and_bound(size_t n, const double *H, const SteepestPluginInducedQuery *q,
                               double time_budget, SteepestPluginInducedResult *result, double *x_out)
{
    Bnb b = { 0 };
    b.n = n;
    b.k = steepest_sdp_rank(n);
    b.H = H;
    b.diag = g_try_new(double, n);
    b.best_x = g_try_new0(double, n);
    for (size_t i = 0; b.diag != NULL && i < n; i++)
        b.diag[i] = H[i * n + i];
    b.incumbent = -INFINITY;
    b.seed = q->seed;
    b.progress = q->progress;
    b.user_data = q->user_data;
    b.last_report = -1.0;
    b.deadline = time_budget > 0.0 ? g_get_monotonic_time() + (gint64) (time_budget * 1e6) : 0;
    g_mutex_init(&b.lock);
    g_cond_init(&b.cond);
    unsigned t = steepest_threads_resolve(q->threads);
    b.busy_bound = g_try_new(double, t);
    Worker *ws = g_try_new0(Worker, t);
    if (ws == NULL)
        t = 0; /* nothing to clear */
    int rc =
        b.diag != NULL && b.best_x != NULL && b.busy_bound != NULL && ws != NULL
            ? STEEPEST_OK
            : steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 branch and bound: out of memory (n = %zu)", n);
    for (unsigned i = 0; rc == STEEPEST_OK && i < t; i++) {
        b.busy_bound[i] = -INFINITY;
        if (!worker_init(&ws[i], &b, i))
            rc = steepest_fail(STEEPEST_ERROR_NO_MEMORY, "inf1 branch and bound: out of memory (n = %zu)", n);
    }
    if (rc == STEEPEST_OK)
        rc = root(&b, &ws[0], q->restarts ? q->restarts : 16);
    if (rc == STEEPEST_OK) {
        GThread **pool = g_new0(GThread *, t);
        for (unsigned i = 1; i < t; i++)
            pool[i] = g_thread_try_new("steepest-bnb", worker_main, &ws[i], NULL);
        work(&ws[0]);
        for (unsigned i = 1; i < t; i++)
            if (pool[i] != NULL)
                g_thread_join(pool[i]);
        g_free(pool);
        if (b.failed)
            rc = steepest_fail(b.fail_rc, "%s", b.fail_msg);
        else if (b.cancelled)
            rc = steepest_fail(STEEPEST_ERROR_CANCELLED,
                               "inf1 branch and bound (n = %zu) cancelled by the progress "
                               "callback",
                               n);
    }
    if (rc == STEEPEST_OK) {
        /* The upper end: the largest bound still open (queued or held). */
        double open = -INFINITY;
        for (size_t i = 0; i < b.heap_len; i++)
            open = fmax(open, b.heap[i]->bound);
        for (unsigned i = 0; i < t; i++)
            open = fmax(open, b.busy_bound[i]);
        /* ‖Hx‖₁ of the best x: >= xᵀHx, and equal to the maximum once proved. */
        SteepestRows A = steepest_rows_dense(n, H);
        double l1 = 0.0;
        for (size_t i = 0; i < n; i++)
            l1 += fabs(steepest_rows_dot(&A, i, b.best_x));
        gboolean proved = b.heap_len == 0; /* every worker has joined: nothing is held */
        result->lower = l1;
        result->upper = proved ? l1 : fmax(open, l1);
        result->exact = proved;
        result->method = proved ? "branch and bound (certified SDP bounds, PSD H)"
                                : "branch and bound stopped at the time budget: incumbent and largest open "
                                  "certified SDP bound";
        if (x_out != NULL)
            memcpy(x_out, b.best_x, n * sizeof *x_out);
    }
    for (size_t i = 0; i < b.heap_len; i++)
        node_free(b.heap[i]);
    g_free(b.heap);
    for (unsigned i = 0; i < t; i++)
        worker_clear(&ws[i]);
    g_free(ws);
    g_free(b.busy_bound);
    g_free(b.diag);
    g_free(b.best_x);
    g_free(b.fail_msg);
    g_mutex_clear(&b.lock);
    g_cond_clear(&b.cond);
    return rc;
}

int
steepest_matrix_inf1_branch_and_bound(size_t n, const double *H, const SteepestInducedOptions *opts,
                                      double *lower, double *upper, int *exact, double *x)
{
    const char *fn = "steepest_matrix_inf1_branch_and_bound";
    int rc = steepest_matrix_check(fn, n, H);
    if (rc != STEEPEST_OK)
        return rc;
    if (lower == NULL || upper == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             lower == NULL ? "lower" : "upper");
    int sym = 0, psd = 0;
    double lmin = 0.0;
    steepest_matrix_is_symmetric(n, H, 0.0, &sym);
    if (!sym)
        return steepest_fail(STEEPEST_ERROR_NOT_SYMMETRIC, "%s: H must be exactly symmetric", fn);
    if ((rc = steepest_matrix_is_psd(n, H, &psd, &lmin)) != STEEPEST_OK)
        return rc;
    if (!psd)
        return steepest_fail(
            STEEPEST_ERROR_NOT_PSD,
            "%s: H must be positive semidefinite (λ_min = %g): only then is ‖H‖_{∞,1} = max xᵀHx", fn, lmin);
    SteepestPluginInducedQuery q;
    steepest_induced_query_from_options(opts, &q);
    SteepestPluginInducedResult r = { .struct_size = sizeof r };
    if (n == 1) {
        r.lower = r.upper = fabs(H[0]);
        r.exact = 1;
        if (x != NULL)
            x[0] = 1.0;
    } else if ((rc = steepest_inf1_branch_and_bound(n, H, &q, q.time_budget, &r, x)) != STEEPEST_OK) {
        return rc;
    }
    *lower = r.lower;
    *upper = r.upper;
    if (exact != NULL)
        *exact = (int) r.exact;
    return STEEPEST_OK;
}
