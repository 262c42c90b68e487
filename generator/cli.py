"""qanun's command line: one small function per subcommand; problems become messages, not tracebacks."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from .errors import QanunError, Severity, SourceError, UsageError
from .i18n import LANGUAGES, _, language, set_language
from .i18n.az import ARGPARSE
from . import pipeline

FORMATS = ("txt", "md", "json", "akn", *pipeline.BINARY_FORMATS)


def main(argv: list[str] | None = None) -> int:
    _utf8_console()
    set_language(_lang_in(sys.argv[1:] if argv is None else argv))
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except SourceError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        errors = sum(d.severity is Severity.ERROR for d in exc.diagnostics)
        print(_("1 error in the sources") if errors == 1 else _("{count} errors in the sources", count=errors),
              file=sys.stderr)
        return exc.exit_code
    except QanunError as exc:
        print(_("qanun: {message}", message=exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _utf8_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


def _lang_in(argv: list[str]) -> str | None:
    """The `--lang` of a command line, read ahead of argparse: the help texts are built in that language.

    None (the environment, then Azerbaijani) when absent or not a language; argparse then reports a bad value."""
    chosen = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        else:
            continue
        chosen = value if value in LANGUAGES else None  # the last one wins, as in argparse
    return chosen


def _argparse_text(text: str) -> str:
    """argparse's own words (\"usage: \", \"options\" …) in the chosen language; they keep their %-placeholders."""
    return ARGPARSE.get(text, text) if language() == "az" else text


