"""The ``framing`` command: a thin caller of the public API.

    framing analyze [INPUT ...] [--lexicon NAME|FILE] [--actors FILE]... [--out DIR] [--jobs N] [--dask SCHEDULER]
    framing attribute INPUT ... [--actors FILE]... [--replace-actors] [--format jsonl|text] [--unregistered]
    framing attribute --evaluate-relations DIR [--split dev] [--cues speech|all]
    framing match INPUT ... [--lexicon NAME|FILE] [--format csv|jsonl]
    framing kwic INPUT ... [--lexicon NAME|FILE] [--category C] [--window N | --sentence]
    framing lexicon check LEXICON [--corpus INPUT ...]
    framing lexicon convert IN OUT [--lossy]
    framing corpus install NAME --from PATH [--to DIR] [--force]
    framing corpus verify NAME [--path DIR] [--read]

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
from typing import NoReturn

from . import __version__
from .errors import FramingError, RunError
from .pipeline import LEXICON_HELP, RunConfig, add_arguments, config_from_args

DEFAULT_INPUT = "seeds"
CORPUS_READER_NAMES = ("kremlin_en", "ukraine_addresses_2022", "ungdc")
#: The reading and segmenting options every command that reads a corpus takes (fields of RunConfig).
READING = ("text_field", "id_field", "unit", "paragraphs", "transcript")


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage mistake reported as one coded line (F445) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("framing").strip() or "COMMAND"
        self.exit(2, f"framing: error: {RunError('F445', detail=message, command=command)}\n")


def _common_input(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument(
        "inputs",
        nargs="+" if required else "*",
        metavar="INPUT",
        help=".txt, .jsonl or .csv files or folders" + ("" if required else f" (default: {DEFAULT_INPUT}/)"),
    )
    add_arguments(p, READING)
    p.add_argument(
        "--reader",
        choices=sorted(CORPUS_READER_NAMES),
        default=None,
        help="read INPUT with the reader of a known corpus (its metadata: dates, speakers, turns)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="framing", description="Compare how political actors frame the same events.")
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    _analyze_arguments(sub.add_parser("analyze", help="run the whole pipeline and write results with provenance"))
    _attribute_arguments(sub.add_parser("attribute", help="speakers and targets of every passage"))
    _match_arguments(
        sub.add_parser("match", help="the lexicon match table (or, with --counts, matches per passage and category)")
    )
    _kwic_arguments(sub.add_parser("kwic", help="every match with its context, to audit a count"))
    _lexicon_arguments(sub.add_parser("lexicon", help="check or convert lexicon files"))
    _corpus_arguments(sub.add_parser("corpus", help="install and verify third-party corpora (manifests in corpora/)"))
    return parser


def _analyze_arguments(p: argparse.ArgumentParser) -> None:
    _common_input(p, required=False)
    p.add_argument("--out", default="results", help="output folder (default: results/)")
    add_arguments(p, tuple(n for n in RunConfig.__dataclass_fields__ if n not in READING))
    p.add_argument(
        "--dask",
        default=None,
        metavar="SCHEDULER",
        help="run the batches on a Dask cluster (scheduler address, e.g. tcp://10.0.0.1:8786; needs framing[dask])",
    )


def _attribute_arguments(p: argparse.ArgumentParser) -> None:
    _common_input(p, required=False)
    add_arguments(p, ("actors", "replace_actors"))
    p.add_argument("--format", choices=("jsonl", "text"), default="jsonl")
    p.add_argument(
        "--evaluate",
        metavar="GOLD",
        default=None,
        help="score speakers and targets against a gold JSONL file (precision, recall, F1)",
    )
    p.add_argument(
        "--split",
        default=None,
        help="with --evaluate (or --evaluate-relations), score only the gold records (documents) whose 'split' "
        "is SPLIT (e.g. train, test, dev)",
    )
    p.add_argument(
        "--evaluate-turns",
        metavar="TURNS",
        default=None,
        help="score transcript turns against labelled turns (JSONL: doc_id, turn, speaker)",
    )
    p.add_argument(
        "--evaluate-relations",
        metavar="DIR",
        default=None,
        help="score against attribution relations (docs.jsonl + attributions.jsonl, e.g. PolNeAR): no INPUT",
    )
    p.add_argument(
        "--cues",
        choices=("speech", "all"),
        default="speech",
        help="with --evaluate-relations: score speech relations only (default) or all",
    )
    p.add_argument(
        "--unregistered",
        action="store_true",
        help="list the speakers the registry does not know, most frequent first (to add them to a registry)",
    )


def _match_arguments(p: argparse.ArgumentParser) -> None:
    _common_input(p, required=True)
    add_arguments(p, ("lexicon",))
    p.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    p.add_argument(
        "--counts",
        action="store_true",
        help="write one row per passage with its number of matches in each category (negated ones included)",
    )


def _kwic_arguments(p: argparse.ArgumentParser) -> None:
    _common_input(p, required=True)
    add_arguments(p, ("lexicon",))
    p.add_argument("--category", default=None, help="keep this category (and its sub-categories)")
    ctx = p.add_mutually_exclusive_group()
    ctx.add_argument("--window", type=int, default=5, help="word tokens of context on each side (default: 5)")
    ctx.add_argument("--sentence", action="store_true", help="show the whole passage as context")
    p.add_argument("--format", choices=("text", "csv", "jsonl"), default="text")


def _lexicon_arguments(p: argparse.ArgumentParser) -> None:
    lsub = p.add_subparsers(dest="lexicon_command", required=True, metavar="ACTION")
    q = lsub.add_parser("check", help="validate a lexicon; with --corpus, coverage, dead entries and alpha")
    q.add_argument("lexicon", metavar="LEXICON", help=LEXICON_HELP)
    q.add_argument("--corpus", nargs="+", default=None, metavar="INPUT", help="files or folders to check against")
    q.add_argument(
        "--reader",
        choices=sorted(CORPUS_READER_NAMES),
        default=None,
        help="read --corpus with the reader of a known corpus",
    )
    add_arguments(q, ("text_field", "id_field"))
    q = lsub.add_parser(
        "suggest", help="candidate entries for a category: words and phrases of the passages it matches, ranked"
    )
    q.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders: the corpus to learn from")
    q.add_argument("--category", required=True, help="the seed category (its sub-categories count too)")
    q.add_argument("--lexicon", default="urw_frames", help=LEXICON_HELP)
    q.add_argument("--top", type=int, default=50, metavar="N", help="candidates listed (default: 50)")
    q.add_argument(
        "--min-count", type=int, default=3, metavar="N", help="fewest occurrences with the seed (default: 3)"
    )
    q.add_argument("--ngrams", type=int, nargs="+", default=[1, 2], metavar="N", help="phrase lengths (default: 1 2)")
    q.add_argument("--out", default=None, metavar="FILE.csv", help="write the candidates with an empty keep column")
    q.add_argument("--force", action="store_true", help="replace --out if it exists")
    q.add_argument(
        "--reader",
        choices=sorted(CORPUS_READER_NAMES),
        default=None,
        help="read INPUT with the reader of a known corpus",
    )
    add_arguments(q, ("text_field", "id_field"))
    q = lsub.add_parser("convert", help="convert a lexicon between formats (by file suffix)")
    q.add_argument("source", metavar="IN", help=LEXICON_HELP)
    q.add_argument("target", metavar="OUT", help="output file: .yaml/.yml or .dic")
    q.add_argument("--lossy", action="store_true", help="drop what the target format cannot hold (with a warning)")
    q.add_argument("--force", action="store_true", help="replace OUT if it exists")


def _corpus_arguments(p: argparse.ArgumentParser) -> None:
    csub = p.add_subparsers(dest="corpus_command", required=True, metavar="ACTION")
    q = csub.add_parser("install", help="verify a folder against corpora/NAME.yaml and copy it into corpora/NAME/")
    q.add_argument("name", metavar="NAME", help="corpus name (corpora/NAME.yaml) or a manifest file")
    q.add_argument("--from", dest="source", required=True, metavar="PATH", help="folder holding the corpus files")
    q.add_argument("--to", dest="target", default=None, metavar="DIR", help="install folder (default: corpora/NAME/)")
    q.add_argument("--force", action="store_true", help="reinstall even if the installed copy verifies")
    q = csub.add_parser("verify", help="check every file of a corpus folder against its manifest (size, SHA-256)")
    q.add_argument("name", metavar="NAME", help="corpus name (corpora/NAME.yaml) or a manifest file")
    q.add_argument(
        "--path",
        default=None,
        metavar="DIR",
        help="folder to check (default: corpora/NAME/, else ../shared/corpora/NAME/)",
    )
    q.add_argument("--read", action="store_true", help="also read the corpus and compare the reader's counts")


def _corpus(args: argparse.Namespace):
    from .corpus import read_corpus, read_named_corpus

    if args.reader:
        return read_named_corpus(args.reader, args.inputs)
    cfg = config_from_args(args)
    return read_corpus(args.inputs, text_field=cfg.text_field, id_field=cfg.id_field, turns=cfg.transcript)


def _passages(args: argparse.Namespace, corpus=None):
    from .passages import segment

    cfg = config_from_args(args)
    return segment(corpus if corpus is not None else _corpus(args), unit=cfg.unit, paragraphs=cfg.paragraphs)


def _cmd_analyze(args: argparse.Namespace) -> int:
    from .corpus import iter_named_corpus
    from .pipeline import analyze_to

    inputs = args.inputs or [DEFAULT_INPUT]
    if not args.inputs and not Path(DEFAULT_INPUT).is_dir():
        raise RunError(
            "F401", detail=f"no INPUT given and no {DEFAULT_INPUT}/ folder here; name files or folders to analyse"
        )
    args.inputs = inputs
    config = config_from_args(args)
    # documents are read lazily, with --reader by the named corpus's reader (which adds its metadata)
    data = iter_named_corpus(args.reader, inputs) if args.reader else inputs
    try:
        if args.dask:
            from .pipeline import analyze_on_dask as dask_analyze

            try:
                result = dask_analyze(data, scheduler=args.dask, out=args.out, config=config)
            except OSError as exc:  # distributed's connection errors (TimeoutError, ConnectionRefusedError)
                if exc.filename is not None:
                    raise
                raise RunError("F447", address=args.dask, reason=str(exc) or type(exc).__name__) from None
        else:
            result = analyze_to(data, args.out, config=config)
    except KeyboardInterrupt:
        print(f"framing: interrupted; nothing partial was written to {args.out}.", file=sys.stderr)
        return 130
    report = result.report
    c = report["counts"]
    print(
        f"{c['inputs']} inputs: {c['processed']} processed, {c['skipped']} skipped; "
        f"{c['passages']} passages, {c['matches']} matches ({c['negated_matches']} negated)"
    )
    field = config.group_by or config.speaker_field  # grouped by metadata: the summary shows those groups
    if field is not None and result.profiles is not None and len(result.profiles.table):
        table = result.profiles.table.rename(columns={"group": "actor"})
        if config.groups is not None:
            table = table[table["actor"].isin(config.groups)]
        index = f"{field}|{config.by}" if config.by is not None else field
        _print_matrix(table, field, index, "profiles.csv")
    elif len(result.actor_frames):
        _print_matrix(result.actor_frames, "speaker", "actor", "actor_frames.csv")
    if result.comparisons is not None:
        print("\n" + result.comparisons.summary())
    if result.models is not None:
        print("\n" + result.models.summary())
    if result.term_keyness is not None:
        print("\n" + result.term_keyness.summary(6))
    print(f"\nResults written to {args.out}/: " + ", ".join(sorted(report["outputs"])) + ", run.json")
    return 0


def _print_matrix(table, by: str, index: str, where: str) -> None:
    """The counts of the 20 groups (or actors) that speak the most, categories that none matched left out."""
    from .compare import frame_matrix

    wide = frame_matrix(table, "count", top=20)
    wide = wide.loc[:, (wide != 0).any(axis=0)].rename_axis(index=index)
    many = table["actor"].nunique() > len(wide)
    top = "the 20 who speak most; " if many else ""
    print(f"\nMatches by {by} ({top}{index} x category, counts; rates per 1,000 tokens in {where}):")
    print(wide.to_string())


def _cmd_attribute(args: argparse.Namespace) -> int:
    from .actors import attribute, load_actors

    config = config_from_args(args)
    registry = load_actors(config.actors, extend=not config.replace_actors)
    if args.evaluate_relations:
        return _evaluate_relations(args, registry)
    if not args.inputs:
        raise RunError("F401", detail="name the files or folders to attribute (or use --evaluate-relations DIR)")
    corpus = _corpus(args)
    if args.evaluate or args.evaluate_turns:
        return _evaluate(args, corpus, registry)
    attributions = attribute(_passages(args, corpus), registry, corpus=corpus)
    if args.unregistered:
        _print_unregistered(attributions)
        return 0
    shown = None
    for a in attributions:
        if args.format == "jsonl":
            print(json.dumps(a.to_record(), ensure_ascii=False, sort_keys=True))
            continue
        if a.doc_id != shown and (why := corpus.get(a.doc_id).meta.get("transcript_reason")):
            print(f"{a.doc_id}: read as a transcript: {why} (--no-transcript to read it as prose)")
        shown = a.doc_id
        print(a.explain())
    return 0


def _print_unregistered(attributions) -> None:
    """The speakers outside the registry, most frequent first: passages, id, kind, name as written."""
    from collections import Counter

    counts: Counter[str] = Counter()
    info: dict = {}
    for a in attributions:
        for actor in a.unregistered:
            counts[actor.id] += 1
            info.setdefault(actor.id, actor)
    print("passages\tid\tkind\tname\tmember_of")
    for actor_id, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        a = info[actor_id]
        print(f"{n}\t{a.id}\t{a.kind}\t{a.label}\t{';'.join(a.member_of)}")


def _evaluate_relations(args: argparse.Namespace, registry) -> int:
    from .actors import attribute, evaluate_relations, read_relations

    docs, relations = read_relations(args.evaluate_relations, args.split)
    scores = evaluate_relations(
        attribute(_passages(args, docs), registry, corpus=docs), docs, relations, registry, cues=args.cues
    )
    print(scores.summary())
    return 0


def _evaluate(args: argparse.Namespace, corpus, registry) -> int:
    from .actors import attribute, evaluate_attributions, evaluate_turns, read_gold, read_turns
    from .corpus import Corpus

    if args.evaluate:
        gold = read_gold(args.evaluate)
        if args.reader:  # a gold file may cover several corpora: keep this reader's records
            gold = [g for g in gold if g.get("corpus", args.reader) == args.reader]
        if args.split:
            gold = [g for g in gold if g.get("split") == args.split]
        wanted = {str(g["doc_id"]) for g in gold}
        docs = Corpus([d for d in corpus if str(d.doc_id) in wanted])
        scores = evaluate_attributions(attribute(_passages(args, docs), registry, corpus=docs), gold)
        print(scores.summary())
        for e in scores.errors:
            print(
                f"  {e['doc_id']}#{e['passage_id']} speakers {e['speakers']} (gold {e['gold_speakers']}), "
                f"targets {e['targets']} (gold {e['gold_targets']}) [{e['rule']}]: {e['text'][:90]!r}"
            )
    if args.evaluate_turns:
        turns = read_turns(args.evaluate_turns)
        wanted = {str(t["doc_id"]) for t in turns}
        docs = Corpus([d for d in corpus if str(d.doc_id) in wanted])
        result = evaluate_turns(docs, attribute(_passages(args, docs), registry, corpus=docs), turns, registry)
        print(
            f"{result['turns']} labelled turns in {len(docs)} transcripts: {result['right']} attributed to their "
            f"labelled speaker ({result['accuracy']:.4f}); Putin's turns {result['putin_right']}/"
            f"{result['putin_turns']} ({result['putin_accuracy']:.4f}); "
            f"{result['not_found']} turns whose text was not found"
        )
        pr = result["putin_passages"]
        print(
            f"Putin's passages: precision {pr.precision:.4f} ({pr.tp}/{pr.predicted} given to Putin are in his turns), "
            f"recall {pr.recall:.4f} ({pr.tp}/{pr.gold} in his turns given to him alone), F1 {pr.f1:.4f}"
        )
    return 0


def _cmd_match(args: argparse.Namespace) -> int:
    import pandas as pd

    from .files import to_csv
    from .lexicon import load_lexicon, match_table, matcher_for

    lexicon = load_lexicon(config_from_args(args).lexicon)
    passages = sorted(_passages(args), key=lambda p: (p.doc_id, p.passage_id))
    chunk = 5000  # rows are written chunk by chunk, in passage order
    for at in range(0, max(len(passages), 1), chunk):
        part = passages[at : at + chunk]
        if args.counts:
            counts = matcher_for(lexicon).count([p.text for p in part])
            table = pd.DataFrame(counts, columns=lexicon.category_names)
            table.insert(0, "passage_id", [p.passage_id for p in part])
            table.insert(0, "doc_id", [p.doc_id for p in part])
        else:
            table = match_table(part, lexicon)
        if args.format == "csv":
            to_csv(table, sys.stdout, header=at == 0)
        else:
            for rec in table.to_dict(orient="records"):
                print(json.dumps(rec, ensure_ascii=False, sort_keys=True))
    return 0


def _cmd_kwic(args: argparse.Namespace) -> int:
    from .corpus import read_corpus
    from .files import to_csv
    from .lexicon import kwic, load_lexicon

    cfg = config_from_args(args)
    lexicon = load_lexicon(cfg.lexicon)
    corpus = read_corpus(args.inputs, text_field=cfg.text_field, id_field=cfg.id_field, turns=cfg.transcript)
    table = kwic(
        corpus,
        lexicon,
        category=args.category,
        window=args.window,
        sentence=args.sentence,
        unit=cfg.unit,
        paragraphs=cfg.paragraphs,
    )
    if args.format == "csv":
        to_csv(table, sys.stdout)
    elif args.format == "jsonl":
        for rec in table.to_dict(orient="records"):
            print(json.dumps(rec, ensure_ascii=False, sort_keys=True))
    else:
        for r in table.itertuples(index=False):
            neg = f" NEGATED by {r.negator!r}" if r.negated else ""
            print(f"{r.doc_id}#{r.passage_id} [{r.start}:{r.end}] {r.category} ({r.entry}){neg}")
            print(f"    {r.pre} [[{r.match}]] {r.post}")
        print(f"{len(table)} matches", file=sys.stderr)
    return 0


def _cmd_lexicon(args: argparse.Namespace) -> int:
    from .lexicon import load_lexicon

    if args.lexicon_command == "convert":
        from .lexicon import write_lexicon_file

        target = Path(args.target)
        if Path(args.source).exists() and target.exists() and Path(args.source).resolve() == target.resolve():
            raise RunError("F449", target=args.target, source=args.source)
        if (target.exists() or target.is_symlink()) and not args.force:
            raise RunError("F448", path=args.target)
        lexicon = load_lexicon(args.source)
        write_lexicon_file(lexicon, args.target, lossy=args.lossy)
        print(f"Wrote {args.target}: {len(lexicon.categories)} categories, {len(lexicon.entries())} entries")
        return 0
    if args.lexicon_command == "suggest":
        return _suggest(args)
    from .lexicon import check_lexicon

    lexicon = load_lexicon(args.lexicon)
    corpus = None
    if args.corpus:
        args.inputs = args.corpus
        corpus = _corpus(args)
    report = check_lexicon(lexicon, corpus)
    print(report.summary())
    return 0 if report.ok else 1


def _suggest(args: argparse.Namespace) -> int:
    """``framing lexicon suggest``: the candidates on standard output, or in a CSV to review (``--out``)."""
    from .compare import suggest_terms
    from .files import to_csv, writing
    from .lexicon import load_lexicon
    from .passages import segment

    lexicon = load_lexicon(args.lexicon)
    if args.out is not None and (Path(args.out).exists() or Path(args.out).is_symlink()) and not args.force:
        raise RunError("F448", path=args.out)
    table = suggest_terms(
        segment(_corpus(args)), lexicon, args.category, ngrams=args.ngrams, min_count=args.min_count, top=args.top
    )
    if args.out is not None:
        with writing(Path(args.out)):
            to_csv(table.assign(keep=""), Path(args.out), float_format="%.6g")
        print(f"Wrote {args.out}: {len(table)} candidates for {args.category!r}; mark those to keep in 'keep'")
        return 0
    for r in table.itertuples(index=False):
        print(f"{r.z:7.2f}  {r.term}  ({r.count} with the seed, {r.count_rest} without; {r.with_seed:.0%})")
        print(f"         {r.example}")
    return 0


def _cmd_corpus(args: argparse.Namespace) -> int:
    from .corpus import corpus_path, install, load_manifest, search_paths, verify

    if args.corpus_command == "install":
        print(install(args.name, args.source, args.target, force=args.force).summary())
        return 0
    manifest = load_manifest(args.name)
    folder = args.path or next((p for p in search_paths(manifest) if p.is_dir()), None)
    if folder is None:
        folder = corpus_path(manifest)  # raises: not installed, with the install command to run
    report = verify(manifest, folder)
    print(report.summary())
    if report.ok and args.read:
        from .corpus import read_named_corpus

        differences = manifest.check_counts(read_named_corpus(manifest.reader, folder).counts())
        print("  reader counts: " + ("as expected" if not differences else "; ".join(differences)))
        return 0 if not differences else 1
    return 0 if report.ok else 1


#: What to do about an operating-system error, by errno name (the rest: check the path and permissions).
_OS_ADVICE = {
    "ENOSPC": "the disk is full: free some space or write elsewhere (--out)",
    "EDQUOT": "your disk quota is used up: free some space or write elsewhere (--out)",
    "EROFS": "the file system is read-only: write elsewhere (--out)",
    "EACCES": "permission denied: check the permissions of the file and its folder",
    "EPERM": "operation not permitted: check the permissions of the file and its folder",
    "ENOENT": "no such file or folder: check the path",
    "EISDIR": "a folder was given where a file is needed: check the path",
    "ENOTDIR": "a file was given where a folder is needed: check the path",
    "EMFILE": "too many open files: raise the limit (ulimit -n) or use fewer --jobs",
    "ENAMETOOLONG": "the name is too long: choose a shorter path",
    "EIO": "input/output error: check the disk",
    "ELOOP": "too many symbolic links: check the path",
}


def os_error(exc: OSError) -> str:
    """One coded line (F446) for an operating-system error: the file, the cause, what to do."""
    import errno as errnos
    import os

    name = errnos.errorcode.get(exc.errno or 0, "")
    reason = exc.strerror or (os.strerror(exc.errno) if exc.errno else str(exc) or type(exc).__name__)
    path = exc.filename if exc.filename not in (None, "") else "(file not known)"
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    path = str(path).encode("utf-8", "backslashreplace").decode("utf-8")
    if exc.filename2:
        path += f" -> {exc.filename2}"
    advice = _OS_ADVICE.get(name, "check the path and permissions")
    return str(RunError("F446", path=path, reason=reason, errno=name or "no errno", advice=advice))


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"framing: warning: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``framing`` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    commands = {
        "analyze": _cmd_analyze,
        "attribute": _cmd_attribute,
        "match": _cmd_match,
        "kwic": _cmd_kwic,
        "lexicon": _cmd_lexicon,
        "corpus": _cmd_corpus,
    }
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
            print(f"framing: error: {os_error(exc)}", file=sys.stderr)
            return 2


if __name__ == "__main__":
    sys.exit(main())
