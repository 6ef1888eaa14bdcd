"""Actor registry: loading, validation with file and line, mentions with word boundaries and titles."""

import pytest

from framing import ActorRegistryError, load_actors
from framing.actors import parse_actors


@pytest.fixture(scope="module")
def registry():
    return load_actors()


def actors_in(registry, text):
    return [(m.actor, m.text) for m in registry.find_mentions(text)]


def test_bundled_registry_has_required_actors(registry):
    for actor_id in [
        "russia",
        "putin",
        "ukraine",
        "zelensky",
        "united_states",
        "trump",
        "biden",
        "europe",
        "nato",
        "narrator",
    ]:
        assert actor_id in registry
    assert registry["putin"].member_of == ("russia",)
    assert registry.ancestors("trump") == ("united_states", "west")
    assert registry["narrator"].kind == "voice"


def test_aliases_word_boundaries_and_case(registry):
    assert actors_in(registry, "Kyiv and Kiev and Київ") == [
        ("ukraine", "Kyiv"),
        ("ukraine", "Kiev"),
        ("ukraine", "Київ"),
    ]
    assert actors_in(registry, "Moscow, Moscowitz, EUropean") == [("russia", "Moscow")]
    assert ("united_states", "USA") in actors_in(registry, "the USA said")
    assert actors_in(registry, "let us go") == []  # aliases are case-sensitive proper names
    assert actors_in(registry, "Russia's and NATO’s") == [("russia", "Russia"), ("nato", "NATO")]


def test_titles_attach_to_person_names_only(registry):
    assert actors_in(registry, "Russian President Vladimir Putin spoke") == [
        ("putin", "Russian President Vladimir Putin")
    ]
    assert actors_in(registry, "U.S. President Donald Trump") == [("trump", "U.S. President Donald Trump")]
    assert actors_in(registry, "Former President Joe Biden") == [("biden", "Former President Joe Biden")]
    # without a name, "the Russian President" is a role: its holder on the document's date, else Russia
    assert actors_in(registry, "the Russian President said") == [("russia", "the Russian President")]
    assert [m.actor for m in registry.find_mentions("the Russian President said", date="2018-06-01")] == ["putin"]


def test_longest_alias_wins(registry):
    assert actors_in(registry, "Western European leaders met") == [("europe", "Western European leaders")]
    assert actors_in(registry, "the Kyiv authorities") == [("ukraine", "the Kyiv authorities")]


def test_offsets_shift(registry):
    (m,) = registry.find_mentions("see Putin", 100)
    assert (m.start, m.end) == (104, 109)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("actors: [1, 2]", r"'actors' mapping"),
        ("actors:\n  Bad-Id:\n    kind: state\n", r":2: actor id 'Bad-Id'"),
        ("actors:\n  x:\n    kind: planet\n", r":3: actor 'x': kind must be one of"),
        ("actors:\n  x:\n    kind: state\n    member_of: [y]\n", r":4: actor 'x' is member of unknown actor 'y'"),
        ("actors:\n  x:\n    kind: state\n    colour: red\n", r":4: actor 'x': unknown key 'colour'"),
        (
            "actors:\n  x:\n    kind: state\n    member_of: [y]\n  y:\n    kind: group\n    member_of: [x]\n",
            r"loops back",
        ),
        ("actors:\n  x: {kind: state\n", r"invalid YAML"),
        ("actors:\n  x:\n    kind: state\n  x:\n    kind: state\n", r":4: invalid YAML \(duplicate key 'x'\)"),
        ("!!python/object:os.system {}\n", r"invalid YAML"),
    ],
)
def test_malformed_registries_name_file_and_line(text, message):
    with pytest.raises(ActorRegistryError, match=r"\[F301\] my\.yaml" + ".*" + message):
        parse_actors(text, "my.yaml")


def test_missing_registry_file(tmp_path):
    with pytest.raises(ActorRegistryError, match=r"\[F302\]"):
        load_actors(tmp_path / "nope.yaml")
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: mine\nactors:\n  kremlin:\n    kind: organisation\n    aliases: [Kremlin]\n", encoding="utf-8"
    )
    mine = load_actors(path, extend=False)
    assert mine.name == "mine" and "narrator" in mine and mine.sha256


def test_us_versus_us(registry):
    assert actors_in(registry, "Let us talk, said the US envoy.") == [("united_states", "US")]