def _translate_argparse() -> None:
    # argparse looks its words up through the module globals `_` and `ngettext` at the moment it uses them.
    argparse._ = _argparse_text  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: _argparse_text(one if n == 1 else many)  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """Usage mistakes get one line and exit status 2, like every other usage error."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, _("qanun: {message} (see `qanun --help`)", message=message) + "\n")


def _parser() -> argparse.ArgumentParser:
    _translate_argparse()
    parser = _Parser(prog="qanun", description=_("Consolidated legal acts from YAML sources."))
    parser.add_argument("-C", dest="root", type=Path, default=Path("."), metavar=_("DIR"),
                        help=_("project folder holding acts/ (default: the current folder)"))
    parser.add_argument("--lang", choices=LANGUAGES, help=_("the language of messages and help: az (Azerbaijani, "
                        "the default) or en (English); also set by the QANUN_LANG environment variable"))
    sub = parser.add_subparsers(dest="command", required=True, metavar=_("COMMAND"), parser_class=_Parser)

    check = sub.add_parser("check", help=_("validate every source and every change"))
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help=_("text: `path:line:col: message` lines on standard error; github: GitHub Actions "
                              "annotations (::error file=…,line=…::…) on standard output; json: a list of "
                              "objects with file, line, column, severity, message on standard output"))
    check.set_defaults(func=cmd_check)

    acts = sub.add_parser("acts", help=_("list the acts with their status and versions"))
    acts.add_argument("--format", choices=("txt", "json"), default="txt")
    acts.add_argument("--at", type=_date, metavar=_("DATE"),
                      help=_("the day the status describes (default: today in Baku)"))
    acts.add_argument("--output", type=Path, metavar=_("FILE"), help=_("write here instead of standard output"))
    acts.set_defaults(func=cmd_acts)

    text = sub.add_parser("text", help=_("the consolidated text of an act as in force on a day"))
    text.add_argument("act", metavar=_("ACT"), help=_("the act's id (see `qanun acts`)"))
    text.add_argument("--at", type=_date, metavar=_("DATE"), help=_("the day (YYYY-MM-DD; default: today in Baku)"))
    text.add_argument("--format", choices=FORMATS, default="txt")
    text.add_argument("--output", type=Path, metavar=_("FILE"), help=_("write here instead of standard output"))
    text.set_defaults(func=cmd_text)

    build = sub.add_parser("build", help=_("build the public site (every act, every version) with mkdocs-material"))
    build.add_argument("--output", type=Path, metavar=_("DIR"), help=_("site folder, replaced at once when the "
                       "build succeeds (default: build/site)"))
    build.add_argument("--as-of", dest="as_of", type=_date, metavar=_("DATE"),
                       help=_("the day the site describes: which version is current (default: today in Baku)"))
    build.add_argument("--strict", action="store_true", help=_("fail on warnings too (sources and mkdocs)"))
    build.add_argument("--base-url", dest="base_url", metavar=_("URL"), help=_("the site's public address "
                       "(default: site_url in mkdocs.yml)"))
    build.set_defaults(func=cmd_build)

    serve = sub.add_parser("serve", help=_("live preview of the site: rebuilds when a source changes"))
    serve.add_argument("--as-of", dest="as_of", type=_date, metavar=_("DATE"), help=_("as for build"))
    serve.add_argument("--addr", default="127.0.0.1:8000", metavar=_("HOST:PORT"),
                       help=_("default: {address}", address="127.0.0.1:8000"))
    serve.add_argument("--downloads", action="store_true",
                       help=_("also make the DOCX and PDF downloads (slower rebuilds)"))
    serve.set_defaults(func=cmd_serve)

    diff = sub.add_parser("diff", help=_("what changed in an act between the versions in force on two days"))
    diff.add_argument("act", metavar=_("ACT"), help=_("the act's id (see `qanun acts`)"))
    diff.add_argument("--from", dest="from_", type=_date, required=True, metavar=_("DATE"),
                      help=_("the day of the earlier version (YYYY-MM-DD)"))
    diff.add_argument("--to", type=_date, required=True, metavar=_("DATE"), help=_("the day of the later version"))
    diff.add_argument("--format", choices=DIFF_FORMATS, default="txt",
                      help=_("txt, md or html: the changes under their provision numbers; json: as data; "
                             "docx: Word tracked changes by the amending acts (needs --output)"))
    diff.add_argument("--output", type=Path, metavar=_("FILE"), help=_("write here instead of standard output"))
    diff.set_defaults(func=cmd_diff)

    imp = sub.add_parser("import", help=_("turn a State-Register-style text into an act source (YAML)"))
    imp.add_argument("file", type=Path, metavar=_("FILE"),
                     help=_("the text (UTF-8): plain, PDF-extracted or Markdown-ish"))
    imp.add_argument("--output", type=Path, metavar=_("FILE"),
                     help=_("write the YAML here instead of standard output"))
    imp.add_argument("--id", dest="act_id", metavar=_("ID"),
                     help=_("the act's id (default: derived, e.g. nk-2024-21)"))
    imp.set_defaults(func=cmd_import)

    verify = sub.add_parser("verify", help=_("check a built site (or a copy of it) against its SHA256SUMS"))
    verify.add_argument("folder", type=Path, metavar=_("DIR"), help=_("the site folder, e.g. build/site"))
    verify.set_defaults(func=cmd_verify)
    _add_meeting_commands(sub)
    from .cli_new import add_new_command  # `qanun new act|amendment|meeting`: skeletons of new sources

    add_new_command(sub)
    _lang_after_the_command(parser)
    return parser


def _lang_after_the_command(parser: argparse.ArgumentParser) -> None:
    """`qanun check --lang en` works as `qanun --lang en check` (the language is read ahead either way); the option
    is listed once, in `qanun --help`."""
    for action in parser._actions:  # argparse keeps its subparsers here; there is no public accessor
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                sub.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
                _lang_after_the_command(sub)


def _add_meeting_commands(sub) -> None:
    """The Coordination Group's records (meetings/): listing, the annual report, a meeting's documents."""
    meetings = sub.add_parser("meetings", help=_("list the Coordination Group's meetings with their rule-check status"))
    meetings.add_argument("--format", choices=("txt", "json"), default="txt")
    meetings.set_defaults(func=cmd_meetings)

    internal_help = _("folder for internal documents, which hold restricted information; never inside the site "
                      "(default: build/internal)")
    report = sub.add_parser("report", help=_("the Group's annual report for a calendar year (5.6.10), as DOCX"))
    report.add_argument("year", type=_year, metavar=_("YEAR"), help=_("the calendar year, e.g. 2025"))
    report.add_argument("--internal", type=Path, metavar=_("DIR"), help=internal_help)
    report.add_argument("--public-output", dest="public_output", type=Path, metavar=_("FILE"),
                        help=_("also write the public version (.docx or .md), built from public information only"))
    report.set_defaults(func=cmd_report)

    documents = sub.add_parser("documents", help=_("a meeting's agenda notice, minutes and adopted acts, as DOCX"))
    documents.add_argument("meeting", metavar=_("MEETING"),
                           help=_("the meeting's date (or file name, see `qanun meetings`)"))
    documents.add_argument("--internal", type=Path, metavar=_("DIR"), help=internal_help)
    documents.set_defaults(func=cmd_documents)


def _year(value: str) -> int:
    if not value.isdigit() or len(value) != 4:
        raise argparse.ArgumentTypeError(_("“{value}” is not a year; write it as YYYY", value=value))
    return int(value)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("“{value}” is not a date; write YYYY-MM-DD", value=value)) from None


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        pipeline.write_text_atomic(output, text)


def cmd_check(args: argparse.Namespace) -> int:
    if args.format != "text":
        return _check_for_machines(args)
    corpus = pipeline.load_and_consolidate(args.root)
    for warning in corpus.warnings:
        print(warning, file=sys.stderr)
    versions = sum(len(h.versions) for h in corpus.histories.values())
    changes = sum(len(a.changes) for a in corpus.project.acts)
    print(_("ok: {acts} acts, {changes} changes, {versions} versions", acts=len(corpus.project.acts),
            changes=changes, versions=versions))
    return 0


def _check_for_machines(args: argparse.Namespace) -> int:
    """`check --format github|json`: every problem on standard output in that format; the summary on stderr."""
    from . import annotations

    try:
        corpus = pipeline.load_and_consolidate(args.root)
        problems, status = list(corpus.warnings), 0
    except SourceError as exc:
        problems, status = exc.diagnostics, exc.exit_code
    sys.stdout.write(annotations.render(problems, args.format, args.root))
    errors = sum(p.severity is Severity.ERROR for p in problems)
    print(_("{errors}, {warnings} in the sources", errors=_errors(errors), warnings=_warnings(len(problems) - errors)),
          file=sys.stderr)
    return status


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
    if args.format in pipeline.BINARY_FORMATS and args.output is None:
        raise UsageError(_("--format {format} writes a binary file: give it with --output FILE", format=args.format))
    corpus = pipeline.load_and_consolidate(args.root)
    day = args.at or pipeline.today()
    if args.format in pipeline.BINARY_FORMATS:
        pipeline.write_bytes_atomic(args.output, pipeline.render_binary(corpus, args.act, day, args.format))
        return 0
    _write(pipeline.render_text(corpus, args.act, day, args.format), args.output)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from . import acts_search, akn_xsd, site
    from .buildcache import cache_root
    from .packaged import site_root

    _progress(_("loading and consolidating the sources"))
    # On the other core while the sources load (lxml lets go of the interpreter's lock): the acts rendered check
    # their Akoma Ntoso against it, and forked workers inherit it.
    akn_xsd.warm()
    as_of = args.as_of or pipeline.today()
    begun: list[acts_search.Search | None] = []  # the acts' search index, begun once the sources are read

    def loaded(project: pipeline.Project) -> None:
        begun.append(acts_search.begin_search(project, as_of, cache_root(project.root) / "search"))
    try:
        corpus = pipeline.load_and_consolidate(args.root, cache_root(args.root), _progress, loaded)
        for warning in corpus.warnings:
            print(warning, file=sys.stderr)
        output = args.output or args.root / "build" / "site"
        with site_root(args.root) as root:  # a project without site/index.md gets qanun's default site/ and mkdocs.yml
            result = site.build_site(corpus, root, output, as_of, strict=args.strict, base_url=args.base_url,
                                     progress=_progress, search=begun[0] if begun else None)
    finally:
        for search in begun:
            if search is not None:
                search.running.cancel()  # nothing left to end once the build has its result
    print(_("built {pages} pages ({files} files) in {output}", pages=result.pages, files=result.files,
            output=result.output))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Every file listed in SHA256SUMS is there with its content, and nothing else is: one line a problem."""
    from . import publish

    found = publish.verify(args.folder, progress=_progress)
    for path in found.changed:
        print(_("changed: {path}", path=path))
    for path in found.missing:
        print(_("missing: {path}", path=path))
    for path in found.unlisted:
        print(_("unlisted: {path}", path=path))
    if found.ok:
        print(_("ok: {count} files in {folder} match SHA256SUMS", count=found.listed, folder=args.folder))
        return 0
    print(_("{folder} does not match SHA256SUMS: {changed} changed, {missing} missing, {unlisted} unlisted "
            "(of {count} listed files)", folder=args.folder, changed=len(found.changed), missing=len(found.missing),
            unlisted=len(found.unlisted), count=found.listed))
    return 1


