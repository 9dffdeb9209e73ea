"""The JSON problem format parsed into an immutable, validated :class:`Problem`.

Validation is by hand rather than with pydantic: a single solve must stay well under 50 µs,
and hand-written checks let every message name the field exactly as the user wrote it
(``matrix[2][1]``, ``weights.pairwise[0][3]``). The format is documented in
``schemas/problem.schema.json`` and ``docs/en/methods.md``.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

import numpy as np
from numpy.typing import NDArray

from klimaorg.engine.aggregation import (
    PREFERENCE_TYPES,
    SYNTHESIS_MODES,
    AhpSynthesis,
    MethodSpec,
    Preference,
    Promethee2,
    Topsis,
    Wsm,
    check_normalisation,
)
from klimaorg.engine.errors import ProblemError
from klimaorg.engine.group import GROUP_RULES, aggregate_judgements, aggregate_weights
from klimaorg.engine.imprecise import VALUE_DISTRIBUTIONS
from klimaorg.engine.limits import DEFAULT_LIMITS, Limits
from klimaorg.engine.normalisation import normalise
from klimaorg.engine.robustness import (
    DEFAULT_CHUNK,
    DEFAULT_CONCENTRATION,
    DISTRIBUTIONS,
    check_samples,
)
from klimaorg.engine.weighting import (
    RANK_FORMULAS,
    AhpWeights,
    Weights,
    ahp_weights,
    direct_weights,
    random_index_name,
    rank_order_weights,
    rating_weights,
    swing_weights,
)

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

_NUMBER: Final = (int, float)
TOP_LEVEL_KEYS: Final = frozenset(
    {"alternatives", "criteria", "matrix", "weights", "method", "robustness", "agreement",
     "title", "description", "$schema", "id"}
)  # fmt: skip
DEFAULT_SAMPLES: Final = 10_000
DEFAULT_SEED: Final = 0


class Criterion(NamedTuple):
    """A criterion: its id and whether more (``max``) or less (``min``) is better."""

    id: str
    direction: str


@dataclass(frozen=True, slots=True)
class RobustnessSpec:
    """What robustness analysis to run (see :mod:`klimaorg.engine.robustness`)."""

    samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED
    seed_given: bool = True
    distribution: str = "uniform"
    concentration: float = DEFAULT_CONCENTRATION
    order: tuple[tuple[int, ...], ...] | None = None
    intervals: FloatArray | None = None
    chunk: int = DEFAULT_CHUNK
    stability: bool = True
    value_distribution: str = "triangular"  # of interval values (see engine.imprecise)


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """Participants' weights (rows) and how they were combined."""

    ids: tuple[str, ...]
    weights: FloatArray
    rule: str
    participant_weights: FloatArray
    individual: tuple[Weights, ...]
    aij: AhpWeights | None


@dataclass(frozen=True, slots=True)
class Problem:
    """A validated decision problem. ``matrix`` holds AHP local priorities for ``ahp``."""

    alternatives: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    matrix: FloatArray
    benefit: BoolArray
    weights: Weights
    method: MethodSpec
    method_ahp: tuple[AhpWeights, ...] = ()
    robustness: RobustnessSpec | None = None
    agreement: tuple[MethodSpec, ...] | None = None
    group: GroupSpec | None = None
    value_intervals: FloatArray | None = None  # m x n x [low, mode, high]; ``matrix`` = modes

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        """Ids of the criteria in input order."""
        return tuple(c.id for c in self.criteria)


# ---------------------------------------------------------------------------- helpers


def _fail(field: str, message: str) -> ProblemError:
    return ProblemError(field, message)


def _mapping(value: object, field: str) -> Mapping[str, Any]:
    if type(value) is dict:  # fast path: isinstance against an ABC costs ~0.3 µs a call
        return value
    if not isinstance(value, Mapping):
        raise _fail(field, "muss ein JSON-Objekt sein")
    return value


