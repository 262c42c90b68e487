"""qanun's command line: one small function per subcommand; problems become messages, not tracebacks."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .errors import QanunError, Severity, SourceError, UsageError
from . import pipeline

FORMATS = ("txt", "md", "json")


def main(argv: list[str] | None = None) -> int:
    _utf8_console()
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except SourceError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        errors = sum(d.severity is Severity.ERROR for d in exc.diagnostics)
        print(f"{errors} error{'s' if errors != 1 else ''} in the sources", file=sys.stderr)
        return exc.exit_code
    except QanunError as exc:
        print(f"qanun: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _utf8_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


class _Parser(argparse.ArgumentParser):
    """Usage mistakes get one line and exit status 2, like every other usage error."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"qanun: {message} (see `qanun --help`)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="qanun", description="Consolidated legal acts from YAML sources.")
    parser.add_argument("-C", dest="root", type=Path, default=Path("."), metavar="DIR",
                        help="project folder holding acts/ (default: the current folder)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="validate every source and every change")
    check.set_defaults(func=cmd_check)

    acts = sub.add_parser("acts", help="list the acts with their status and versions")
    acts.add_argument("--format", choices=("txt", "json"), default="txt")
    acts.add_argument("--at", type=_date, help="the day the status describes (default: today in Baku)")
    acts.add_argument("--output", type=Path, metavar="FILE", help="write here instead of standard output")
    acts.set_defaults(func=cmd_acts)

    text = sub.add_parser("text", help="the consolidated text of an act as in force on a day")
    text.add_argument("act", metavar="ACT", help="the act's id (see `qanun acts`)")
    text.add_argument("--at", type=_date, help="the day (YYYY-MM-DD; default: today in Baku)")
    text.add_argument("--format", choices=FORMATS, default="txt")
    text.add_argument("--output", type=Path, metavar="FILE", help="write here instead of standard output")
    text.set_defaults(func=cmd_text)

    build = sub.add_parser("build", help="build the public site (every act, every version) with mkdocs-material")
    build.add_argument("--output", type=Path, metavar="DIR", help="site folder, replaced at once when the build "
                       "succeeds (default: build/site)")
    build.add_argument("--as-of", dest="as_of", type=_date, metavar="DATE",
                       help="the day the site describes: which version is current (default: today in Baku)")
    build.add_argument("--strict", action="store_true", help="fail on warnings too (sources and mkdocs)")
    build.add_argument("--base-url", dest="base_url", metavar="URL", help="the site's public address "
                       "(default: site_url in mkdocs.yml)")
    build.set_defaults(func=cmd_build)

    serve = sub.add_parser("serve", help="live preview of the site: rebuilds when a source changes")
    serve.add_argument("--as-of", dest="as_of", type=_date, metavar="DATE", help="as for build")
    serve.add_argument("--addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="default: 127.0.0.1:8000")
    serve.set_defaults(func=cmd_serve)
    return parser


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a date; write YYYY-MM-DD") from None


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        pipeline.write_text_atomic(output, text)


def cmd_check(args: argparse.Namespace) -> int:
    corpus = pipeline.load_and_consolidate(args.root)
    for warning in corpus.warnings:
        print(warning, file=sys.stderr)
    versions = sum(len(h.versions) for h in corpus.histories.values())
    changes = sum(len(a.changes) for a in corpus.project.acts)
    print(f"ok: {len(corpus.project.acts)} acts, {changes} changes, {versions} versions")
    return 0


def cmd_acts(args: argparse.Namespace) -> int:
    corpus = pipeline.load_and_consolidate(args.root)
    rows = pipeline.act_summaries(corpus, args.at or pipeline.today())
    if args.format == "json":
        _write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", args.output)
    else:
        lines = [f"{r['id']}\t{r['type']}\t{r['number'] or ''}\t{r['adopted']}\t{r['status']}\t{r['title'] or ''}" for r in rows]
        _write("\n".join(lines) + "\n", args.output)
    return 0


def cmd_text(args: argparse.Namespace) -> int:
    corpus = pipeline.load_and_consolidate(args.root)
    day = args.at or pipeline.today()
    _write(pipeline.render_text(corpus, args.act, day, args.format), args.output)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from . import site

    _progress("loading and consolidating the sources")
    corpus = pipeline.load_and_consolidate(args.root)
    for warning in corpus.warnings:
        print(warning, file=sys.stderr)
    output = args.output or args.root / "build" / "site"
    result = site.build_site(corpus, args.root, output, args.as_of or pipeline.today(), strict=args.strict,
                             base_url=args.base_url, progress=_progress)
    print(f"built {result.pages} pages ({result.files} files) in {result.output}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from . import serve

    return serve.serve(args.root, args.as_of, args.addr, progress=_progress)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
