"""Optimizers for training loops (steepest-optimizer.h): the caller computes
gradients, :class:`Optimizer` turns them into updates, in place, in any norm.

    import numpy as np, steepest
    opt = steepest.Optimizer("linf", rule="momentum", lr=1e-3)   # Signum
    for batch in batches:
        g = gradient(params, batch)          # NumPy, PyTorch (.numpy()), ...
        opt.update(params, g)                # params changes in place

``params`` is any writable, contiguous float64 buffer — a NumPy array, or a
PyTorch CPU tensor through ``tensor.numpy()`` (which shares its memory) —
and is updated with no copy.  docs/optimizers.md has every formula.
"""
import ctypes
from ctypes import byref, c_double, c_size_t, c_void_p

from . import _lib, arrays
from .errors import InvalidArgumentError, Status, check
from .norms import Norm

_L = _lib.lib

RULES = ("sgd", "momentum", "nesterov", "lion", "adam", "adamw", "ef")
DIRECTIONS = {"scaled": 0, "normalized": 1}
SCHEDULES = ("constant", "inv_sqrt", "geometric", "step", "cosine")

#: Each rule's defaults where they differ from the constructor's: Lion's
#: betas are Chen et al.'s (0.9, 0.99), AdamW's weight decay PyTorch's 0.01.
RULE_DEFAULTS = {
    "adam": {"betas": (0.9, 0.999), "weight_decay": 0.0},
    "adamw": {"betas": (0.9, 0.999), "weight_decay": 0.01},
    "lion": {"betas": (0.9, 0.99), "weight_decay": 0.0},
}

# The names of each rule's state buffers, in the order the C state holds them.
_BUFFERS = {"sgd": (), "momentum": ("m",), "nesterov": ("m",), "lion": ("m",),
            "adam": ("m", "v"), "adamw": ("m", "v"), "ef": ("e",)}
_STATE_HEADER = 64


def _schedule_args(schedule):
    """(name, args) from None, a name, or a tuple (name, *args)."""
    if schedule is None:
        return "constant", ()
    if isinstance(schedule, str):
        name, args = schedule, ()
    elif isinstance(schedule, (tuple, list)) and schedule and isinstance(schedule[0], str):
        name, args = schedule[0], tuple(schedule[1:])
    else:
        raise TypeError("schedule must be None, a name or a tuple (name, *args), not %r"
                        % (schedule,))
    wanted = {"constant": 0, "inv_sqrt": 0, "geometric": 1, "step": 2, "cosine": 3}
    if name not in wanted:
        raise ValueError("schedule must be one of %s, not %r" % (", ".join(SCHEDULES), name))
    if len(args) != wanted[name]:
        raise ValueError("schedule %r takes %d argument(s) %s, not %d"
                         % (name, wanted[name], {"geometric": "(gamma)",
                                                 "step": "(every, gamma)",
                                                 "cosine": "(warmup, total, final_fraction)"}
                            .get(name, ""), len(args)))
    return name, args


