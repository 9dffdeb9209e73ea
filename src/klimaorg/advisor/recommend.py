"""The recommendation: one function that turns a profile into the result dict shared by the CLI,
the web pages and the API (``ranking``, ``robustness``, ``doubt``, ``explanation``, ``risks``,
``what_if``, ``complement``, ``assumptions``, ``inputs``, ``method``, ``funding``,
``practice_examples``)."""

from __future__ import annotations

from functools import cached_property
from typing import Any, TypedDict, Unpack

import numpy as np
import orjson

from klimaorg import __version__
from klimaorg.advisor.analysis import (
    CONCENTRATION,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    NEUTRAL,
    TOPSIS,
    WSM,
    Analysis,
    Prepared,
    adjusted_matrix,
    analyse,
    prepare,
    promethee,
)
from klimaorg.advisor.data import AdvisorData, Memo, load_advisor_data
from klimaorg.advisor.funding import funding_fields, funding_notes
from klimaorg.advisor.levels import notes
from klimaorg.advisor.practice import practice_part
from klimaorg.advisor.profile import (
    DERIVED_FROM,
    CompletedProfile,
    DirectorySource,
    complete,
    parse_profile,
)
from klimaorg.advisor.schema import Profile, Rule
from klimaorg.engine import make_scorer, rank_scores
from klimaorg.engine.aggregation import as_benefit
from klimaorg.i18n import Lang, fixed, join, number, percent, quote
from klimaorg.jsondata import Data
from klimaorg.knowledge import StatementRef

JSON = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS
CLOSE = 0.6
"""Below this first-rank acceptability the summary says the result is close."""


class AdviceOptions(TypedDict, total=False):
    """The options of :func:`advise` and :func:`advise_json`, said once so the two stay alike
    (defaults: those of :func:`advise_json`)."""

    lang: Lang
    advisor: AdvisorData | None
    directory: DirectorySource
    samples: int
    seed: int


def advise(profile: Any, **options: Unpack[AdviceOptions]) -> Data:
    """The recommendation for a profile (plain data or :class:`Profile`), in ``lang``.

    Decoded afresh from :func:`advise_json` on every call, so callers may modify what they get.
    """
    return orjson.loads(advise_json(profile, **options))  # type: ignore[no-any-return]


def leading_model(
    profile: Any,
    *,
    lang: Lang = "de",
    advisor: AdvisorData | None = None,
    directory: DirectorySource = None,
) -> str:
    """The model :func:`advise` recommends for ``profile``, without the rest of the analysis.

    The recommendation is the best WSM rank on the adjusted matrix (ties: the documented order
    of the models); the robustness sampling, the other methods and the texts do not change it.
    A workshop stores this for every participant when they submit: 1 ms instead of a full
    analysis (~30 ms when the memo does not have it). Same errors as :func:`advise`.
    """
    advisor = advisor or load_advisor_data()
    parsed = profile if isinstance(profile, Profile) else parse_profile(profile, advisor, lang)
    completed = complete(parsed, advisor, lang, directory)
    prepared = prepare(advisor, completed, lang)
    models, _excluded, _base, matrix, _changes = adjusted_matrix(advisor, prepared.firing)
    benefit = as_benefit(["max"] * matrix.shape[1])
    scores = make_scorer(WSM, matrix, benefit).batch(prepared.weights.values[None, :])[:, 0]
    ranks = rank_scores(scores)
    return models[min(range(len(models)), key=lambda i: (ranks[i], i))]