def _list(value: object, field: str) -> list[Any]:
    if type(value) is list:
        return value
    if not isinstance(value, list | tuple):
        raise _fail(field, "muss eine Liste sein")
    return list(value)


_CRITERION_KEYS: Final = frozenset({"id", "direction", "name", "description"})
_DIRECTIONS: Final = ("max", "min")


def _keys(obj: Mapping[str, Any], allowed: frozenset[str] | set[str], field: str) -> None:
    if obj.keys() <= allowed:
        return
    extra = [k for k in obj if k not in allowed]
    if extra:
        where = f"{field}.{extra[0]}" if field else str(extra[0])
        raise _fail(where, f"unbekanntes Feld (erlaubt: {', '.join(sorted(allowed))})")


def _number(value: object, field: str) -> float:
    if type(value) not in _NUMBER:
        raise _fail(field, "muss eine Zahl sein")
    x = float(value)  # type: ignore[arg-type]
    if not math.isfinite(x):
        raise _fail(field, "muss eine endliche Zahl sein (kein NaN/Infinity)")
    return x


def _vector(value: object, n: int, field: str) -> FloatArray:
    items = _list(value, field)
    if len(items) != n:
        raise _fail(field, f"erwartet {n} Werte, hat {len(items)}")
    for j, v in enumerate(items):
        if type(v) not in _NUMBER:
            raise _fail(f"{field}[{j}]", "muss eine Zahl sein")
    arr = np.array(items, dtype=np.float64)
    if not np.isfinite(arr).all():
        j = int(np.argmin(np.isfinite(arr)))
        raise _fail(f"{field}[{j}]", "muss eine endliche Zahl sein (kein NaN/Infinity)")
    return arr


def _rows(value: object, m: int, n: int, field: str) -> Iterator[tuple[int, Sequence[object]]]:
    """The ``m`` rows of a matrix ``field``, each checked to be a list of ``n`` cells: what the
    plain and the interval matrix share before they read the cells their own way."""
    rows = _list(value, field)
    if len(rows) != m:
        raise _fail(field, f"erwartet {m} Zeilen (eine je Alternative), hat {len(rows)}")
    for i, row in enumerate(rows):
        if type(row) is not list and not isinstance(row, tuple):
            raise _fail(f"{field}[{i}]", "muss eine Liste von Zahlen sein")
        if len(row) != n:
            raise _fail(f"{field}[{i}]", f"erwartet {n} Werte (einen je Kriterium), hat {len(row)}")
        yield i, row


def _matrix(value: object, m: int, n: int, field: str) -> FloatArray:
    rows = _list(value, field)
    for i, row in _rows(rows, m, n, field):
        for j, v in enumerate(row):
            if type(v) not in _NUMBER:
                raise _fail(f"{field}[{i}][{j}]", "muss eine Zahl sein")
    arr = np.array(rows, dtype=np.float64)
    finite = np.isfinite(arr)
    if not finite.all():
        i, j = (int(k) for k in np.argwhere(~finite)[0])
        raise _fail(f"{field}[{i}][{j}]", "muss eine endliche Zahl sein (kein NaN/Infinity)")
    return arr


_CELL: Final = "muss eine Zahl oder [untere Grenze, wahrscheinlichster Wert, obere Grenze] sein"


def _performance(value: object, m: int, n: int) -> tuple[FloatArray, FloatArray | None]:
    """The matrix (modes) and, if any cell is an interval ``[low, mode, high]``, the
    ``m x n x 3`` array of all cells (exact cells as ``[x, x, x]``).

    The common all-numbers matrix takes the fast path of :func:`_matrix`; only when that fails
    is the matrix read again with interval cells allowed (which also words every error)."""
    try:
        return _matrix(value, m, n, "matrix"), None
    except ProblemError:
        cube = _interval_matrix(value, m, n)
    return np.ascontiguousarray(cube[:, :, 1]), cube


