"""One catalogue of errors and warnings with stable codes.

Every message says what went wrong and what to do next. Codes are stable: tests and users may match on
them (``pytest.raises(LexiconError, match=r"\\[F201\\]")``). This module is a leaf: every other module may
import it, it imports nothing from the package.
"""

from __future__ import annotations

import warnings
from typing import TypeVar

_T = TypeVar("_T")


class Messages:
    """Message templates, one per code. Fill with ``str.format``.

    A code is never reused for another message. Retired codes (no longer raised, removed from here): F102
    (unsupported input format: now a skip, reason ``unsupported-format``), F204 (a category without entries:
    now [F201] with file and line), F422 and F423 (``jobs`` and ``batch_size``: now [F440]), W103 (never
    raised).
    """

    # corpus (F1xx)
    F101 = "Input {path!r} does not exist; check the path."
    F103 = (
        "{path}: no column {field!r} for the document text (columns: {columns}); pass text_field= "
        "(CLI: --text-field) naming the text column."
    )
    F104 = "{path}: byte {position}: invalid {encoding} ({reason}); fix the file or pass on_decode_error='replace'."
    F105 = "No documents to read: {detail}."
    F106 = "on_decode_error must be 'replace', 'skip' or 'raise', not {value!r}."
    F107 = "{path}: {detail}; fix the CSV file (quoting, header, encoding)."
    F108 = "Unknown passage unit {unit!r}; use 'sentence' or 'paragraph'."
    F109 = "Unknown paragraph rule {rule!r}; use 'line' (a line break ends a paragraph) or 'blank' (a blank line does)."
    F110 = "Chrome rule {pattern!r} is not a valid regular expression: {reason}."
    F111 = "Document {doc_id!r} is not in the corpus."
    F114 = "A CorpusStream can be iterated once; call iter_corpus (or iter_named_corpus) again to read it again."
    F112 = "Unknown corpus {name!r}; known corpora: {known}."
    F113 = (
        "Sentence segmentation stopped at nltk's time limit for one pass of Punkt ({where}): the machine may be "
        "overloaded; retry with fewer jobs, or segment by paragraph (unit='paragraph', CLI: --unit paragraph)."
    )

    # lexicon (F2xx)
    F201 = "{path}:{line}: {detail}; fix the lexicon file."
    F202 = "Lexicon {name!r} not found: it is neither a bundled lexicon ({bundled}) nor an existing file."
    F203 = "{path}: cannot parse YAML at line {line}: {reason}."
    F205 = "{path}:{line}: entry {entry!r} cannot match any word after normalisation; remove or rewrite it."
    F206 = (
        "{path}: unknown lexicon format {suffix!r}; use .yaml/.yml (framing or quanteda), .dic (LIWC), "
        ".cat (WordStat), .csv or .tsv."
    )

    F207 = "Lexicon {name!r} has no category {category!r}; choose one of: {categories}."
    F208 = (
        "Lexicon {name!r} cannot be written as a LIWC .dic without losing content:\n  {problems}\n"
        "Write .yaml to keep everything, or pass lossy=True (CLI: --lossy) to drop these with a warning."
    )
    F209 = "{path}: writing {suffix} is not supported; write .yaml (everything) or .dic (LIWC)."
    F210 = "Regex entry {pattern!r}: {reason}; rewrite the entry."
    F211 = "Entry {pattern!r} of category {category!r}: {reason}; rewrite the entry."
    F212 = "overlap must be one of {modes}, not {value!r}."
    F213 = "levels must be a whole number, 1 or more, not {value!r}."
    F214 = "{texts} texts but {offsets} offsets; pass one offset per text."

    # actors (F3xx)
    F301 = "{path}:{line}: {detail}; fix the actor registry."
    F302 = "Actor registry {name!r} not found: it is neither the bundled registry ({bundled}) nor an existing file."
    F303 = (
        "{alias!r} is claimed twice, by {first} ({first_at}) and by {second} ({second_at}): an alias names one "
        "actor or role and is no not_mentions phrase; remove it from one of them, or override the earlier actor "
        "by its id in your file."
    )
    F304 = (
        "{path}:{line}: alias {alias!r} of {owner} {reason}: it would match ordinary prose; use the full name, "
        "or remove the alias."
    )
    F305 = (
        "extend=False (--replace-actors) needs at least one registry file to replace the bundled registry with; "
        "pass the files (--actors FILE ...)."
    )

    # run / CLI (F4xx)
    F401 = "Nothing to analyse: {detail}."
    F402 = "Output folder {path!r} exists and is not a folder; choose another --out."
    F404 = "{path}:{line}: {detail}; fix the gold file."
    F405 = "Gold passage {doc_id}#{passage_id} (gold line {line}) is not in the input; check the INPUT and --reader."
    F406 = (
        "Gold passage {doc_id}#{passage_id} should {expected} but the passage is {text!r}: segmentation "
        "changed; update the gold file."
    )
    F403 = (
        "Run accounting failed: {inputs} inputs but {processed} processed + {skipped} skipped; please report this bug."
    )
    F420 = (
        "Run accounting failed: {processed} inputs processed but {documents} documents analysed; please report "
        "this bug."
    )
    F421 = (
        "A worker process stopped unexpectedly ({detail}); nothing was written. It may have run out of memory: "
        "rerun with fewer --jobs or a smaller --batch-size."
    )
    F424 = (
        "Output folder {path!r} is or contains the current folder; results replace the output folder as a whole, "
        "so choose a folder of its own (e.g. --out results)."
    )
    F425 = "Dask is not installed: install the extra with `pip install 'framing[dask]'` (dask and distributed)."
    F426 = "Document id {doc_id!r} occurs twice in the Dask bag; document ids must be unique."
    F434 = (
        "No input yielded a document ({summary}); nothing was written (previous results are kept). Check the "
        "INPUT (.txt, .jsonl, .csv files or folders of them) and --text-field."
    )
    F440 = "Option {option} ({flag}) must be {constraint}, not {value!r}."
    F441 = "Unknown option {option!r} for {where}; {hint}the options are: {known}."
    F442 = (
        "compare='pairs' (--compare pairs) needs two or more groups, got: {groups}; name more --groups or use "
        "--compare one-vs-rest."
    )
    F443 = "Group(s) {missing} cannot appear in this run: {why}. {known}"
    F444 = (
        "{where} no metadata field {field!r} for {option} (fields: {fields}); choose one of those fields, or "
        "leave {option} out."
    )
    F445 = "{detail}; see 'framing {command} --help'."
    F446 = "{path}: {reason} ({errno}); {advice}."
    F448 = (
        "{path} exists; `framing lexicon` does not replace a file unless asked: pass --force to replace "
        "it (its content is lost), or choose another output file."
    )
    F449 = "OUT {target} is the lexicon being converted ({source}); write to another file."
    F447 = (
        "Cannot reach the Dask scheduler {address!r}: {reason}; check the address (tcp://HOST:PORT) and that the "
        "scheduler is running, or run without --dask."
    )
    F430 = (
        "Output folder {path!r} holds files of yours under the names of framing's outputs ({files}): framing did "
        "not write them (or they changed since), so it will not replace them; move them away or choose another "
        "--out."
    )
    F431 = (
        "Output folder {path!r} {where} the input {input!r}: the results would replace or be read as input; "
        "choose an --out outside the inputs."
    )
    F432 = (
        "Output folder {path!r} is being written by another framing run (process {pid}, lock {lock}); wait "
        "for it to finish or choose another --out."
    )
    F433 = "Cannot write the output folder {path!r}: {reason}; choose a writable --out."

    # corpus manifests and installation (F5xx)
    F501 = "No manifest for corpus {name!r} at {path}; known corpora: {known}. Pass a corpus name or a manifest file."
    F502 = "{path}:{line}: {detail}; fix the corpus manifest."
    F503 = (
        "{path}:{line}: file path {file!r} {reason}; a manifest path must be relative and stay inside the "
        "corpus folder (no '..', no leading '/')."
    )
    F504 = (
        "Corpus {name!r}: {file!r} in {root} is a symlink to {resolved}, outside the corpus folder; "
        "replace the link with the file itself or remove it."
    )
    F505 = "Corpus folder {path} for {name!r} does not exist or is not a folder; pass the folder with its files."
    F506 = (
        "Corpus {name!r} in {path} does not match its manifest {manifest}: {summary}. Check that the folder "
        "holds this version of the corpus ({source})."
    )
    F507 = (
        "Corpus {name!r} is not installed (looked in: {searched}); run `framing corpus install {name} "
        "--from PATH` with PATH the folder holding its files ({source})."
    )
    F508 = "Install target {path} exists and {reason}; remove it or choose another target (--to DIR)."
    F509 = (
        "Installing corpus {name!r}: the copy in {path} does not match the manifest ({summary}); nothing was "
        "installed. Check the disk, and that {source} did not change during the install."
    )
    F510 = (
        "Corpus {name!r} in {path} does not match its manifest {manifest}: {summary}. Reinstall it: "
        "`framing corpus install {name} --from PATH --force`."
    )
    F511 = (
        "Install target {path} exists and is not a copy of corpus {name!r} installed by framing ({reason}); "
        "nothing was copied or deleted. Install into a new or empty folder (--to DIR), or move the folder's "
        "contents elsewhere first."
    )
    F512 = (
        "Install target {path} is a copy of corpus {name!r} but also holds {count} item(s) that framing did not "
        "install ({items}); nothing was copied or deleted. Move them out of {path}, then rerun the install."
    )
    F513 = (
        "Install target {target} {relation} the source folder {source} (symlinks resolved); install never writes "
        "into the folder it copies from. Choose a --to folder outside the source."
    )
    F514 = "Cannot read {path} ({detail}) for corpus {name!r}; make it readable (check its permissions) and rerun."
    F515 = (
        "Installing corpus {name!r} into {path} failed: {detail}; nothing was installed and {path} is as it was. "
        "Check the free disk space and the write permissions of {folder}, then rerun."
    )

    # warnings (W1xx corpus, W2xx lexicon, W3xx actors, W4xx compare)
    W101 = "{path}: {count} invalid byte(s) replaced with U+FFFD (first at byte {position}); document kept."
    W102 = "{skipped} of {total} input(s) skipped: {reasons}. See Corpus.report for each one."
    W104 = (
        "{path}: line {line}: {count} unpaired surrogate escape(s) (\\ud800-\\udfff) replaced with U+FFFD; "
        "document kept."
    )
    W105 = (
        "{count} file name(s) are not valid UTF-8 (first: {first}); their bytes that are not UTF-8 are "
        "written as \\xNN escapes in ids and outputs."
    )
    W210 = "{detail}"
    W301 = (
        "{path}:{line}: alias {alias!r} of {owner} is a lower-case word: aliases match case-sensitively as proper "
        "names, so it matches the common word; capitalise it or use a longer name."
    )
    W402 = (
        "{n} group(s) speak in fewer than {minimum} documents ({groups}): no confidence interval for them "
        "(min_documents; one document shows no variation between documents)."
    )
    W430 = (
        "Files of yours in {path} ({files}) were created while the run was writing under the same names; the "
        "previous folder is kept as {kept} with your files in it."
    )
    W403 = (
        "{n} of {total} documents have no metadata field {field!r} ({option}); their passages form groups whose "
        "{option} value is empty (e.g. {example!r})."
    )
    W460 = (
        "{n} of {total} rows of the count models could not be estimated (no convergence, separation or a "
        "singular design); their values are empty and the column 'note' says why."
    )
    W404 = (
        "None of the {passages} passages of the {documents} documents is in a document's own voice (a speech or a "
        "transcript turn), so speaker_field {field!r} groups nothing and the statistics are empty; to count every "
        "passage of a document (narration and quotes) for its {field!r}, use group_by={field!r} (--group-by)."
    )
    W401 = (
        "{n} of {total} categories matched nowhere in these documents ({categories}); their counts are 0 by "
        "absence of evidence, not measured rarity."
    )

    # statistics, comparisons, feature tables and figures (F6xx); one code per kind of check, the message
    # names the argument or the statistic
    F601 = "{name} must be {expected}, not {value!r}."
    F602 = "{name} must be {expected}, not {kind}."
    F603 = "{function}: {problem}; {fix}."
    F604 = "No {what} {missing} in {where}; choose from: {known}."
    F605 = "{name} must be {expected}, but {problem}."
    F606 = "{first} and {second} do not match ({detail}); pass {fix}."
    F607 = "{statistic} needs {needed}, but {found}; {fix}."
    F608 = "{statistic} is undefined: {reason}; {fix}."
    F620 = (
        "Model formula {formula!r}: {problem}; {fix}. A formula is terms joined by '+', e.g. 'group + year' or "
        "\"C(group, Treatment('UKR')) + C(year)\"."
    )
    F651 = "{reason}: nothing to plot; {fix}."
    F652 = "The {what} table lacks columns {missing} (columns: {columns}); pass {what}."
    F653 = "Cannot read provenance from {path}: {reason}; {fix}."
    F654 = "Unsupported figure format {suffix!r}; use png, svg or pdf."

    # the compiled matching engine (W5xx)
    W501 = (
        "The matching engine's compiled loops cannot be cached on disk: numba can write neither beside the "
        "package nor in the user cache folder, and {reason}; they are compiled in memory in every process "
        "(about 2 s). Set NUMBA_CACHE_DIR to a folder you can write to cache them."
    )