def cmd_serve(args: argparse.Namespace) -> int:
    from . import serve

    return serve.serve(args.root, args.as_of, args.addr, progress=_progress, downloads=args.downloads)


from typing import TYPE_CHECKING  # noqa: E402  (kept beside the diff command it serves)

DIFF_FORMATS = ("txt", "md", "html", "json", "docx")


def cmd_diff(args: argparse.Namespace) -> int:
    from .compare import compare
    from .render import diff as render_diff

    if args.format == "docx" and args.output is None:
        raise UsageError(_("--format {format} writes a binary file: give it with --output FILE", format="docx"))
    corpus = pipeline.load_and_consolidate(args.root)
    h = pipeline.history(corpus, args.act)
    comparison = compare(h, _version_on(h, args.from_), _version_on(h, args.to))
    if args.format == "docx":
        from .render.docx import write_docx

        write_docx(render_diff.to_docx_markdown(comparison, h, corpus.acts), args.output)
        return 0
    if args.format == "json":
        text = json.dumps(render_diff.to_json(comparison, corpus.acts), ensure_ascii=False, indent=2) + "\n"
    else:
        text = {"txt": render_diff.to_txt, "md": render_diff.to_md, "html": render_diff.to_html}[args.format](comparison, h)
    _write(text, args.output)
    return 0