def _interval_matrix(value: object, m: int, n: int) -> FloatArray:
    cube = np.empty((m, n, 3))
    for i, row in _rows(value, m, n, "matrix"):
        for j, v in enumerate(row):
            cube[i, j] = _cell(v, f"matrix[{i}][{j}]")
    return cube


def _cell(v: object, field: str) -> tuple[float, float, float]:
    if type(v) in _NUMBER:
        x = _number(v, field)
        return x, x, x
    if not isinstance(v, list | tuple) or len(v) != 3:
        raise _fail(field, _CELL)
    low, mode, high = (_number(x, f"{field}[{q}]") for q, x in enumerate(v))
    if not low <= mode <= high:
        raise _fail(field, "braucht untere Grenze <= wahrscheinlichster Wert <= obere Grenze")
    return low, mode, high


def _judgement(v: object, field: str) -> float:
    """A pairwise judgement: a number or a fraction string such as ``"1/3"``."""
    if type(v) in _NUMBER:
        return float(v)  # type: ignore[arg-type]
    if isinstance(v, str):
        try:
            num, _, den = v.strip().partition("/")
            return float(num) / float(den) if den else float(num)
        except (ValueError, ZeroDivisionError):
            pass
    raise _fail(field, 'muss eine Zahl oder ein Bruch wie "1/3" sein')


def _pairwise(value: object, n: int, field: str) -> FloatArray:
    rows = _list(value, field)
    if len(rows) != n:
        raise _fail(field, f"muss eine {n}×{n}-Matrix sein, hat {len(rows)} Zeilen")
    out = np.empty((n, n))
    for i, row in enumerate(rows):
        r = _list(row, f"{field}[{i}]")
        if len(r) != n:
            raise _fail(f"{field}[{i}]", f"erwartet {n} Werte, hat {len(r)}")
        for j, v in enumerate(r):
            out[i, j] = _judgement(v, f"{field}[{i}][{j}]")
    return out


def _ids(value: object, field: str, minimum: int, what: str) -> tuple[str, ...]:
    items = _list(value, field)
    if len(items) < minimum:
        raise _fail(field, f"mindestens {minimum} {what} nötig, gegeben {len(items)}")
    seen: set[str] = set()
    for i, v in enumerate(items):
        if not isinstance(v, str) or not v.strip():
            raise _fail(f"{field}[{i}]", "muss ein nicht-leerer Text sein")
        if v in seen:
            raise _fail(f"{field}[{i}]", f"'{v}' kommt doppelt vor")
        seen.add(v)
    return tuple(items)


def _choice(value: object, allowed: Sequence[str], field: str) -> str:
    if value not in allowed:
        raise _fail(field, f"unbekannter Wert {value!r} (erlaubt: {', '.join(allowed)})")
    return str(value)


def _groups(value: object, ids: Sequence[str], field: str) -> tuple[tuple[int, ...], ...]:
    """A rank order of ids, most important first; a nested list is a group of ties."""
    index = {c: j for j, c in enumerate(ids)}
    groups: list[tuple[int, ...]] = []
    seen: set[int] = set()
    for pos, item in enumerate(_list(value, field)):
        members = item if isinstance(item, list) else [item]
        group = []
        for v in members:
            if v not in index:
                raise _fail(f"{field}[{pos}]", f"unbekanntes Kriterium {v!r}")
            if index[v] in seen:
                raise _fail(f"{field}[{pos}]", f"Kriterium {v!r} kommt doppelt vor")
            seen.add(index[v])
            group.append(index[v])
        if not group:
            raise _fail(f"{field}[{pos}]", "leere Gruppe")
        groups.append(tuple(group))
    if len(seen) != len(ids):
        missing = [c for c in ids if index[c] not in seen]
        raise _fail(field, f"muss alle Kriterien ordnen; es fehlen {', '.join(missing)}")
    return tuple(groups)


# ---------------------------------------------------------------------------- sections