class Optimizer:
    """A stateful update rule in a norm.

    ``Optimizer(norm, rule="sgd", lr=1e-3, direction="normalized",
    momentum=0.9, dampening=0.0, betas=None, eps=1e-8, weight_decay=None,
    schedule=None)``

    - ``norm``: a :class:`~steepest.Norm` or a spec string ("linf",
      "block:size=4").  An optimizer whose norm has no dimension takes it from the first update
      (the Norm itself keeps serving any length).
    - ``rule``: one of ``RULES``; ``direction``: "normalized" (s(v), sign for
      ℓ∞) or "scaled" (v♯, the paper's step).
    - ``momentum``, ``dampening``: β and τ of "momentum" and "nesterov".
    - ``betas``: (β1, β2) of "adam"/"adamw" (default (0.9, 0.999)) and of
      "lion" (default (0.9, 0.99)).  ``eps``: Adam's ε.
    - ``weight_decay``: decoupled λ (default 0; "adamw" 0.01; "adam" refuses
      λ > 0).
    - ``schedule``: None or "constant", "inv_sqrt", ("geometric", γ),
      ("step", every, γ), ("cosine", warmup, total, final_fraction).
    """

    def __init__(self, norm, rule="sgd", lr=1e-3, direction="normalized", momentum=0.9,
                 dampening=0.0, betas=None, eps=1e-8, weight_decay=None, schedule=None):
        self._ptr = None
        if rule not in RULES:
            raise ValueError("rule must be one of %s, not %r" % (", ".join(RULES), rule))
        if direction not in DIRECTIONS:
            raise ValueError("direction must be 'normalized' or 'scaled', not %r" % (direction,))
        defaults = RULE_DEFAULTS.get(rule, {})
        if betas is None:
            betas = defaults.get("betas", (0.9, 0.999))
        if weight_decay is None:
            weight_decay = defaults.get("weight_decay", 0.0)
        try:
            b1, b2 = betas
        except (TypeError, ValueError):
            raise TypeError("betas must be a pair (beta1, beta2), not %r" % (betas,)) from None
        self.norm = norm if isinstance(norm, Norm) else Norm(norm)
        self._settings = {"rule": rule, "direction": direction, "lr": float(lr),
                          "momentum": float(momentum), "dampening": float(dampening),
                          "betas": (float(b1), float(b2)), "eps": float(eps),
                          "weight_decay": float(weight_decay),
                          "schedule": _schedule_args(schedule)}
        if self.norm.dim is not None:
            self._create(self.norm.dim)
        else:
            self._validate()

    # ---- the C object ---------------------------------------------------------
    def _configure(self, ptr):
        s = self._settings
        check(_L.steepest_optimizer_set_rule(ptr, RULES.index(s["rule"])))
        check(_L.steepest_optimizer_set_direction(ptr, DIRECTIONS[s["direction"]]))
        check(_L.steepest_optimizer_set_lr(ptr, s["lr"]))
        check(_L.steepest_optimizer_set_momentum(ptr, s["momentum"], s["dampening"]))
        check(_L.steepest_optimizer_set_betas(ptr, *s["betas"]))
        check(_L.steepest_optimizer_set_eps(ptr, s["eps"]))
        check(_L.steepest_optimizer_set_weight_decay(ptr, s["weight_decay"]))
        name, args = s["schedule"]
        setter = getattr(_L, "steepest_optimizer_set_schedule_" + name)
        if name == "step":
            check(setter(ptr, int(args[0]), float(args[1])))
        elif name == "cosine":
            check(setter(ptr, int(args[0]), int(args[1]), float(args[2])))
        else:
            check(setter(ptr, *[float(a) for a in args]))

    def _create(self, n):
        norm_ptr = self.norm._ptr_for(n)
        p = c_void_p()
        check(_L.steepest_optimizer_new(norm_ptr, n, byref(p)))
        try:
            self._configure(p.value)
        except BaseException:
            _L.steepest_optimizer_free(p.value)
            raise
        self._ptr = p.value
        self._n = n

    def _validate(self):
        """Checks the hyperparameters now, through a throw-away optimizer of
        dimension 1 in ℓ2, so a bad value fails at construction."""
        probe = Norm("l2", dim=1)
        p = c_void_p()
        check(_L.steepest_optimizer_new(probe.as_parameter, 1, byref(p)))
        try:
            self._configure(p.value)
        finally:
            _L.steepest_optimizer_free(p.value)

    def __del__(self):
        ptr, self._ptr = getattr(self, "_ptr", None), None
        if ptr and _L is not None:
            _L.steepest_optimizer_free(ptr)

    def _require(self):
        if self._ptr is None:
            raise InvalidArgumentError("the optimizer has no dimension yet: its norm binds on the "
                                       "first update", Status.ERROR_INVALID_ARGUMENT)
        return self._ptr

    # ---- updating -------------------------------------------------------------
    def update(self, x, g):
        """Applies one update to ``x`` in place from the gradient ``g``;
        returns ``x``.  A NaN or Inf in g raises
        :class:`~steepest.NotFiniteError` naming the first index, and leaves
        x and the state untouched."""
        x_given = x
        x, _ = self.norm._flat(x, "x")  # (R, C) arrays for matrix-shaped norms, no copy
        g, _ = self.norm._flat(g, "g")
        xaddr, n, xkeep = arrays.vector_out(x, "x")
        gaddr, m, gkeep = arrays.vector_in(g, "g")
        if m != n:
            raise ValueError("g has length %d but x has length %d" % (m, n))
        if self._ptr is None:
            self._create(n)
        rc = _L.steepest_optimizer_update(self._ptr, n, xaddr, gaddr)
        if rc:
            check(rc)
        return x_given

    def reset(self):
        """Clears the state (buffers to zero, step to 0); keeps the settings."""
        if self._ptr is not None:
            check(_L.steepest_optimizer_reset(self._ptr))

    def lr_at(self, t):
        """lr · schedule(t): the rate update number t uses."""
        if self._ptr is None:
            raise InvalidArgumentError("lr_at needs the dimension bound", Status.ERROR_INVALID_ARGUMENT)
        v = c_double()
        check(_L.steepest_optimizer_get_lr_at(self._ptr, int(t), byref(v)))
        return v.value

    @property
    def dim(self):
        """The dimension: the norm's, or the length of the first update's
        vectors for a norm that works in any dimension; None before that."""
        return getattr(self, "_n", None) if self._ptr is not None else self.norm.dim

    # ---- what the last update did -------------------------------------------
    @property
    def step(self):
        """Updates applied so far (the t of the next one)."""
        return int(_L.steepest_optimizer_get_step(self._ptr)) if self._ptr else 0

    @property
    def lr(self):
        """The base learning rate lr (settable); lr_t = lr · schedule(t)."""
        return self._settings["lr"]

    @lr.setter
    def lr(self, value):
        value = float(value)
        if self._ptr is not None:
            check(_L.steepest_optimizer_set_lr(self._ptr, value))
            self._settings["lr"] = value
            return
        old, self._settings["lr"] = self._settings["lr"], value
        try:
            self._validate()
        except BaseException:
            self._settings["lr"] = old
            raise

    @property
    def last_lr(self):
        """lr_t of the last update (None before the first)."""
        return self._last(_L.steepest_optimizer_get_lr)

    @property
    def grad_norm(self):
        """‖g‖* of the last update's gradient (None before the first)."""
        return self._last(_L.steepest_optimizer_get_grad_norm)

    @property
    def step_norm(self):
        """‖lr_t·u‖ of the last update in the norm (None before the first and
        for adam/adamw)."""
        return self._last(_L.steepest_optimizer_get_step_norm)

    def _last(self, fn):
        if self._ptr is None:
            return None
        v = fn(self._ptr)
        return None if v != v else v

    @property
    def rule(self):
        return self._settings["rule"]

    @property
    def settings(self):
        """The hyperparameters, as the constructor takes them."""
        s = dict(self._settings)
        name, args = s.pop("schedule")
        s["schedule"] = None if name == "constant" else (name,) + tuple(args) if args else name
        return s

    def __repr__(self):
        return "Optimizer(%r, rule=%r, lr=%r, step=%d)" % (self.norm.spec, self.rule, self.lr,
                                                           self.step)

    # ---- checkpoints ----------------------------------------------------------
    def state_bytes(self):
        """The C state (steepest_optimizer_get_state) as bytes."""
        ptr = self._require()
        size = c_size_t()
        check(_L.steepest_optimizer_get_state_size(ptr, byref(size)))
        buf = ctypes.create_string_buffer(size.value)
        check(_L.steepest_optimizer_get_state(ptr, buf, size.value))
        return buf.raw

    def state_dict(self):
        """``{"state": {0: {"step", "raw", and the buffers "m"/"v"/"e"}},
        "param_groups": [{hyperparameters, "norm", "dim", "params": [0]}]}``,
        shaped like PyTorch's.  The buffers are read-only NumPy views of
        ``raw`` (or bytes slices without NumPy)."""
        raw = self.state_bytes()
        state = {"step": self.step, "raw": raw}
        for i, name in enumerate(_BUFFERS[self.rule]):
            lo = _STATE_HEADER + 8 * self._n * i
            if arrays.HAVE_NUMPY:
                import numpy as np
                state[name] = np.frombuffer(raw, dtype=np.float64, count=self._n, offset=lo)
            else:
                state[name] = raw[lo:lo + 8 * self._n]
        group = self.settings
        group.update({"norm": self.norm.spec, "dim": self._n, "params": [0]})
        return {"state": {0: state}, "param_groups": [group]}

    def load_state_dict(self, state_dict):
        """Restores settings and state from :meth:`state_dict`; the next
        update continues bit-identically.  A state of another rule or
        dimension, or corrupted bytes, raise :class:`~steepest.FormatError`
        and change nothing."""
        try:
            group = state_dict["param_groups"][0]
            raw = state_dict["state"][0]["raw"]
        except (KeyError, IndexError, TypeError):
            raise ValueError("not an Optimizer.state_dict(): it needs param_groups[0] and "
                             "state[0]['raw']") from None
        if self._ptr is None:
            self._create(int(group["dim"]))
        settings = {k: group[k] for k in ("rule", "direction", "lr", "momentum", "dampening",
                                          "betas", "eps", "weight_decay") if k in group}
        settings["schedule"] = _schedule_args(group.get("schedule"))
        # Configuring may change the rule, which clears the state: keep the
        # current one to put back if the new one is refused.
        old = dict(self._settings)
        self._settings.update(settings)
        saved = self.state_bytes()
        try:
            self._configure(self._ptr)
            raw = bytes(raw)
            check(_L.steepest_optimizer_set_state(self._ptr, raw, len(raw)))
        except BaseException:
            self._settings = old
            self._configure(self._ptr)
            check(_L.steepest_optimizer_set_state(self._ptr, saved, len(saved)))
            raise