if TYPE_CHECKING:
    from .consolidate import History, Version


def _version_on(h: History, day: dt.date) -> Version:
    version = h.at(day)
    if version is None:
        raise UsageError(_("`{act}` was adopted on {adopted}; there is no text on {day}", act=h.act.id,
                           adopted=h.act.adopted, day=day))
    return version


def cmd_import(args: argparse.Namespace) -> int:
    """Reports (what could not be placed) go to standard error as FILE:LINE: message; the YAML is written anyway."""
    from . import importer

    try:
        text = args.file.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise UsageError(_("cannot read {file}: {reason}", file=args.file, reason=exc.strerror or exc)) from None
    except UnicodeDecodeError:
        raise UsageError(_("{file} is not UTF-8 text; convert it first", file=args.file)) from None
    known = _known_acts(args.root)
    result = importer.import_text(text, known, args.act_id)
    for report in result.reports:
        print(f"{args.file}:{report.line}: {report.message}", file=sys.stderr)
    schema = (args.root / "schemas" / "act.schema.json").resolve()
    where = (args.output or args.root / "acts" / "x.yaml").resolve().parent
    ref = os.path.relpath(schema, where) if schema.exists() else "../schemas/act.schema.json"
    _write(importer.to_yaml(result, Path(ref).as_posix(), args.file.name), args.output)
    return 0


def _known_acts(root: Path) -> list:
    """The project's acts (those that load), so that a repeal in the imported text can name its target."""
    from .importer import KnownAct
    from .load import load_project

    if not (root / "acts").is_dir():
        return []
    project, _problems = load_project(root)  # problems are `qanun check`'s business
    return [KnownAct(a.id, a.adopted, a.number) for a in project.acts]


def no_meetings_folder(root: Path) -> UsageError:
    return UsageError(_("no meetings/ folder in {root}: the Coordination Group's records live there", root=root))