def _criteria(value: object) -> tuple[Criterion, ...]:
    items = _list(value, "criteria")
    if not items:
        raise _fail("criteria", "mindestens 1 Kriterium nötig")
    out: list[Criterion] = []
    seen: set[str] = set()
    for j, c in enumerate(items):
        # Fast path for the well-formed case; the slow path below only words the error.
        if type(c) is dict and c.keys() <= _CRITERION_KEYS:
            cid = c.get("id")
            direction = c.get("direction", "max")
            if type(cid) is str and cid.strip() and cid not in seen and direction in _DIRECTIONS:
                seen.add(cid)
                out.append(Criterion(cid, direction))
                continue
        out.append(_criterion_slow(c, j, seen))
    return tuple(out)


def _criterion_slow(c: object, j: int, seen: set[str]) -> Criterion:
    f = f"criteria[{j}]"
    if isinstance(c, str):
        c = {"id": c}
    obj = _mapping(c, f)
    _keys(obj, _CRITERION_KEYS, f)
    cid = obj.get("id")
    if not isinstance(cid, str) or not cid.strip():
        raise _fail(f"{f}.id", "muss ein nicht-leerer Text sein")
    if cid in seen:
        raise _fail(f"{f}.id", f"'{cid}' kommt doppelt vor")
    seen.add(cid)
    direction = obj.get("direction", "max")
    if direction not in _DIRECTIONS:
        raise _fail(f"{f}.direction", f"{direction!r} ist weder 'max' noch 'min'")
    return Criterion(cid, direction)


def _method(value: object, n: int, m: int) -> tuple[MethodSpec, Any]:
    """The method spec and, for AHP, the raw per-criterion pairwise matrices."""
    if value is None:
        return Wsm(), None
    if isinstance(value, str):
        value = {"name": value}
    obj = _mapping(value, "method")
    name = _choice(obj.get("name"), ("wsm", "topsis", "promethee2", "ahp"), "method.name")
    if name == "wsm":
        _keys(obj, {"name", "normalisation"}, "method")
        return Wsm(check_normalisation(obj.get("normalisation", "max"))), None
    if name == "topsis":
        _keys(obj, {"name", "normalisation", "distance"}, "method")
        _choice(obj.get("distance", "euclidean"), ("euclidean",), "method.distance")
        return Topsis(check_normalisation(obj.get("normalisation", "vector"))), None
    if name == "promethee2":
        _keys(obj, {"name", "preference"}, "method")
        return Promethee2(_preferences(obj.get("preference"), n)), None
    _keys(obj, {"name", "pairwise", "synthesis", "random_index"}, "method")
    synthesis = _choice(obj.get("synthesis", "distributive"), SYNTHESIS_MODES, "method.synthesis")
    ri = random_index_name(obj.get("random_index", "saaty1980"), "method.random_index")
    if "pairwise" not in obj:
        raise _fail("method.pairwise", f"AHP braucht {n} Paarvergleichsmatrizen ({m}×{m})")
    mats = _list(obj["pairwise"], "method.pairwise")
    if len(mats) != n:
        raise _fail(
            "method.pairwise", f"erwartet {n} Matrizen (eine je Kriterium), hat {len(mats)}"
        )
    return AhpSynthesis(synthesis, ri), mats


def _preferences(value: object, n: int) -> tuple[Preference, ...]:
    if value is None:
        return tuple(Preference() for _ in range(n))
    if isinstance(value, Mapping):
        return (_preference(value, "method.preference"),) * n
    items = _list(value, "method.preference")
    if len(items) != n:
        raise _fail(
            "method.preference", f"erwartet {n} Einträge (einen je Kriterium), hat {len(items)}"
        )
    return tuple(_preference(v, f"method.preference[{j}]") for j, v in enumerate(items))


