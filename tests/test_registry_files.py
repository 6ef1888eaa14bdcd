"""Your registry files extend (or replace) the bundled actor registry: new actors, overrides by id, roles,
titles, places; alias conflicts and aliases that would match ordinary prose are coded errors with file and
line; the provenance (name, version, source, sha256) describes the combination, also in run.json."""

import hashlib
import json
import re
from importlib import resources
from pathlib import Path

import pytest

from framing import ActorRegistryError, RunConfig, RunError, load_actors
from framing.actors import parse_actors
from framing.cli import main
from framing.errors import ActorRegistryWarning

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_418aac17aef7de0a.txt"
BUNDLED_TEXT = resources.files("framing").joinpath("data/actors.yaml").read_text(encoding="utf-8")

#: Five lines of YAML add a minister the bundled registry does not know.
REZNIKOV = """\
name: my-ministers
version: "1"
actors:
  reznikov:
    kind: person
    label: Oleksii Reznikov
    member_of: [ukraine]
    aliases: [Oleksii Reznikov, Reznikov]
    pronoun: he
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def actors_in(registry, text, date=None):
    return [(m.actor, m.text) for m in registry.find_mentions(text, date=date)]


def bundled_line(pattern):
    """The line of the bundled registry that ``pattern`` finds first (1-based)."""
    return next(i for i, line in enumerate(BUNDLED_TEXT.splitlines(), 1) if re.search(pattern, line))


# ----------------------------------------------------------------------------------------------- extend
def test_a_file_adds_an_actor_to_the_bundled_registry(tmp_path):
    bundled = load_actors()
    mine = load_actors(write(tmp_path, "mine.yaml", REZNIKOV))
    assert len(mine) == len(bundled) + 1 and set(bundled.actors) < set(mine.actors)
    assert mine["reznikov"].label == "Oleksii Reznikov" and mine.ancestors("reznikov") == ("ukraine",)
    assert actors_in(mine, "Reznikov, Putin and Kyiv agreed.") == [
        ("reznikov", "Reznikov"),
        ("putin", "Putin"),
        ("ukraine", "Kyiv"),
    ]
    # the bundled generic titles attach to the new person's name
    assert actors_in(mine, "Former President Oleksii Reznikov") == [("reznikov", "Former President Oleksii Reznikov")]
    assert actors_in(bundled, "Reznikov said") == []


def test_an_actor_with_a_bundled_id_replaces_it_whole_and_releases_its_aliases(tmp_path):
    bundled = load_actors()
    assert "Kuleba" in bundled["kuleba"].aliases
    text = """\
actors:
  kuleba:
    kind: person
    label: Dmytro Kuleba (override)
    member_of: [ukraine]
    aliases: [Dmytro Kuleba]
  oleksiy_kuleba_deputy:
    kind: person
    member_of: [ukraine]
    aliases: [Kuleba]
"""
    mine = load_actors(write(tmp_path, "mine.yaml", text))
    assert len(mine) == len(bundled) + 1
    kuleba = mine["kuleba"]
    assert kuleba.label == "Dmytro Kuleba (override)" and kuleba.aliases == ("Dmytro Kuleba",)
    assert kuleba.titles == () and kuleba.pronoun is None  # fields are replaced, not merged
    assert bundled["kuleba"].titles and bundled["kuleba"].pronoun == "he"
    # the released alias "Kuleba" is free for another actor; the other bundled aliases are gone
    assert actors_in(mine, "Kuleba and Dmytro Kuleba") == [
        ("oleksiy_kuleba_deputy", "Kuleba"),
        ("kuleba", "Dmytro Kuleba"),
    ]
    assert actors_in(mine, "Dmitry Kuleba") == [("oleksiy_kuleba_deputy", "Kuleba")]


def test_roles_titles_places_and_not_mentions_are_added(tmp_path):
    text = (
        REZNIKOV
        + """\
titles: [Minister of Defence]
places: [Odesa]
not_mentions: [Reznikov Street]
roles:
  - aliases: [the Ukrainian defence minister]
    holders: [{actor: reznikov, from: 2021-11-04, to: 2023-09-06}]
    fallback: ukraine
  - aliases: [the Russian President]
    fallback: russia