class FramingError(Exception):
    """Base class of every error the toolkit raises on purpose."""

    def __init__(self, code: str, **fields: object) -> None:
        self.code = code
        self.fields = fields
        template = getattr(Messages, code)
        super().__init__(f"[{code}] " + template.format(**fields))

    def __reduce__(self):  # pickled by code and fields (errors cross process boundaries in parallel runs)
        return _rebuild, (type(self), self.args, self.code, self.fields)


class CorpusError(FramingError, ValueError):
    """A corpus input cannot be read as asked."""


class DocumentNotFoundError(FramingError, KeyError):
    """A document id that the corpus does not hold (a ``KeyError``, as for a mapping)."""

    def __str__(self) -> str:  # KeyError's str() is the repr of its argument; show the message as it is
        return str(self.args[0]) if self.args else ""


class LexiconError(FramingError, ValueError):
    """A lexicon file or object is malformed."""


class ActorRegistryError(FramingError, ValueError):
    """An actor registry file is malformed."""


class RunError(FramingError, RuntimeError):
    """A run cannot start or its accounting does not add up."""


class InstallError(FramingError):
    """Base of the errors of :mod:`framing.install` (codes F501–F515)."""


class ManifestNotFoundError(InstallError, FileNotFoundError):
    """There is no manifest for the corpus name."""