def _preference(value: object, f: str) -> Preference:
    obj = _mapping(value, f)
    _keys(obj, {"type", "q", "p", "s"}, f)
    raw = obj.get("type", "usual")
    alias = {"ushape": "u-shape", "u_shape": "u-shape", "vshape": "v-shape", "v_shape": "v-shape"}
    t = _choice(alias.get(raw, raw) if isinstance(raw, str) else raw, PREFERENCE_TYPES, f"{f}.type")
    q = _number(obj.get("q", 0.0), f"{f}.q")
    p = _number(obj.get("p", 0.0), f"{f}.p")
    s = _number(obj.get("s", 0.0), f"{f}.s")
    if q < 0:
        raise _fail(f"{f}.q", "darf nicht negativ sein")
    if t in ("v-shape", "level", "linear") and "p" not in obj:
        raise _fail(f"{f}.p", f"'{t}' braucht die Präferenzschwelle p")
    if t == "v-shape" and p <= 0:
        raise _fail(f"{f}.p", "muss positiv sein")
    if t in ("level", "linear") and p <= q:
        raise _fail(f"{f}.p", f"muss größer als q = {q:g} sein")
    if t == "gaussian" and s <= 0:
        raise _fail(f"{f}.s", "'gaussian' braucht s > 0")
    return Preference(t, q, p, s)


def _weights(value: object, ids: Sequence[str], field: str, allow_group: bool) -> Weights:
    n = len(ids)
    if isinstance(value, list | tuple):
        return direct_weights(_vector(value, n, field), field)
    obj = _mapping(value, field)
    method = obj.get("method")
    allowed = ("direct", "ratings", "rank_order", "swing", "ahp") + (
        ("group",) if allow_group else ()
    )
    method = _choice(method, allowed, f"{field}.method")
    if method == "direct":
        _keys(obj, {"method", "values"}, field)
        return direct_weights(_vector(obj.get("values"), n, f"{field}.values"), f"{field}.values")
    if method == "ratings":
        _keys(obj, {"method", "ratings", "scale"}, field)
        return rating_weights(
            _vector(obj.get("ratings"), n, f"{field}.ratings"), f"{field}.ratings"
        )
    if method == "swing":
        _keys(obj, {"method", "points"}, field)
        return swing_weights(_vector(obj.get("points"), n, f"{field}.points"), f"{field}.points")
    if method == "rank_order":
        _keys(obj, {"method", "order", "formula"}, field)
        formula = _choice(obj.get("formula", "roc"), RANK_FORMULAS, f"{field}.formula")
        groups = _groups(obj.get("order"), ids, f"{field}.order")
        w = rank_order_weights(groups, n, formula)
        params = {"formula": formula, "order": [[ids[j] for j in g] for g in groups]}
        return Weights(w.values, w.method, False, params)
    if method == "ahp":
        _keys(obj, {"method", "pairwise", "random_index"}, field)
        ri = random_index_name(obj.get("random_index", "saaty1980"), f"{field}.random_index")
        a = ahp_weights(_pairwise(obj.get("pairwise"), n, f"{field}.pairwise"), ri,
                        field_name=f"{field}.pairwise")  # fmt: skip
        return Weights(a.weights, "ahp", False, {"random_index": ri}, a)
    raise AssertionError(method)  # pragma: no cover - group handled by _group