"""
    )
    text = text.replace("aliases: [Oleksii Reznikov, Reznikov]", "aliases: [Oleksii Reznikov, Reznikov, Odesa]")
    mine = load_actors(write(tmp_path, "mine.yaml", text))
    bundled = load_actors()
    assert set(bundled.titles) < set(mine.titles) and "Minister of Defence" in mine.titles
    assert actors_in(mine, "Minister of Defence Oleksii Reznikov") == [
        ("reznikov", "Minister of Defence Oleksii Reznikov")
    ]
    assert bundled.places < mine.places and "Odesa" in mine.places
    assert actors_in(mine, "talks in Odesa and Reznikov Street") == []
    assert actors_in(mine, "the Ukrainian defence minister", date="2022-05-01") == [
        ("reznikov", "the Ukrainian defence minister")
    ]
    # a role sharing an alias with a bundled role replaces it whole: no holders now, only the fallback
    assert actors_in(bundled, "the Russian President", date="2018-06-01") == [("putin", "the Russian President")]
    assert actors_in(mine, "the Russian President", date="2018-06-01") == [("russia", "the Russian President")]
    assert actors_in(mine, "the President of Russia", date="2018-06-01") != [("putin", "the President of Russia")]
    assert len(mine.roles) == len(bundled.roles) + 1  # two added, one replaced


def test_a_place_whose_alias_is_released_goes_with_it(tmp_path):
    russia = load_actors()["russia"]
    assert "Moscow" in russia.aliases
    aliases = ", ".join(a for a in russia.aliases if a != "Moscow")
    text = f"actors:\n  russia:\n    kind: state\n    aliases: [{aliases}]\n"
    mine = load_actors(write(tmp_path, "mine.yaml", text))
    assert "Moscow" not in mine.places and "Kyiv" in mine.places
    assert actors_in(mine, "Moscow said") == []


def test_several_files_apply_in_order(tmp_path):
    first = write(tmp_path, "a.yaml", REZNIKOV)
    second = write(
        tmp_path,
        "b.yaml",
        "actors:\n  reznikov:\n    kind: person\n    member_of: [ukraine]\n    aliases: [Oleksii Reznikov]\n",
    )
    both = load_actors([first, second])
    assert both["reznikov"].aliases == ("Oleksii Reznikov",)
    assert load_actors([second, first])["reznikov"].aliases == ("Oleksii Reznikov", "Reznikov")
    # a file may build on an earlier one, not on a later one
    child = write(tmp_path, "c.yaml", "actors:\n  reznikov_aide:\n    kind: person\n    member_of: [reznikov]\n")
    assert load_actors([first, child]).ancestors("reznikov_aide") == ("reznikov", "ukraine")
    with pytest.raises(ActorRegistryError, match=r"\[F301\] .*c\.yaml:4: actor 'reznikov_aide' is member of unknown"):
        load_actors([child, first])


# ---------------------------------------------------------------------------------------------- replace
def test_replace_leaves_the_bundled_registry_out(tmp_path):
    mine = load_actors(
        write(tmp_path, "mine.yaml", REZNIKOV.replace("member_of: [ukraine]", "member_of: []")), extend=False
    )
    assert sorted(mine.actors) == ["narrator", "reznikov"]
    assert actors_in(mine, "Reznikov met Putin") == [("reznikov", "Reznikov")]
    with pytest.raises(
        ActorRegistryError, match=r"mine\.yaml:7: actor 'reznikov' is member of unknown actor 'ukraine'"
    ):
        load_actors(write(tmp_path, "mine.yaml", REZNIKOV), extend=False)
    with pytest.raises(ActorRegistryError, match=r"\[F305\] extend=False \(--replace-actors\) needs at least one"):
        load_actors(None, extend=False)
    with pytest.raises(RunError, match=r"\[F440\] Option replace_actors \(--replace-actors\) must be False unless"):
        RunConfig(replace_actors=True)


# -------------------------------------------------------------------------------------------- conflicts
def test_an_alias_of_a_bundled_actor_claimed_again_names_both_actors_files_and_lines(tmp_path):
    text = """\
actors:
  andrii_sybiha:
    kind: person
    member_of: [ukraine]
    aliases: [Andrii Sybiha, Sybiha]