def _records(root: Path):
    """meetings/ loaded and rule-checked; errors stop here, warnings are listed."""
    from .meetings import check_meetings

    records, problems = check_meetings(root)
    if records is None:
        raise no_meetings_folder(root)
    if any(p.severity is Severity.ERROR for p in problems):
        raise SourceError(problems)
    for warning in problems:
        print(warning, file=sys.stderr)
    return records


def cmd_meetings(args: argparse.Namespace) -> int:
    # Counts and dates only: titles may be restricted, and this output may end up in a public CI log.
    from .meetings import check_meetings
    from .meetings.public import public_view

    records, problems = check_meetings(args.root)
    if records is None:
        raise no_meetings_folder(args.root)
    for problem in problems:
        print(problem, file=sys.stderr)
    view = {m.id: m for m in public_view(records).meetings}
    rows = []
    for meeting in records.meetings:
        mine = [p for p in problems if p.loc.path == meeting.path]
        errors = sum(p.severity is Severity.ERROR for p in mine)
        warnings = len(mine) - errors
        m = view[meeting.id]
        status = _meeting_status(errors, warnings)
        rows.append({"id": m.id, "date": m.date.isoformat(), "kind": m.kind, "initiative": m.initiative,
                     "members": m.members, "present": m.present, "quorate": m.quorate, "items": m.items_discussed,
                     "restricted_items": m.items_restricted, "acts_adopted": m.acts_adopted, "errors": errors,
                     "warnings": warnings, "status": status, "path": meeting.path, "sample": m.sample})
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        for r in rows:
            kind = _("ordinary") if r["kind"] == "ordinary" else _("extraordinary")
            print("\t".join((r["date"], kind, _("{present}/{members} present", present=r["present"],
                                                         members=r["members"]),
                             _("quorate") if r["quorate"] else _("NOT quorate"),
                             _items(r["items"], r["restricted_items"]), _acts_adopted(r["acts_adopted"]), r["status"])))
    return 1 if any(p.severity is Severity.ERROR for p in problems) else 0


# Counted phrases, each a catalog entry of its own: English needs a plural, Azerbaijani keeps the noun singular.
def _errors(count: int) -> str:
    return _("1 error") if count == 1 else _("{count} errors", count=count)


def _warnings(count: int) -> str:
    return _("1 warning") if count == 1 else _("{count} warnings", count=count)


def _items(count: int, restricted: int) -> str:
    if count == 1:
        return _("1 item ({restricted} restricted)", restricted=restricted)
    return _("{count} items ({restricted} restricted)", count=count, restricted=restricted)


def _acts_adopted(count: int) -> str:
    return _("1 act adopted") if count == 1 else _("{count} acts adopted", count=count)


def _meeting_status(errors: int, warnings: int) -> str:
    if errors and warnings:
        return _("{errors}, {warnings}", errors=_errors(errors), warnings=_warnings(warnings))
    if errors or warnings:
        return _errors(errors) if errors else _warnings(warnings)
    return _("ok")


def cmd_report(args: argparse.Namespace) -> int:
    from .meetings import documents

    records = _records(args.root)
    internal = args.internal or args.root / documents.INTERNAL
    path = documents.write_annual_report(records, args.year, internal, documents.site_folders(args.root))
    print(_("wrote {path} (internal: restricted information)", path=path))
    if args.public_output:
        public = documents.write_public_annual_report(records, args.year, args.public_output)
        print(_("wrote {path} (public version, leak-scanned)", path=public))
    return 0


def cmd_documents(args: argparse.Namespace) -> int:
    from .meetings import documents

    records = _records(args.root)
    meeting = records.meeting(args.meeting)
    if meeting is None:
        known = ", ".join(m.id for m in records.meetings)
        raise UsageError(_("no meeting `{meeting}` (known: {known})", meeting=args.meeting, known=known))
    internal = args.internal or args.root / documents.INTERNAL
    for path in documents.write_meeting_documents(records, meeting, internal, documents.site_folders(args.root)):
        print(_("wrote {path}", path=path))
    return 0


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
