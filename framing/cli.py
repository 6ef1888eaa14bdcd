"""The ``framing`` command: a thin caller of the public API.

    framing analyze [INPUT ...] [--lexicon NAME|FILE] [--actors FILE] [--out DIR]
    framing attribute INPUT ... [--actors FILE] [--format jsonl|text]
    framing match INPUT ... [--lexicon NAME|FILE] [--format csv|jsonl]

Errors go to stderr as one line with a code and what to fix, and the exit status is 2 (bad input or
usage) or 1 (unexpected failure). Warnings (repaired or skipped inputs) go to stderr too.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import FramingError, RunError

DEFAULT_INPUT = "seeds"


def _common_input(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument(
        "inputs",
        nargs="+" if required else "*",
        metavar="INPUT",
        help=".txt, .jsonl or .csv files or folders" + ("" if required else f" (default: {DEFAULT_INPUT}/)"),
    )
    p.add_argument("--text-field", default="text", help="JSONL/CSV field holding the text (default: text)")
    p.add_argument("--id-field", default="id", help="JSONL/CSV field holding the document id (default: id)")
    p.add_argument("--unit", choices=("sentence", "paragraph"), default="sentence", help="passage unit")
    p.add_argument(
        "--paragraphs",
        choices=("line", "blank"),
        default="line",
        help="what ends a paragraph: a line break (default) or a blank line",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing", description="Compare how political actors frame the same events.")
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("analyze", help="run the whole pipeline and write results with provenance")
    _common_input(p, required=False)
    p.add_argument("--lexicon", default="urw_frames", help="bundled lexicon name or YAML file (default: urw_frames)")
    p.add_argument("--actors", default=None, help="actor registry YAML (default: the bundled registry)")
    p.add_argument("--out", default="results", help="output folder (default: results/)")

    p = sub.add_parser("attribute", help="speakers and targets of every passage")
    _common_input(p, required=True)
    p.add_argument("--actors", default=None, help="actor registry YAML (default: the bundled registry)")
    p.add_argument("--format", choices=("jsonl", "text"), default="jsonl")

    p = sub.add_parser("match", help="the lexicon match table")
    _common_input(p, required=True)
    p.add_argument("--lexicon", default="urw_frames", help="bundled lexicon name or YAML file (default: urw_frames)")
    p.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    return parser


def _passages(args: argparse.Namespace):
    from .corpus import read_corpus
    from .passages import segment

    corpus = read_corpus(args.inputs, text_field=args.text_field, id_field=args.id_field)
    return segment(corpus, unit=args.unit, paragraphs=args.paragraphs)


def _cmd_analyze(args: argparse.Namespace) -> int:
    from .compare import frame_matrix
    from .run import analyze, write_results

    inputs = args.inputs or [DEFAULT_INPUT]
    if not args.inputs and not Path(DEFAULT_INPUT).is_dir():
        raise RunError(
            "F401", detail=f"no INPUT given and no {DEFAULT_INPUT}/ folder here; name files or folders to analyse"
        )
    analysis = analyze(
        inputs,
        lexicon=args.lexicon,
        actors=args.actors,
        unit=args.unit,
        paragraphs=args.paragraphs,
        text_field=args.text_field,
        id_field=args.id_field,
    )
    report = write_results(analysis, args.out)
    c = report["counts"]
    print(
        f"{c['inputs']} inputs: {c['processed']} processed, {c['skipped']} skipped; "
        f"{c['passages']} passages, {c['matches']} matches ({c['negated_matches']} negated)"
    )
    if len(analysis.actor_frames):
        wide = frame_matrix(analysis.actor_frames, "count")
        wide = wide.loc[:, (wide != 0).any(axis=0)]
        print("\nMatches by speaker (actor x category, counts; rates per 1,000 tokens in actor_frames.csv):")
        print(wide.to_string())
    print(f"\nResults written to {args.out}/: " + ", ".join(sorted(report["outputs"])) + ", run.json")
    return 0


def _cmd_attribute(args: argparse.Namespace) -> int:
    from .actors import load_actors
    from .attribution import attribute

    registry = load_actors(args.actors)
    for a in attribute(_passages(args), registry):
        if args.format == "jsonl":
            print(json.dumps(a.to_record(), ensure_ascii=False, sort_keys=True))
        else:
            print(a.explain())
    return 0


def _cmd_match(args: argparse.Namespace) -> int:
    from .features import match_table
    from .lexicon import load_lexicon

    lexicon = load_lexicon(args.lexicon)
    table = match_table(_passages(args), lexicon)
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        for rec in table.to_dict(orient="records"):
            print(json.dumps(rec, ensure_ascii=False, sort_keys=True))
    return 0


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"framing: warning: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``framing`` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    commands = {"analyze": _cmd_analyze, "attribute": _cmd_attribute, "match": _cmd_match}
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        warnings.simplefilter("default")
        try:
            return commands[args.command](args)
        except FramingError as exc:
            print(f"framing: error: {exc}", file=sys.stderr)
            return 2
        except BrokenPipeError:
            return 0
        except OSError as exc:
            print(
                f"framing: error: {exc.strerror or exc}: {exc.filename or ''}; check the path and permissions.",
                file=sys.stderr,
            )
            return 2


if __name__ == "__main__":
    sys.exit(main())