"""
    path = write(tmp_path, "mine.yaml", text)
    line = bundled_line(r"aliases: \[Andrii Sybiha")
    message = (
        rf"\[F303\] 'Andrii Sybiha' is claimed twice, by actor 'sybiha' \(framing/data/actors\.yaml:{line}\) and "
        rf"by actor 'andrii_sybiha' \({re.escape(str(path))}:5\): .* override the earlier actor by its id"
    )
    with pytest.raises(ActorRegistryError, match=message):
        load_actors(path)
    # renaming the bundled actor's id is not an override: using its id is
    assert load_actors(write(tmp_path, "ok.yaml", text.replace("andrii_sybiha", "sybiha")))["sybiha"].aliases == (
        "Andrii Sybiha",
        "Sybiha",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "actors:\n  x:\n    kind: state\n    aliases: [Xland]\n  y:\n    kind: state\n    aliases: [Xland]\n",
            r"'Xland' is claimed twice, by actor 'x' \(my\.yaml:4\) and by actor 'y' \(my\.yaml:7\)",
        ),
        (
            "not_mentions: [Xland Sea]\nactors:\n  x:\n    kind: state\n    aliases: [Xland Sea]\n",
            r"'Xland Sea' is claimed twice, by not_mentions \(my\.yaml:1\) and by actor 'x' \(my\.yaml:5\)",
        ),
        (
            "actors:\n  x:\n    kind: state\n    aliases: [Xland]\nroles:\n  - aliases: [Xland]\n    fallback: x\n",
            r"'Xland' is claimed twice, by actor 'x' \(my\.yaml:4\) and by role 'Xland' \(my\.yaml:6\)",
        ),
    ],
)
def test_alias_conflicts_in_one_file(text, message):
    with pytest.raises(ActorRegistryError, match=r"\[F303\] " + message):
        parse_actors(text, "my.yaml")


def test_an_alias_that_is_a_bundled_not_mention_is_a_conflict(tmp_path):
    path = write(tmp_path, "mine.yaml", "actors:\n  scs:\n    kind: group\n    aliases: [South China Sea]\n")
    line = bundled_line(r"^not_mentions: \[South China Sea")
    with pytest.raises(ActorRegistryError, match=rf"by not_mentions \(framing/data/actors\.yaml:{line}\)"):
        load_actors(path)


# ---------------------------------------------------------------------------------------- alias checks
@pytest.mark.parametrize(
    ("alias", "reason"),
    [
        ("the", "is only common words"),
        ("The", "is only common words"),
        ("said", "is only common words"),
        ("Us", "is only common words"),
        ("of the", "is only common words"),
        ("May", "is only common words"),
        ("A", "is a single letter"),
        ("I.", "is a single letter"),
        ("2022", "has no letter"),
        ("--", "has no letter"),
    ],
)
def test_an_alias_that_would_match_ordinary_prose_is_an_error_with_file_and_line(alias, reason):
    text = f"actors:\n  x:\n    kind: state\n    aliases:\n      - Xland\n      - '{alias}'\n"
    message = rf"\[F304\] my\.yaml:6: alias {re.escape(repr(alias))} of actor 'x' {reason}"
    with pytest.raises(ActorRegistryError, match=message):
        parse_actors(text, "my.yaml")
    with pytest.raises(ActorRegistryError, match=r"\[F304\] my\.yaml:3: alias .* of role"):
        parse_actors(f"actors: {{}}\nroles:\n  - aliases: ['{alias}']\n    fallback: narrator\n", "my.yaml")


@pytest.mark.parametrize("alias", ["US", "UN", "G7", "Xi", "the Kremlin", "May Day Coalition", "U.S."])
def test_acronyms_short_names_and_phrases_with_a_name_are_accepted(alias):
    registry = parse_actors(f"actors:\n  x:\n    kind: state\n    aliases: ['{alias}']\n", "my.yaml")
    assert actors_in(registry, f"so {alias} said") == [("x", alias)]


def test_a_lower_case_word_alias_is_a_warning_with_file_and_line():
    with pytest.warns(ActorRegistryWarning, match=r"\[W301\] my\.yaml:4: alias 'kremlin' of actor 'x' is a lower-case"):
        registry = parse_actors("actors:\n  x:\n    kind: state\n    aliases: [kremlin]\n", "my.yaml")
    assert actors_in(registry, "the kremlin said") == [("x", "kremlin")]


def test_the_bundled_registry_passes_the_alias_checks():
    registry = parse_actors(BUNDLED_TEXT, "actors.yaml")  # warnings are errors in the test suite
    assert len(registry) == len(load_actors())


# ------------------------------------------------------------------------------------------- provenance
def test_provenance_describes_the_combination(tmp_path):
    bundled = load_actors()
    bundled_digest = hashlib.sha256(BUNDLED_TEXT.encode("utf-8")).hexdigest()
    assert (bundled.name, bundled.source, bundled.sha256) == (
        "framing-actors",
        "framing/data/actors.yaml",
        bundled_digest,
    )
    first = write(tmp_path, "a.yaml", REZNIKOV)
    second = write(tmp_path, "b.yaml", "actors:\n  zaluzhnyi:\n    kind: person\n    aliases: [Valerii Zaluzhnyi]\n")
    digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (first, second)]
    both = load_actors([first, second])
    assert both.name == "framing-actors + my-ministers + actors"
    assert both.version == f"{bundled.version} + 1 + unversioned"
    assert both.source == f"framing/data/actors.yaml + {first} + {second}"
    expected = "".join(f"{d}\n" for d in [bundled_digest, *digests])
    assert both.sha256 == hashlib.sha256(expected.encode("ascii")).hexdigest()
    assert load_actors([second, first]).sha256 != both.sha256
    alone = load_actors(second, extend=False)
    assert (alone.name, alone.version, alone.source, alone.sha256) == ("actors", "", str(second), digests[1])


# ------------------------------------------------------------------------------------ command line, end to end
def test_cli_attribute_finds_the_added_minister_on_the_seed(tmp_path, capsys):
    registry = write(tmp_path, "ministers.yaml", REZNIKOV)
    news = write(tmp_path, "news.txt", "Oleksii Reznikov said the front held. Putin disagreed.\n")
    argv = ["attribute", str(SEED), str(news), "--format", "jsonl"]

    def speakers(*extra):
        assert main([*argv, *extra]) == 0
        records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        return {s for r in records for s in r["speakers"]}

    extended = speakers("--actors", str(registry))
    assert {"reznikov", "putin", "trump"} <= extended  # the bundled actors of the seed are still found
    assert "reznikov" not in speakers()
    alone = write(tmp_path, "alone.yaml", REZNIKOV.replace("member_of: [ukraine]", "member_of: []"))
    replaced = speakers("--actors", str(alone), "--replace-actors")
    assert "reznikov" in replaced and "putin" not in replaced


def test_cli_analyze_records_the_combined_registry_in_run_json(tmp_path):
    first = write(tmp_path, "ministers.yaml", REZNIKOV)
    second = write(tmp_path, "more.yaml", "actors:\n  zaluzhnyi:\n    kind: person\n    aliases: [Valerii Zaluzhnyi]\n")
    news = write(tmp_path, "news.txt", "Oleksii Reznikov said the front held.\n")
    out = tmp_path / "out"
    argv = ["analyze", str(SEED), str(news), "--out", str(out), "--jobs", "1", "--no-statistics", "--quiet"]
    assert main([*argv, "--actors", str(first), "--actors", str(second)]) == 0
    recorded = json.loads((out / "run.json").read_text(encoding="utf-8"))["actors"]
    expected = load_actors([first, second])
    assert recorded == {
        "name": expected.name,
        "version": expected.version,
        "sha256": expected.sha256,
        "source": expected.source,
    }
    assert str(first) in recorded["source"] and str(second) in recorded["source"]
    passages = [json.loads(line) for line in (out / "passages.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any("reznikov" in p["speakers"] for p in passages)


def test_cli_registry_errors_are_one_line_with_a_code(tmp_path, capsys):
    bad = write(tmp_path, "bad.yaml", "actors:\n  x:\n    kind: state\n    aliases: [the]\n")
    assert main(["attribute", str(SEED), "--actors", str(bad)]) == 2
    assert re.fullmatch(
        r"framing: error: \[F304\] .*bad\.yaml:4: alias 'the' of actor 'x' .*\n", capsys.readouterr().err
    )
    assert main(["attribute", str(SEED), "--replace-actors"]) == 2
    assert "[F440]" in capsys.readouterr().err