class ManifestError(InstallError, ValueError):
    """A manifest file is malformed."""


class UnsafePathError(InstallError, ValueError):
    """A manifest path or a symlink in a corpus folder points outside the corpus folder."""


class CorpusFolderNotFoundError(InstallError, FileNotFoundError):
    """The folder to verify or install from does not exist."""


class VerificationError(InstallError, ValueError):
    """Files do not match the manifest; ``report`` (a :class:`framing.install.VerifyReport`) has every problem."""

    def __init__(self, code: str, *, report: object, **fields: object) -> None:
        self.report = report
        super().__init__(code, **fields)


class CorpusNotInstalledError(InstallError, FileNotFoundError):
    """The corpus is neither installed nor in the shared folder."""


class InstallTargetError(InstallError, ValueError):
    """The install target cannot be used: not a folder, not a copy framing installed, or it overlaps the source."""


class InstallIOError(InstallError, OSError):
    """A file of a corpus cannot be read, or the install cannot write; ``errno`` is that of the cause."""


class FramingWarning(UserWarning):
    """Base class of the toolkit's warnings."""

    def __init__(self, code: str, **fields: object) -> None:
        self.code = code
        self.fields = fields
        super().__init__(f"[{code}] " + getattr(Messages, code).format(**fields))

    def __reduce__(self):
        return _rebuild, (type(self), self.args, self.code, self.fields)