def _group(value: Mapping[str, Any], ids: Sequence[str]) -> tuple[Weights, GroupSpec]:
    _keys(value, {"method", "participants", "aggregation", "random_index"}, "weights")
    rule = _choice(value.get("aggregation", "mean"), GROUP_RULES, "weights.aggregation")
    ri = random_index_name(value.get("random_index", "saaty1980"), "weights.random_index")
    parts = _list(value.get("participants"), "weights.participants")
    if len(parts) < 2:
        raise _fail("weights.participants", "mindestens 2 Teilnehmende nötig")
    pids: list[str] = []
    lam = np.empty(len(parts))
    indiv: list[Weights] = []
    for i, p in enumerate(parts):
        f = f"weights.participants[{i}]"
        obj = _mapping(p, f)
        _keys(obj, {"id", "weights", "weight"}, f)
        pid = obj.get("id", f"P{i + 1}")
        if not isinstance(pid, str) or not pid or pid in pids:
            raise _fail(f"{f}.id", "muss ein eindeutiger, nicht-leerer Text sein")
        pids.append(pid)
        lam[i] = _number(obj.get("weight", 1.0), f"{f}.weight")
        if lam[i] <= 0:
            raise _fail(f"{f}.weight", "muss positiv sein")
        indiv.append(_weights(obj.get("weights"), ids, f"{f}.weights", allow_group=False))
    matrix = np.stack([w.values for w in indiv])
    aij = None
    if rule == "aij":
        for i, w in enumerate(indiv):
            if w.ahp is None:
                raise _fail(
                    f"weights.participants[{i}].weights", "'aij' braucht AHP-Paarvergleiche"
                )
        mats = [w.ahp.matrix for w in indiv if w.ahp is not None and w.ahp.matrix is not None]
        aij = aggregate_judgements(mats, ri, lam)
        values = aij.weights
    else:
        values = aggregate_weights(matrix, rule, lam)
    spec = GroupSpec(tuple(pids), matrix, rule, lam / lam.sum(), tuple(indiv), aij)
    params: dict[str, Any] = {"aggregation": rule, "participants": list(pids)}
    return Weights(values, "group", False, params, aij), spec


def _robustness(value: object, ids: Sequence[str], cap: int) -> RobustnessSpec | None:
    if value is None or value is False:
        return None
    if value is True:
        value = {}
    obj = _mapping(value, "robustness")
    _keys(
        obj,
        {"samples", "seed", "distribution", "concentration", "order", "intervals", "chunk",
         "stability", "value_distribution"},
        "robustness",
    )  # fmt: skip
    samples = check_samples(obj.get("samples", DEFAULT_SAMPLES), cap)
    seed_raw = obj.get("seed", DEFAULT_SEED)
    if seed_raw is None:
        seed, given = secrets.randbits(32), False
    elif type(seed_raw) is int and seed_raw >= 0:
        seed, given = seed_raw, True
    else:
        raise _fail("robustness.seed", "muss eine nicht-negative ganze Zahl oder null sein")
    dist = _choice(obj.get("distribution", "uniform"), DISTRIBUTIONS, "robustness.distribution")
    conc = _number(obj.get("concentration", DEFAULT_CONCENTRATION), "robustness.concentration")
    if conc <= 0:
        raise _fail("robustness.concentration", "muss positiv sein")
    order = _groups(obj["order"], ids, "robustness.order") if "order" in obj else None
    intervals = None
    if "intervals" in obj:
        rows = _list(obj["intervals"], "robustness.intervals")
        intervals = _matrix(rows, len(ids), 2, "robustness.intervals")
    chunk = obj.get("chunk", DEFAULT_CHUNK)
    if type(chunk) is not int or not 1 <= chunk <= 1_000_000:
        raise _fail("robustness.chunk", "muss eine ganze Zahl zwischen 1 und 1000000 sein")
    stability = obj.get("stability", True)
    if not isinstance(stability, bool):
        raise _fail("robustness.stability", "muss true oder false sein")
    values = _choice(
        obj.get("value_distribution", "triangular"),
        VALUE_DISTRIBUTIONS,
        "robustness.value_distribution",
    )
    return RobustnessSpec(
        samples, seed, given, dist, conc, order, intervals, chunk, stability, values
    )


def _agreement(value: object, n: int, m: int) -> tuple[MethodSpec, ...] | None:
    if value is None or value is False:
        return None
    if value is True:
        return (Wsm("max"), Topsis("vector"), Promethee2(_preferences(None, n)))
    obj = _mapping(value, "agreement")
    _keys(obj, {"methods"}, "agreement")
    specs = []
    for i, v in enumerate(_list(obj.get("methods"), "agreement.methods")):
        try:
            spec, mats = _method(v, n, m)
        except ProblemError as err:
            raise _fail(
                err.field.replace("method", f"agreement.methods[{i}]", 1), err.message
            ) from None
        if mats is not None:
            raise _fail(f"agreement.methods[{i}]", "AHP kann hier nicht verglichen werden")
        specs.append(spec)
    if len(specs) < 2:
        raise _fail("agreement.methods", "mindestens 2 Methoden zum Vergleichen nötig")
    return tuple(specs)


