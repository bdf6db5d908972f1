"""The ``kg`` command line: a thin shell over the library's functions.

    kg build [INPUT ...] [--out DIR]      pages -> kg.ttl, kg.graphml, kg.html (+ more)
    kg evaluate --gold DIR --kg FILE      precision, recall, F1 per layer
    kg mentions [FILE|-]                  persons, places, organisations as JSON lines
    kg query QUERY [--kg FILE]            run SPARQL (a .rq file or inline text)
    kg validate [FILE]                    SHACL-check a built graph

Exit codes: 0 all well, 1 some input failed or the graph is invalid, 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import Sequence


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the graph from pages of text")
    b.add_argument("inputs", nargs="*", default=["seeds"],
                   help="text files or folders of them (default: seeds/)")
    b.add_argument("--out", default="output", help="output folder (default: output/)")
    b.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                   help="publication date for every page (overrides inference)")
    b.add_argument("--home", help="home city division code (default: inferred)")
    b.add_argument("-j", "--jobs", type=int, default=0,
                   help="worker processes for extraction (default: all cores)")
    b.add_argument("--no-cache", action="store_true",
                   help="re-extract every page (default: reuse unchanged pages from DIR/.cache)")
    b.add_argument("--no-validate", action="store_true", help="skip the SHACL check")
    b.add_argument("--html-max-nodes", type=int, default=1500,
                   help="kg.html draws at most this many nodes in any one view "
                        "(search and timelines still cover the whole graph)")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    b.add_argument("-v", "--verbose", action="store_true",
                   help="also list the captions, slogans and footers left out of articles")

    e = sub.add_parser("evaluate", help="score a built graph against gold annotations")
    e.add_argument("--gold", required=True, help="folder of gold *.json files")
    e.add_argument("--kg", default="output/kg.ttl", help="the Turtle file to score")
    e.add_argument("--json", action="store_true", help="print JSON instead of a table")
    e.add_argument("-v", "--verbose", action="store_true",
                   help="list what was missed and what was extra")

    m = sub.add_parser("mentions", help="print the names found in plain text (JSON lines)")
    m.add_argument("file", nargs="?", default="-", help="a text file, or - for stdin")
    m.add_argument("--home", help="home city division code, to resolve 市/高新区 …")
    m.add_argument("--tagger", choices=["all", "persons"], default="all",
                   help="types the statistical tagger adds to the rules (default all; "
                        "persons: the rules' places and organisations, as in kg build)")

    q = sub.add_parser("query", help="run a SPARQL query on the built graph")
    q.add_argument("query", help="a .rq file or the query text")
    q.add_argument("--kg", default="output/kg.ttl",
                   help="the Turtle file to query (its kg.oxigraph store is used when built)")
    q.add_argument("--allow-service", action="store_true",
                   help="let the query call remote endpoints (SERVICE); refused by default")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind ?NAME to the plain literal VALUE (e.g. --param name=张三)")

    v = sub.add_parser("validate", help="check a built graph against ontology/shapes.ttl")
    v.add_argument("file", nargs="?", default="output/kg.ttl")
    return p


def _cmd_build(args: argparse.Namespace) -> int:
    from .export.atomic import OutputError
    from .pipeline import BuildOptions, build, default_jobs
    from .progress import progress_reporter
    from .terminal import shown

    def waiting() -> None:
        print(f"kg: {shown(Path(args.out))} is being written by another kg build; "
              "waiting for it to finish", file=sys.stderr)

    options = BuildOptions(page_date=args.date, home=args.home,
                           jobs=args.jobs or default_jobs(),
                           cache_dir=None if args.no_cache else Path(args.out) / ".cache",
                           validate=not args.no_validate,
                           html_max_nodes=args.html_max_nodes)
    try:
        with progress_reporter(quiet=args.quiet) as progress:
            result = build(args.inputs, args.out, options, progress=progress, on_wait=waiting)
    except OutputError as exc:
        print(f"error: {exc}; the previous outputs are left as they were", file=sys.stderr)
        return 1
    for line in result.corpus.errors:
        print(f"error: {line}", file=sys.stderr)
    for line in result.corpus.skipped:
        print(f"warning: {line}", file=sys.stderr)
    for page in result.corpus.pages:
        for w in page.warnings:
            print(f"warning: {shown(page.source)}: {w}", file=sys.stderr)
        if args.verbose:
            for d in page.dropped:
                print(f"note: {shown(page.source)}: {d}", file=sys.stderr)
    if not result.corpus.pages:
        print(f"error: no page could be read from {', '.join(shown(Path(i)) for i in args.inputs)}"
              f"; nothing written to {shown(Path(args.out))}", file=sys.stderr)
        return 1
    if not result.valid:
        print("error: the graph does not conform to ontology/shapes.ttl; nothing written",
              file=sys.stderr)
        print(result.validation_report, file=sys.stderr)
        return 1
    print(result.summary())
    for name, path in result.outputs.items():
        print(f"wrote {shown(path)}")
    return 1 if result.corpus.errors else 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import EvaluationError, evaluate, format_scores, scores_json

    try:
        scores = evaluate(args.gold, args.kg)
    except EvaluationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(scores_json(scores) if args.json else format_scores(scores, verbose=args.verbose))
    return 0


def _cmd_mentions(args: argparse.Namespace) -> int:
    from kg.extracting.mentions import ALL_TYPES, extract_mentions
    from kg.reading.files import InputError, decode_bytes, normalise_newlines, read_bytes

    # Standard input is decoded like a file (BOM, UTF-16, GBK …); offsets are into the
    # decoded input as given, line ends included, not into the normalised text.
    try:
        if args.file == "-":
            stream = getattr(sys.stdin, "buffer", None)
            data = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
            raw = decode_bytes(data, "<stdin>")[0] if data else ""
        else:
            data = read_bytes(Path(args.file))
            if not data:
                raise InputError(args.file, "empty file")
            raw = decode_bytes(data, args.file)[0]
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    text, original = normalise_newlines(raw)
    for m in extract_mentions(text, home=args.home, tagger_types=(
            ALL_TYPES if args.tagger == "all" else frozenset({"person"}))):
        row = m.as_dict()
        row["start"], row["end"] = original(m.start), original(m.end)
        print(json.dumps(row, ensure_ascii=False))
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from kg.graph.query import QueryError, format_table, read_query, run_query

    params = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            print(f"error: --param wants NAME=VALUE, got {item!r}", file=sys.stderr)
            return 2
        params[name.lstrip("?$")] = value
    try:
        text = read_query(args.query)
        columns, rows = run_query(args.kg, text, params=params,
                                  allow_service=args.allow_service)
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1))
    elif args.format == "csv":
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(columns)
        w.writerows(rows)
    else:
        print(format_table(columns, rows))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from kg.graph.load import GraphFileError, read_turtle_file
    from kg.graph.validate import validate_graph

    try:
        g = read_turtle_file(args.file)
    except GraphFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    ok, report = validate_graph(g)
    print("conforms" if ok else report)
    return 0 if ok else 1


COMMANDS = {"build": _cmd_build, "evaluate": _cmd_evaluate, "mentions": _cmd_mentions,
            "query": _cmd_query, "validate": _cmd_validate}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kg`` command with ``argv`` (default: sys.argv); return the exit code."""
    args = _parser().parse_args(argv)
    # A terminal or pipe whose locale cannot show Chinese (LANG=C without UTF-8 mode)
    # gets \uXXXX escapes instead of a UnicodeEncodeError; JSON lines stay valid JSON.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    # jieba logs its dictionary loading on stderr at INFO; keep the terminal for us.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # `kg query … | head`: the reader left; not an error
        sys.stdout = None  # type: ignore[assignment]  # silence the flush at exit
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