def _rebuild(cls: type, args: tuple, code: str, fields: dict) -> Exception:
    """Unpickle an error or warning of the catalogue (without calling ``__init__``, whose signature varies)."""
    obj = cls.__new__(cls, *args)
    obj.args, obj.code, obj.fields = args, code, fields
    return obj


class CorpusWarning(FramingWarning):
    """Something in the input was repaired or skipped; the corpus report has the details."""


class LexiconWarning(FramingWarning):
    """A lexicon entry or category is suspicious but usable."""


class ActorRegistryWarning(FramingWarning):
    """An actor registry is usable but an alias is suspicious."""


class RunWarning(FramingWarning):
    """Something about a run's outputs needs the user's attention."""


class CompareWarning(FramingWarning):
    """A comparison rests on thin or no evidence."""


# errors of statistics, comparisons, feature tables and figures (F6xx)
class ArgumentError(FramingError, ValueError):
    """An argument has a value the function does not take (an unknown option, a number out of range, a name
    that is not there, a missing or conflicting argument); the message names it and what it may be."""


class ArgumentTypeError(FramingError, TypeError):
    """An argument is of a type the function does not take."""


class StatisticsError(FramingError, ValueError):
    """The data cannot give the statistic asked for: they do not fit together, there are too few of them, or
    the statistic is undefined on them."""


class FigureError(FramingError, ValueError):
    """A figure has nothing to draw from its input, or cannot be saved or read as asked."""


def renamed_keyword(new: str, value: _T, old: str, old_value: _T | None, where: str) -> _T:
    """The value of a keyword argument renamed from ``old`` to ``new`` (one name per concept).

    The old keyword still works for a while, with a :class:`FutureWarning` (scikit-learn's deprecation
    practice), so that scripts and notebooks keep running while they are updated.

    Parameters
    ----------
    new : str
        The keyword's name now.
    value : object
        The value given under the new name (or its default).
    old : str
        The deprecated name.
    old_value : object or None
        The value given under the old name; ``None`` when it was not given.
    where : str
        The function, for the message.

    Returns
    -------
    object
        ``old_value`` when it was given, else ``value``.
    """
    if old_value is None:
        return value
    warnings.warn(
        f"{where}: the keyword {old!r} is now called {new!r}; {old!r} will be removed in a future version",
        FutureWarning,
        stacklevel=3,
    )
    return old_value