# ---------------------------------------------------------------------------- entry point


def _check_counts(obj: Mapping[str, Any], limits: Limits) -> None:
    """Refuse too many alternatives or criteria before anything is parsed one by one."""
    sizes = [obj[key] for key in ("alternatives", "criteria")]
    counts = [len(v) if isinstance(v, list | tuple) else 0 for v in sizes]
    limits.check_size(counts[0], counts[1])


def parse_problem(
    data: object, *, max_samples: int | None = None, limits: Limits = DEFAULT_LIMITS
) -> Problem:
    """Validate a problem mapping (the JSON format) into a :class:`Problem`.

    ``limits`` bound alternatives, criteria, samples and the cost of the robustness step
    (:mod:`klimaorg.engine.limits`); ``max_samples``, when given, overrides its sample cap.
    Raises :class:`ProblemError` naming the offending field (:class:`LimitError` for a limit).
    The counts are checked before any list is parsed element by element.
    """
    if max_samples is not None:
        limits = Limits(limits.max_alternatives, limits.max_criteria, max_samples, limits.max_cost)
    obj = _mapping(data, "")
    _keys(obj, TOP_LEVEL_KEYS, "")
    for key in ("alternatives", "criteria", "weights"):
        if key not in obj:
            raise _fail(key, "fehlt")
    _check_counts(obj, limits)
    alternatives = _ids(obj["alternatives"], "alternatives", 2, "Alternativen")
    criteria = _criteria(obj["criteria"])
    m, n = len(alternatives), len(criteria)
    ids = tuple(c.id for c in criteria)
    method, ahp_mats = _method(obj.get("method"), n, m)
    method_ahp: tuple[AhpWeights, ...] = ()
    cube = None
    if ahp_mats is not None:
        if "matrix" in obj:
            raise _fail("matrix", "entfällt bei method 'ahp' (Werte kommen aus method.pairwise)")
        assert isinstance(method, AhpSynthesis)
        method_ahp = tuple(
            ahp_weights(_pairwise(a, m, f"method.pairwise[{j}]"), method.random_index,
                        field_name=f"method.pairwise[{j}]")
            for j, a in enumerate(ahp_mats)
        )  # fmt: skip
        matrix = np.stack([a.weights for a in method_ahp], axis=1)
        benefit = np.ones(n, dtype=np.bool_)
    else:
        if "matrix" not in obj:
            raise _fail("matrix", "fehlt")
        matrix, cube = _performance(obj["matrix"], m, n)
        benefit = np.array([c.direction == "max" for c in criteria])
        if cube is not None:
            if not isinstance(method, Wsm):
                raise _fail(
                    "matrix",
                    "Wertebereiche [untere Grenze, wahrscheinlichster Wert, obere Grenze] "
                    "gehen nur mit der gewichteten Summe (method 'wsm')",
                )
            normalise(np.ascontiguousarray(cube[:, :, 0]), benefit, method.normalisation)
            cube.flags.writeable = False
    raw_w = obj["weights"]
    group = None
    if isinstance(raw_w, Mapping) and raw_w.get("method") == "group":
        weights, group = _group(raw_w, ids)
    else:
        weights = _weights(raw_w, ids, "weights", allow_group=True)
    robustness = None
    if obj.get("robustness") is not None:
        robustness = _robustness(obj["robustness"], ids, limits.max_samples)
        if robustness is not None:
            limits.check_cost(m, n, robustness.samples, robustness.stability)
    agreement = _agreement(obj.get("agreement"), n, m)
    matrix.flags.writeable = False
    return Problem(
        alternatives, criteria, matrix, benefit, weights, method, method_ahp, robustness,
        agreement, group, cube,
    )  # fmt: skip