def advise_json(
    profile: Any,
    *,
    lang: Lang = "de",
    advisor: AdvisorData | None = None,
    directory: DirectorySource = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> bytes:
    """The recommendation as UTF-8 JSON (what the API sends).

    Everything but the profile-specific ``assumptions`` and ``inputs`` follows from the rules
    fired, the priorities and the language; that part is kept serialised in the advisor's memo
    and the two profile-specific keys are appended to it.
    """
    advisor = advisor or load_advisor_data()
    parsed = profile if isinstance(profile, Profile) else parse_profile(profile, advisor, lang)
    completed = complete(parsed, advisor, lang, directory)
    prepared = prepare(advisor, completed, lang)
    key = ("advice", prepared.identity, samples, seed, lang)
    cached: tuple[bytes, str] | None = advisor.memo.get(key)
    if cached is None:
        analysis = analyse(advisor, completed, lang, samples=samples, seed=seed, prepared=prepared)
        recommendation = Recommendation(advisor, completed, analysis, lang)
        # kept without its closing brace: the specific part is spliced on with one copy
        cached = orjson.dumps(recommendation.body(), option=JSON)[:-1], recommendation.winner
        advisor.memo.put(key, cached)
    head, winner = cached
    specific = {
        "assumptions": [
            {"field": x.field, "label": x.label, "value": x.value, "rationale": x.rationale}
            for x in completed.assumptions
        ],
        "inputs": inputs(completed, prepared),
        **level_part(completed, lang),
        "funding": funding_part(completed, winner, lang),
        "practice_examples": practice_part(completed, lang),
    }
    # Both are JSON objects: splice {head..., specific...} without decoding the cached part.
    return b",".join((head, orjson.dumps(specific, option=JSON)[1:]))


def level_part(completed: CompletedProfile, lang: Lang) -> Data:
    """Which administration the advice is for (``level``, None when the profile itself is the
    unit) and the notes that come with its kind (``level_notes``, e.g. a Landkreis's tasks)."""
    level = completed.level
    kind = str(completed.get("municipality.kind"))
    return {
        "level": level.to_dict(lang) if level is not None else None,
        "level_notes": notes(kind, lang),
    }


def funding_part(completed: CompletedProfile, winner: str, lang: Lang) -> list[Data]:
    """The funding conditions that apply (notes with their source; they change no rating). On
    the profile as stated: a field left unknown is not read as its assumed value."""
    assumed = {a.field for a in completed.assumptions}
    values = completed.values
    key = (
        "funding",
        lang,
        winner,
        *(None if f in assumed else values.get(f) for f in funding_fields()),
    )
    cached: list[Data] | None = _FUNDING_MEMO.get(key)
    if cached is None:
        cached = funding_notes(values, assumed, winner, lang)
        _FUNDING_MEMO.put(key, cached)
    return cached


_FUNDING_MEMO = Memo()
"""The funding notes per stated situation: a handful of fields decide them, and every request
needs them (shared between requests: they are only serialised, never changed)."""


def inputs(completed: CompletedProfile, prepared: Prepared) -> Data:
    """The profile as used: every field known, priorities (with their origin) and weights."""
    return {"profile": completed.values, **prepared.summary}


def saaty(value: float) -> str:
    """A pairwise judgement on Saaty's scale as people write it: "3", "1", "1/5"."""
    if value >= 1:
        return str(min(9, round(value)))
    inverse = min(9, round(1 / value))
    return "1" if inverse <= 1 else f"1/{inverse}"


class Recommendation:
    """Builds the result dict from an analysis; each part is one small method."""

    def __init__(
        self, advisor: AdvisorData, completed: CompletedProfile, analysis: Analysis, lang: Lang
    ) -> None:
        self.advisor = advisor
        self.kb = advisor.knowledge
        self.completed = completed
        self.a = analysis
        self.lang = lang
        order = analysis.order
        self.winner = analysis.models[order[0]]
        self.runner_up = analysis.models[order[1]]
        self.first = {
            m: float(analysis.smaa.rank_acceptability[i, 0]) for i, m in enumerate(analysis.models)
        }

    # ------------------------------------------------------------------ helpers

    def name(self, model_id: str) -> str:
        """Short display name of a model."""
        return self.kb.model(model_id).short_name.get(self.lang)

    def forms(self, model_id: str) -> dict[str, str]:
        """A model's name with its article in the cases sentences need, and its pronoun
        (``{model[acc]}``, ``{model[Nom]}`` in texts.yaml): grammar from the knowledge base."""
        return self.kb.model(model_id).forms.get(self.lang).slots()

    def criterion_name(self, criterion_id: str) -> str:
        """Display name of a criterion."""
        return self.kb.criterion(criterion_id).name.get(self.lang)

    def text(self, key: str, **values: object) -> str:
        """A sentence of texts.yaml in the result's language."""
        return self.advisor.text(key, self.lang, **values)

    def weight(self, criterion_id: str) -> float:
        """The weight of a criterion."""
        return float(self.a.weights.values[self.a.criteria.index(criterion_id)])

    def importance(self, criterion_id: str) -> str:
        """How important a criterion is, in the user's words (scale label or weight)."""
        if self.a.weights.method == "ratings":
            value = next(p.value for p in self.a.priorities if p.criterion == criterion_id)
            return self.text(f"importance_{value}")
        return self.text("importance_weight", weight=percent(self.weight(criterion_id), self.lang))

    def quoted(self, text: str) -> str:
        """``text`` in the quotation marks of the result's language."""
        return quote(text, self.lang)

    def pct(self, value: float) -> str:
        """A share as a percentage in the user's format."""
        return percent(value, self.lang)

    def quote_of(self, item: StatementRef) -> Data:
        """The values a sentence about a statement needs."""
        return {"quote": item.statement.quote, "text": item.statement.display(self.lang)}

    # ------------------------------------------------------------------ parts

    def ranking(self) -> list[Data]:
        """Every model: feasible ones by rank, excluded ones after them with the reason."""
        rows: list[Data] = []
        for i in self.a.order:
            model = self.a.models[i]
            rows.append(
                {
                    "model": model,
                    "name": self.name(model),
                    "rank": int(self.a.ranks[i]),
                    "score": round(float(self.a.scores[i]), 4),
                    "first_rank_share": round(self.first[model], 4),
                    "excluded": False,
                    "reason": None,
                }
            )
        for model, rules in self.a.excluded.items():
            rows.append(
                {
                    "model": model,
                    "name": self.name(model),
                    "rank": None,
                    "score": None,
                    "first_rank_share": 0.0,
                    "excluded": True,
                    "reason": " ".join(r.rationale.get(self.lang) for r in rules),
                    "rules": [r.id for r in rules],
                }
            )
        return rows

    def robustness(self) -> Data:
        """SMAA-2 rank acceptabilities around the user's weights."""
        acc = self.a.smaa.rank_acceptability
        return {
            "first_rank": {m: round(self.first[m], 4) for m in self.a.models},
            "rank_acceptability": {
                m: [round(float(v), 4) for v in acc[i]] for i, m in enumerate(self.a.models)
            },
            "statement": self.text(
                "summary", model=self.name(self.winner), share=self.pct(self.first[self.winner])
            ),
            "samples": self.a.smaa.samples,
            "seed": self.a.smaa.seed,
            "distribution": "dirichlet_around_weights",
            "concentration": CONCENTRATION,
        }

    @cached_property
    def doubt(self) -> Data:
        """How sure the recommendation is with weights and ratings drawn, and how much of the
        doubt comes from the priorities and how much from the knowledge base (SMAA-2 with
        interval ratings). The shares are a proportional split of the two sources' separate
        doubts; ``interaction`` says how far the joint doubt differs from their sum, which is why
        the sentence calls the split rough. No shares when neither source alone raises doubt."""
        split = self.a.doubt
        both = split.acceptability_both
        share_w = split.share_weights
        values: dict[str, object] = {"model": self.name(self.winner), "share": self.pct(both)}
        if share_w is None:
            key = "doubt_none" if both >= 1.0 else "doubt_joint"
            priorities = knowledge = None
        else:
            key = "doubt"
            priorities, knowledge = round(share_w, 4), round(1.0 - share_w, 4)
            whole = round(100 * share_w)  # the two percentages add up to 100
            values |= {
                "priorities": self.pct(whole / 100),
                "knowledge": self.pct((100 - whole) / 100),
            }
        return {
            "leader": self.a.models[split.leader],
            "acceptability": round(both, 4),
            "acceptability_priorities": round(split.acceptability_weights, 4),
            "acceptability_knowledge": round(split.acceptability_values, 4),
            "share_priorities": priorities,
            "share_knowledge": knowledge,
            "interaction": round(split.interaction, 4),
            "kind": key,
            "statement": self.text(key, **values),
            "samples": split.samples,
            "seed": self.a.smaa.seed,
        }

    @cached_property
    def agreement(self) -> Data:
        """Rankings of the three methods and their Kendall tau against the weighted sum."""
        leaders = {
            name: self.a.models[ranks.index(1)] for name, ranks in self.a.method_ranks.items()
        }
        agree = len(set(leaders.values())) == 1
        shown = ", ".join(f"{self.text(f'method_{k}')}: {self.name(v)}" for k, v in leaders.items())
        return {
            "rankings": {
                name: dict(zip(self.a.models, ranks, strict=True))
                for name, ranks in self.a.method_ranks.items()
            },
            "kendall_tau": self.a.agreement,
            "leaders": leaders,
            "agree_on_leader": agree,
            "statement": self.text("methods_agree")
            if agree
            else self.text("methods_disagree", leaders=shown),
        }

    def top_criteria(self, count: int = 3) -> list[str]:
        """The criteria with the largest weights, largest first."""
        order = np.argsort(-self.a.weights.values, kind="stable")
        return [self.a.criteria[j] for j in order[:count] if self.a.weights.values[j] > 0]

    def statement_weight(self, item: StatementRef) -> float:
        """How much a statement matters to this user: sum of weight × effect value."""
        return sum(self.weight(e.criterion) * e.value for e in item.statement.effects)

    def explanation(self) -> list[Data]:
        """Sentences, each with the statements or rules it rests on."""
        out = [
            self.sentence(
                "summary", [], model=self.name(self.winner), share=self.pct(self.first[self.winner])
            )
        ]
        if self.first[self.winner] < CLOSE:
            out.append(
                self.sentence(
                    "summary_close",
                    [],
                    runner_up=self.forms(self.runner_up),
                    share_runner_up=self.pct(self.first[self.runner_up]),
                )
            )
        out.append({"kind": "doubt", "text": self.doubt["statement"], "refs": []})
        out += self.open_sentences()
        out.append(self.priorities_sentence())
        out += self.consistency_sentences()
        out += self.statement_sentences(self.winner)
        out += [
            self.sentence(
                "rule_fired_expert" if rule.basis.kind == "expert_assumption" else "rule_fired",
                [f"rule:{rule.id}"],
                rationale=rule.rationale.get(self.lang),
            )
            for rule in self.a.fired
            if self.concerns_winner(rule)
        ]
        out += [
            self.sentence(
                "excluded",
                [f"rule:{r.id}" for r in rules],
                model=self.forms(model),
                reason=" ".join(r.rationale.get(self.lang) for r in rules),
            )
            for model, rules in self.a.excluded.items()
        ]
        scores = dict(zip(self.a.models, self.a.scores, strict=True))
        out.append(
            self.sentence(
                "runner_up",
                [],
                runner_up=self.forms(self.runner_up),
                score=number(float(scores[self.runner_up]), self.lang),
                winner_score=number(float(scores[self.winner]), self.lang),
            )
        )
        agreement = self.agreement
        out.append({"kind": "agreement", "text": agreement["statement"], "refs": []})
        return out

    def open_facts(self) -> list[Data]:
        """The facts the user left open that a rule waits for: each with its question and the
        rules that may apply (they widen the rating intervals instead of shifting them)."""
        waiting: dict[str, list[str]] = {}
        for rule, fields in self.a.open:
            for field in fields:
                waiting.setdefault(DERIVED_FROM.get(field, field), []).append(rule.id)
        out = []
        for field, rules in waiting.items():
            assumption = self.advisor.open_fields.get(field)
            if assumption is None or assumption.topic is None:
                continue
            out.append({"field": field, "topic": assumption.topic.get(self.lang), "rules": rules})
        return out

    def open_sentences(self) -> list[Data]:
        """One sentence naming the open questions that make the advice less certain."""
        facts = self.open_facts()
        if not facts:
            return []
        topics = join([f["topic"] for f in facts], self.lang)
        return [
            self.sentence(
                "open_facts", [f"rule:{r}" for f in facts for r in f["rules"]], topics=topics
            )
        ]

    def priorities_sentence(self) -> Data:
        """What matters most to the user (or that everything matters equally)."""
        values = self.a.weights.values
        if float(values.max() - values.min()) < 1e-9:
            return self.sentence("equal_priorities", [])
        names = [self.quoted(self.criterion_name(c)) for c in self.top_criteria()]
        return self.sentence("top_priorities", [], criteria=join(names, self.lang))

    def consistency_sentences(self) -> list[Data]:
        """For AHP weights: whether the pairwise comparisons are consistent enough (Saaty's
        CR ≤ 0.1), and if not, the two judgements that cause most of the contradiction."""
        ahp = self.a.weights.ahp
        if ahp is None:
            return []
        values = {
            "ratio": fixed(ahp.consistency_ratio, self.lang),
            "threshold": fixed(ahp.threshold, self.lang),
        }
        if ahp.acceptable:
            return [self.sentence("ahp_consistent", [], **values)]
        chosen = self.a.weights.params.get("criteria") or self.a.criteria
        revisit = [
            self.text(
                "ahp_revisit",
                first=self.criterion_name(chosen[j.row]),
                second=self.criterion_name(chosen[j.column]),
                given=saaty(j.value),
                consistent=saaty(j.consistent_value),
            )
            for j in ahp.revisit[:2]
        ]
        return [self.sentence("ahp_inconsistent", [], revisit="; ".join(revisit), **values)]

    def sentence(self, key: str, refs: list[str], **values: object) -> Data:
        """One explanation sentence with its references."""
        return {"kind": key, "text": self.text(key, **values), "refs": refs}

    def statement_sentences(self, model: str) -> list[Data]:
        """The winner's advantages that serve the top priorities, and its weightiest drawbacks."""
        items = sorted(self.kb.statements(model), key=self.statement_weight, reverse=True)
        pros = [i for i in items if i.kind == "advantage" and self.statement_weight(i) > 0][:3]
        cons = sorted((i for i in items if i.kind == "disadvantage"), key=self.statement_weight)[:2]
        out = []
        for item in pros + cons:
            effect = max(
                item.statement.effects, key=lambda e: self.weight(e.criterion) * abs(e.value)
            )
            out.append(
                self.sentence(
                    "advantage" if item.kind == "advantage" else "disadvantage",
                    [item.ref],
                    model=self.forms(model),
                    criterion=self.criterion_name(effect.criterion),
                    importance=self.importance(effect.criterion),
                    **self.quote_of(item),
                )
            )
        return out

    def concerns_winner(self, rule: Rule) -> bool:
        """Whether a fired rule changed the winner's profile or the priorities."""
        return any(e.model == self.winner or e.kind == "priority" for e in rule.effects)

    def what_if(self) -> list[Data]:
        """What would change the result, from the weight-stability analysis."""
        st = self.a.stability
        out: list[Data] = []
        if st.swap is None:
            out.append({"kind": "none", "text": self.text("what_if_none")})
        distinct = {swap.increase: swap for swap in reversed(st.swaps)}
        for swap in sorted(distinct.values(), key=lambda s: s.shift)[:3]:
            increase, decrease = self.a.criteria[swap.increase], self.a.criteria[swap.decrease]
            out.append(
                {
                    "kind": "swap",
                    "increase": increase,
                    "decrease": decrease,
                    "shift": round(float(swap.shift), 4),
                    "model": self.runner_up,
                    "text": self.text(
                        "what_if_swap",
                        increase=self.criterion_name(increase),
                        decrease=self.criterion_name(decrease),
                        shift=number(100 * swap.shift, self.lang, 1),
                        runner_up=self.forms(self.runner_up),
                    ),
                }
            )
        out += self.one_way()
        return out

    def one_way(self) -> list[Data]:
        """For each criterion, the weight bound beyond which another model leads, nearest first.

        Bounds and the model leading beyond each come from the engine's stability analysis.
        """
        st = self.a.stability
        items: list[Data] = []
        for j, criterion in enumerate(self.a.criteria):
            w = float(st.weights[j])
            for kind, bound, leader_index in (
                ("upper", float(st.upper[j]), int(st.upper_leader[j])),
                ("lower", float(st.lower[j]), int(st.lower_leader[j])),
            ):
                if leader_index < 0 or self.a.models[leader_index] == self.winner:
                    continue
                leader = self.a.models[leader_index]
                items.append(
                    {
                        "kind": kind,
                        "criterion": criterion,
                        "weight": round(w, 4),
                        "bound": round(bound, 4),
                        "distance": round(abs(bound - w), 4),
                        "model": leader,
                        "text": self.text(
                            f"what_if_{kind}",
                            criterion=self.criterion_name(criterion),
                            weight=self.pct(w),
                            bound=self.pct(bound),
                            model=self.forms(leader),
                        ),
                    }
                )
        return sorted(items, key=lambda x: x["distance"])[:4]

    def risks(self) -> list[Data]:
        """The winner's disadvantages, weightiest first, then the rules that lower its profile
        here, each with measures that soften it. Every risk has the same keys: ``statement``
        and ``quote`` (source statement) or ``rule`` (context rule), the other ones ``None``."""
        out = []
        items = [i for i in self.kb.statements(self.winner) if i.kind == "disadvantage"]
        for item in sorted(items, key=self.statement_weight):
            criteria = [e.criterion for e in item.statement.effects]
            out.append(
                {
                    "statement": item.ref,
                    "rule": None,
                    "text": item.statement.display(self.lang),
                    "quote": item.statement.quote,
                    "severity": round(-self.statement_weight(item), 4),
                    "criteria": criteria,
                    "mitigations": self.mitigations_for(item.ref, criteria),
                }
            )
        for (model, criterion), changes in self.a.changes.items():
            total = sum(v for _, v in changes)
            if model != self.winner or total >= 0:
                continue
            for rule, _change in changes:
                out.append(
                    {
                        "statement": None,
                        "rule": rule.id,
                        "text": rule.rationale.get(self.lang),
                        "quote": None,
                        "severity": round(-self.weight(criterion) * total, 4),
                        "criteria": [criterion],
                        "mitigations": self.mitigations_for(None, [criterion]),
                    }
                )
        return out

    def mitigations_for(self, statement: str | None, criteria: list[str]) -> list[Data]:
        """Measures of the catalogue that address a statement, else its criteria."""
        chosen = [m for m in self.advisor.mitigations if statement in m.addresses.statements]
        if not chosen:
            chosen = [
                m for m in self.advisor.mitigations if set(criteria) & set(m.addresses.criteria)
            ]
        return [
            {
                "id": m.id,
                "name": m.name.get(self.lang),
                "description": m.description.get(self.lang),
                "effort": m.effort.get(self.lang),
                "source": self.kb.source(m.source).cite(self.lang),
                "source_kind": self.kb.source(m.source).kind,
            }
            for m in chosen
        ]

    def complement(self) -> Data:
        """A second model that covers the winner's weak criteria (rated average or below), plus
        the working group."""
        win = self.a.matrix[self.a.models.index(self.winner)]
        w = self.a.weights.values
        best, best_gain, covered = None, 0.0, []
        for i, model in enumerate(self.a.models):
            if model == self.winner:
                continue
            gain_by = w * np.clip(self.a.matrix[i] - win, 0, None) * (win <= NEUTRAL)
            if gain_by.sum() > best_gain:
                best, best_gain = model, float(gain_by.sum())
                covered = [self.a.criteria[j] for j in np.argsort(-gain_by) if gain_by[j] > 0][:3]
        data: Data = {
            "working_group": {
                "text": self.text("working_group"),
                "source": self.kb.source("difu2023").cite(self.lang),
            }
        }
        if best is not None:
            data.update(
                {
                    "model": best,
                    "name": self.name(best),
                    "covers": covered,
                    "gain": round(best_gain, 4),
                    "text": self.text(
                        "complement",
                        second=self.forms(best),
                        model=self.forms(self.winner),
                        criteria=join(
                            [self.quoted(self.criterion_name(c)) for c in covered], self.lang
                        ),
                    ),
                }
            )
        else:
            data.update({"model": None, "covers": [], "gain": 0.0, "text": None})
        return data

    def method(self) -> Data:
        """Everything needed to reproduce the result."""
        return {
            "aggregation": WSM.params(),
            "agreement_methods": [WSM.params(), TOPSIS.params(), promethee(1).params()],
            "performance": "rated knowledge table (1-5, 3 = average) plus rule shifts, "
            "kept within 1-5",
            "robustness": {
                "method": "SMAA-2",
                "distribution": "dirichlet_around_weights",
                "concentration": CONCENTRATION,
                "samples": self.a.smaa.samples,
                "seed": self.a.smaa.seed,
            },
            "doubt": {
                "method": "SMAA-2 with interval ratings",
                "ratings": "triangular within the knowledge base's interval, shifted by the rules",
                "weights": "as robustness",
                "split": "proportional to the doubt of each source alone; interaction reported",
            },
            "stability": "one-way, others rescaled proportionally; pairwise weight shifts",
            "tie_rule": "competition ranking",
            "version": __version__,
        }

    def body(self) -> Data:
        """The result without the profile-specific ``inputs`` and ``assumptions``."""
        return {
            "lang": self.lang,
            "recommendation": self.winner,
            "recommendation_name": self.name(self.winner),
            "ranking": self.ranking(),
            "robustness": self.robustness(),
            "doubt": self.doubt,
            "agreement": self.agreement,
            "explanation": self.explanation(),
            "risks": self.risks(),
            "what_if": self.what_if(),
            "complement": self.complement(),
            "rules_fired": [
                {
                    "id": r.id,
                    "text": r.rationale.get(self.lang),
                    "basis": r.basis.kind,
                    "ref": r.basis.ref,
                    "factor": self.a.factors.get(r.id, 1.0),
                }
                for r in self.a.fired
            ],
            "open_facts": self.open_facts(),
            "criteria_profile": {
                m: dict(zip(self.a.criteria, (float(v) for v in self.a.matrix[i]), strict=True))
                for i, m in enumerate(self.a.models)
            },
            "method": self.method(),
        }
