"""Hero / villain / victim roles of ``frame_targets`` against human labels on climate news, with two baselines.

    .venv/bin/python benchmarks/target_roles_climate.py [--shared ../shared]

Gold: ``../shared/gold/frermann_climate_frames_dev`` (Frermann et al., ACL 2023, development part: 343
articles, 1,577 entity annotations with a narrative role hero / villain / victim; evaluation only, no text
enters the repo). The unit is an **(article, entity)**: the annotated entity strings of an article, merged
case-insensitively (``Climate change`` = ``climate change``); repeated annotations with the same role count
once. An entity annotated with two or more different roles is **ambiguous**: it keeps all its labels, is
left out of accuracy, confusion matrix and kappa, and is scored apart (right when the prediction is any of
its labels). Pronouns (:data:`PRONOUNS`) and strings shorter than 3 characters are left out (the registry
matches names, pronouns are not resolved). An entity whose string does not occur in its article's text
(whole words, any letter case) cannot be found and counts against coverage only.

Entities → actors: per article an :class:`~framing.actors.ActorRegistry` of one actor per remaining entity
(id ``e<k>``), its aliases every surface form of the string in the text (matching is case-sensitive; where
two entities overlap, ``Ocasio`` in ``Ocasio-Cortez``, the longer wins, so a few found strings get no
mention). Kind ``state`` when the string, without a leading ``the``, is a name of a ``state`` of the bundled
registry (``the U.S.``, ``China``), else ``group``. The stakeholder group label is not used.

Pipeline (as ``framing analyze`` does): :func:`framing.segment`, :func:`framing.actors.attribute` with that
registry, :func:`framing.match_table` with the lexicon (``generic_frames``, and ``urw_frames`` for
comparison), :func:`framing.actors.frame_targets` (``reach="segment"``). A category without an Entman
function gives its targets role ``none``, unless an agent's verb cue casts one (``force`` → villain, ``need`` →
victim: :func:`framing.actors.targets.role_of`).

Predicted role of an entity: the most frequent non-``none`` role over the matches that target it. A tie
between roles is predicted as ``tie`` and counted wrong. **Coverage**: share of gold entities (unambiguous,
after the filters above) that get a prediction; **accuracy**, confusion matrix and Cohen's kappa
(:func:`framing.stats.cohen_kappa`) over the covered ones. Baselines:

- ``majority``: every entity gets the most frequent gold role (over all unambiguous units);
- ``owner``: every entity mentioned in a passage with a match gets the role of the category's owner
  (``Category.role("owner")``), the most frequent non-``none`` of those (ties as above). Scored on the
  system's covered units (no role there counts wrong) and, ``*_own``, on its own coverage.

``ratio`` = system accuracy / baseline accuracy, both over the units the system covers. ``funnel_all_units``
counts every unit (ambiguous ones included) through the steps: filtered, in text, mentioned, targeted by a
match, targeted only with role ``none``; ``state_kind``: units made a ``state``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing import load_lexicon, match_table, segment  # noqa: E402
from framing.actors import Actor, ActorRegistry, attribute, frame_targets, load_actors  # noqa: E402
from framing.corpus import Document  # noqa: E402
from framing.errors import StatisticsError  # noqa: E402
from framing.stats import cohen_kappa  # noqa: E402

GOLD = Path("gold") / "frermann_climate_frames_dev"
PRONOUNS = frozenset("i me my we us our ours you your he him his she her hers it its they them their theirs".split())
ROLES = ("hero", "villain", "victim")


def read_gold(shared: Path) -> tuple[list[Document], dict[str, dict[str, set[str]]]]:
    """The articles as documents, and per article the gold roles of each entity (case-folded string)."""
    opts = {"sep": "\t", "dtype": str, "keep_default_na": False}
    articles = pd.read_csv(shared / GOLD / "articles.tsv", **opts)
    roles = pd.read_csv(shared / GOLD / "roles.tsv", **opts)
    docs = [Document(r.ID, r.text, {"date": r.date, "outlet": r.source}) for r in articles.itertuples(index=False)]
    gold: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in roles.itertuples(index=False):
        gold[r.ID][r.entity.strip().casefold()].add(r.role)
    return docs, gold


def registry_for(text: str, entities: list[str], states: ActorRegistry) -> tuple[ActorRegistry, dict[str, str]]:
    """A registry of the entities that occur in ``text`` (aliases: their surface forms), and entity → actor id."""
    actors, ids = [], {}
    for k, entity in enumerate(entities):
        pattern = re.compile(rf"(?<!\w){re.escape(entity)}(?!\w)", re.IGNORECASE)
        forms = sorted({m.group(0) for m in pattern.finditer(text)})
        if not forms:
            continue
        bare = re.sub(r"^the\s+", "", entity, flags=re.IGNORECASE)
        known = {states.resolve_name(f) for f in (bare, bare.upper(), bare.title())} - {None}
        state = any(states[a].kind == "state" for a in known if a is not None)
        ids[entity] = f"e{k}"
        actors.append(Actor(f"e{k}", "state" if state else "group", entity, aliases=tuple(forms)))
    return ActorRegistry(actors, name="frermann_entities"), ids


def vote(roles: list[str]) -> str | None:
    """The most frequent non-``none`` role, ``tie`` for a tie, None without one."""
    counts = Counter(r for r in roles if r != "none").most_common()
    if not counts:
        return None
    return "tie" if len(counts) > 1 and counts[0][1] == counts[1][1] else counts[0][0]


def predict(docs: list[Document], gold: dict, lexicon_name: str) -> tuple[dict, dict, set, dict]:
    """Per (article, entity): the system's role, the owner baseline's role; the entities found in their text;
    and the counts of each step (all units, ambiguous included)."""
    lexicon, states = load_lexicon(lexicon_name), load_actors()
    passages = segment(docs)
    matches = match_table(passages, lexicon)
    by_doc = defaultdict(list)
    for p in passages:
        by_doc[p.doc_id].append(p)
    system: dict[tuple[str, str], str | None] = {}
    owner: dict[tuple[str, str], str | None] = {}
    left: Counter[str] = Counter()
    found: set[tuple[str, str]] = set()
    for doc in docs:
        entities = []
        for entity in sorted(gold.get(doc.doc_id, {})):
            if entity in PRONOUNS or len(entity) < 3:
                left["pronoun_or_short"] += 1
            else:
                entities.append(entity)
        registry, ids = registry_for(doc.text, entities, states)
        left["entities"] += len(entities)
        left["in_text"] += len(ids)
        found |= {(doc.doc_id, e) for e in ids}
        left["state_kind"] += sum(registry[i].kind == "state" for i in ids.values())
        attributions = attribute(by_doc[doc.doc_id], registry, corpus=[doc])
        table = frame_targets(attributions, matches[matches.doc_id == doc.doc_id], lexicon.categories, registry)
        cast, owned = defaultdict(list), defaultdict(list)
        mentioned = {a.passage_id: {m.actor for m in a.mentions} for a in attributions}
        for r in table.itertuples(index=False):
            if r.targets:
                for actor, role in zip(r.targets.split(";"), r.roles.split(";"), strict=True):
                    cast[actor].append(role)
            for actor in mentioned[r.passage_id]:
                owned[actor].append(lexicon.categories[r.category].role("owner"))
        seen = {m for ms in mentioned.values() for m in ms}
        left["mentioned"] += sum(i in seen for i in ids.values())
        left["targeted"] += sum(bool(cast[i]) for i in ids.values())
        left["targeted_only_none"] += sum(bool(cast[i]) and vote(cast[i]) is None for i in ids.values())
        for entity in entities:
            key = (doc.doc_id, entity)
            system[key] = vote(cast[ids[entity]]) if entity in ids else None
            owner[key] = vote(owned[ids[entity]]) if entity in ids else None
        left["matches"] += len(table)
        left["matches_with_target"] += int((table.targets != "").sum())
    return system, owner, found, dict(left)


def accuracy(pairs: list[tuple[str, str]]) -> float | None:
    return round(sum(g == p for g, p in pairs) / len(pairs), 3) if pairs else None


def score(gold: dict, system: dict, owner: dict, found: set) -> dict:
    """Coverage, accuracy, confusion and kappa of the system; the baselines on the same units."""
    truth = {k: gold[k[0]][k[1]] for k in system}
    plain = sorted(k for k, v in truth.items() if len(v) == 1)
    ambiguous = sorted(k for k, v in truth.items() if len(v) > 1)
    label = {k: next(iter(truth[k])) for k in plain}
    majority = Counter(label.values()).most_common(1)[0][0]
    covered = [k for k in plain if system[k] is not None]
    pairs = [(label[k], system[k]) for k in covered]
    confusion = {g: dict(Counter(p for gg, p in pairs if gg == g)) for g in ROLES}
    try:
        kappa = round(float(cohen_kappa([g for g, _ in pairs], [p for _, p in pairs])), 3)
    except StatisticsError:
        kappa = None
    own_cov = [k for k in plain if owner[k] is not None]
    result = {
        "entities": len(plain),
        "ambiguous": len(ambiguous),
        "covered": len(covered),
        "coverage": round(len(covered) / len(plain), 3) if plain else None,
        "in_text": sum(k in found for k in plain),
        "coverage_in_text": round(len(covered) / max(1, sum(k in found for k in plain)), 3),
        "ties": sum(p == "tie" for _, p in pairs),
        "accuracy": accuracy(pairs),
        "kappa": kappa,
        "confusion_gold_to_pred": confusion,
        "predicted": dict(sorted(Counter(p for _, p in pairs).items())),
        "gold_on_covered": dict(sorted(Counter(g for g, _ in pairs).items())),
        "ambiguous_covered": sum(system[k] is not None for k in ambiguous),
        "ambiguous_any_right": sum(system[k] in truth[k] for k in ambiguous),
        "baselines": {
            "majority": {"role": majority, "accuracy_on_covered": accuracy([(g, majority) for g, _ in pairs])},
            "owner": {
                "accuracy_on_covered": accuracy([(label[k], owner[k] or "none") for k in covered]),
                "covered_own": len(own_cov),
                "coverage_own": round(len(own_cov) / len(plain), 3) if plain else None,
                "accuracy_own": accuracy([(label[k], owner[k]) for k in own_cov]),
            },
        },
    }
    for base in result["baselines"].values():
        b, s = base["accuracy_on_covered"], result["accuracy"]
        base["ratio"] = round(s / b, 3) if s is not None and b else None
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--lexicon", nargs="+", default=["generic_frames", "urw_frames"])
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    docs, gold = read_gold(args.shared)
    out = {"articles": len(docs), "annotations_units": sum(len(v) for v in gold.values())}
    for name in args.lexicon:
        system, owner, found, left = predict(docs, gold, name)
        out[name] = {"funnel_all_units": left, **score(gold, system, owner, found)}
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
