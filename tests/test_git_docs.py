"""docs/git.md is tested like the other docs: its examples are re-run in the repository the page
describes, and every command must still print exactly what the page shows.

The repository ("The examples on this page") is built for real, with git and sezctl's own
editing commands, and with pinned names, e-mails and dates, so its commit ids are always the
same:

* the bundled roadmap (``roadmaps/``) committed as "Roadmap approved by the HQ, protocol No. 1"
  by Operational HQ on 2025-12-26;
* the three edits in ``EDITS``, each run in-process as ``sezctl ... --today DAY --commit`` with
  author and committer set to the person who made it, at 10:00 +05:00 (Asia/Almaty) on ``DAY``.

The tag ``approved-2025-12`` is made by the page's own ``git tag`` command, so a stale commit id
there fails too.  The page's ```console blocks then run in that one repository, in the order of
the page, each continuing the previous one, as tests/test_docs.py reads and runs them (commands
after ``$ ``, their exact output below, spaces at the end of a line ignored), with two
additions:

* sezctl runs in-process at ``COLUMNS=100``, the width the page was taken at; a ``sezctl ...``
  command followed by ``| program ...`` or ``> file`` has its standard output fed to the rest of
  the command line in a shell (commands piped into ``jq`` are skipped when jq is not installed);
* a line of an expected output that is just ``...`` (indented or not) stands for one or more
  lines the page leaves out; the lines around it must still match exactly and in order.

The ```markdown block must be the first lines of the ``meeting.md`` written by the page's
``sezctl report --today 2026-11-26 > meeting.md``.

To refresh the page after a deliberate change of output (or of the bundled roadmap, which
changes the commit ids), run from the repository root
``python -c "from tests.test_git_docs import update_git_docs; update_git_docs()"`` and read the
diff before keeping it.  It replaces the old commit ids everywhere in the page (commands and
prose included), rewrites every output around its ``...`` lines, and rewrites the ```markdown
block.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import BUNDLED_ROADMAPS, REPO, Cli, GitRepo
from tests.docsessions import EXIT_SUFFIX, FENCE, Session, Step, read_sessions, run_step

GIT_DOC = REPO / "docs" / "git.md"

# Who made each commit of the example repository, with the e-mail the commit records.
PEOPLE = {"Operational HQ": "hq@example.kz", "Aliya Nurlanovna": "aliya@example.kz"}
APPROVAL = ("Operational HQ", "2025-12-26", "Roadmap approved by the HQ, protocol No. 1")
# The edits after the approval: who, on which day, and the sezctl command (without --today and
# --commit, which every edit gets).
EDITS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Aliya Nurlanovna",
        "2026-11-17",
        (
            "reschedule",
            "aktobe-sez-investors/truck-assembly-agreement",
            "--to",
            "2026-12-10",
            "--reason",
            "Investor asked for a second round on the land terms",
        ),
    ),
    (
        "Operational HQ",
        "2026-11-20",
        ("assign", "aktobe-sez-infrastructure/design-networks", "construction-dept"),
    ),
    (
        "Aliya Nurlanovna",
        "2026-11-24",
        ("done", "aktobe-sez-investors/lubricants-agreement", "--on", "2026-11-24"),
    ),
)
MEETING_MD = "meeting.md"  # written by the page's `sezctl report ... > meeting.md`


class DocCli(Cli):
    """sezctl in-process at the width docs/git.md was taken at."""

    def __call__(self, *args: str, env: dict[str, str | None] | None = None) -> Result:
        return super().__call__(*args, env={"COLUMNS": "100", **(env or {})})


# -- the example repository ---------------------------------------------------------------------


def sign(monkeypatch: pytest.MonkeyPatch, who: str, day: str) -> None:
    """Make the next commits by ``who`` (author and committer) at 10:00 in Almaty on ``day``."""
    moment = f"{day}T10:00:00+05:00"
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", who)
        monkeypatch.setenv(f"GIT_{role}_EMAIL", PEOPLE[who])
        monkeypatch.setenv(f"GIT_{role}_DATE", moment)


def build_example_repo(folder: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """The repository of "The examples on this page", in ``folder``/repo, without its tag (the
    page's own ``git tag`` makes it).  Leaves the current directory in the repository."""
    for key, value in {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(folder),
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("SEZCTL_TODAY", raising=False)
    repo = GitRepo(folder / "repo")
    repo.root.mkdir()
    repo.git("init", "--quiet", "--initial-branch=main")
    for source in sorted(BUNDLED_ROADMAPS.rglob("*")):
        if source.is_file():  # bytes only: no file modes copied, so the tree is always the same
            target = repo.root / "roadmaps" / source.relative_to(BUNDLED_ROADMAPS)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    who, day, message = APPROVAL
    sign(monkeypatch, who, day)
    repo.commit(message)
    monkeypatch.chdir(repo.root)
    cli = DocCli()
    for who, day, command in EDITS:
        sign(monkeypatch, who, day)
        result = cli(*command, "--today", day, "--commit")
        assert result.exit_code == 0, result.output
    assert repo.git("status", "--porcelain") == "", "the edits left uncommitted changes"
    return repo


# -- running the page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Ran:
    """One ``$ command`` of the page, where it is, and what it printed (None: not run)."""

    session: Session
    step: Step
    line: int
    actual: str | None
    error: str | None = None


def step_lines(session: Session) -> list[int]:
    """The line in the document of each ``$ `` line of a console block."""
    return [session.line + 1 + n for n, line in enumerate(body_lines(session)) if line[:2] == "$ "]


def body_lines(session: Session) -> list[str]:
    text = session.doc.read_text(encoding="utf-8")
    return text[session.body_start : session.body_end].splitlines()


def split_pipe(command: str) -> tuple[str, str]:
    """``sezctl ... | jq .x`` -> (``sezctl ...``, ``| jq .x``): split at the first ``|`` or ``>``
    outside quotes; the second part is empty when there is none."""
    quote = ""
    escaped = False
    for index, char in enumerate(command):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "|>":
            return command[:index].rstrip(), command[index:]
    return command, ""


def needs_missing_program(command: str) -> str | None:
    """The program a piped command needs and that is not installed, if any."""
    _, rest = split_pipe(command)
    if rest.startswith("|"):
        program = shlex.split(rest[1:])[0]
        if shutil.which(program) is None:
            return program
    return None


def run_doc_step(cli: Cli, step: Step, folder: Path) -> str:
    """What the step prints now: docsessions.run_step, plus sezctl piped or redirected."""
    command, rest = split_pipe(step.command.removesuffix(EXIT_SUFFIX))
    if not (command.startswith("sezctl ") and rest):
        return run_step(cli, step, folder)
    show_exit = step.command.endswith(EXIT_SUFFIX)
    result = cli(*shlex.split(command)[1:])
    # `cat > file` or `cat | program`: the shell does the rest, as it would after sezctl.
    done = subprocess.run(
        f"cat {rest}",
        shell=True,
        cwd=folder,
        input=result.stdout,
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    output = done.stdout + result.stderr + done.stderr
    assert show_exit or done.returncode == 0, f"{step.command!r} failed: {output}"
    code = done.returncode if rest.startswith("|") else result.exit_code or done.returncode
    output += f"exit {code}\n" if show_exit else ""
    return "".join(line.rstrip() + "\n" for line in output.splitlines())


def run_doc(doc: Path, folder: Path) -> list[Ran]:
    """Every command of the page's console blocks, in order, in ``folder`` (the current
    directory); a failing command is recorded and the next ones still run."""
    cli = DocCli()
    ran: list[Ran] = []
    for session in read_sessions(doc):
        for step, line in zip(session.steps, step_lines(session), strict=True):
            if needs_missing_program(step.command):
                ran.append(Ran(session, step, line, None))
                continue
            try:
                ran.append(Ran(session, step, line, run_doc_step(cli, step, folder)))
            except AssertionError as failure:
                ran.append(Ran(session, step, line, None, str(failure)))
    return ran


# -- comparing with `...` -----------------------------------------------------------------------


def is_gap(line: str) -> bool:
    return line.strip() == "..."


def pieces(expected: str) -> list[list[str]]:
    """The expected lines between ``...`` lines (spaces at the end of a line dropped)."""
    found: list[list[str]] = [[]]
    for line in expected.splitlines():
        if is_gap(line):
            found.append([])
        else:
            found[-1].append(line.rstrip())
    return found


def find(lines: list[str], piece: list[str], start: int) -> int | None:
    """The first index at or after ``start`` where ``piece`` is in ``lines``."""
    for index in range(start, len(lines) - len(piece) + 1):
        if lines[index : index + len(piece)] == piece:
            return index
    return None


def matches(expected: str, actual: str) -> bool:
    """``actual`` is ``expected``, each ``...`` line standing for one or more lines."""
    parts, lines = pieces(expected), actual.splitlines()
    if len(parts) == 1:
        return parts[0] == lines
    first, *middle, last = parts
    if lines[: len(first)] != first:
        return False
    position = len(first)
    for piece in middle:
        found = find(lines, piece, position + 1)
        if found is None:
            return False
        position = found + len(piece)
    start = len(lines) - len(last)
    return start >= position + 1 and lines[start:] == last


def refill(expected: str, actual: str) -> str:
    """``expected`` with the lines around each ``...`` taken from ``actual``: the first and
    last pieces by their length, a middle piece where it is found (it must still be printed)."""
    lines = actual.splitlines()
    if not any(is_gap(line) for line in expected.splitlines()):
        return actual
    gaps = [line for line in expected.splitlines() if is_gap(line)]
    first, *middle, last = pieces(expected)
    out = [*lines[: len(first)], gaps[0]]
    position = len(first)
    for piece, gap in zip(middle, gaps[1:], strict=True):
        found = find(lines, piece, position + 1)
        if found is None:
            raise ValueError(f"the excerpt {piece[0]!r} is no longer printed; edit it by hand")
        out += [*lines[found : found + len(piece)], gap]
        position = found + len(piece)
    out += lines[len(lines) - len(last) :] if last else []
    refilled = "".join(line + "\n" for line in out)
    if not matches(refilled, actual):
        raise ValueError(f"could not fit the excerpt to the output:\n{actual}")
    return refilled


# -- the tests ----------------------------------------------------------------------------------


def doc_steps() -> Iterator[tuple[int, str]]:
    for session in read_sessions(GIT_DOC):
        for step, line in zip(session.steps, step_lines(session), strict=True):
            yield line, step.command


def markdown_block(text: str) -> re.Match[str]:
    """The page's one ```markdown block: the start of the meeting pack."""
    blocks = [match for match in FENCE.finditer(text) if match.group(1) == "markdown"]
    assert len(blocks) == 1, "docs/git.md should have exactly one ```markdown block"
    return blocks[0]


@dataclass(frozen=True)
class DocRun:
    repo: GitRepo
    ran: dict[int, Ran] = field(repr=False)  # by line of the command


@pytest.fixture(scope="module")
def doc_run(tmp_path_factory: pytest.TempPathFactory) -> DocRun:
    """The example repository, built once, with every command of the page run in it."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        repo = build_example_repo(tmp_path_factory.mktemp("git-doc"), monkeypatch)
        ran = run_doc(GIT_DOC, repo.root)
    return DocRun(repo, {item.line: item for item in ran})


def test_git_doc_has_the_examples_this_module_runs() -> None:
    """Guards the parser: the page starts with the log of the repository built here and the
    tag, and has the meeting pack's Markdown."""
    commands = [command for _, command in doc_steps()]
    assert commands[0].startswith("git log ")
    assert commands[1].startswith("git tag approved-2025-12 ")
    assert sum(command.startswith("sezctl ") for command in commands) >= 10
    assert f"sezctl report --today 2026-11-26 > {MEETING_MD}" in commands
    markdown_block(GIT_DOC.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "line", [line for line, _ in doc_steps()], ids=[f"git.md:{line}" for line, _ in doc_steps()]
)
def test_git_doc_command_prints_what_the_doc_says(doc_run: DocRun, line: int) -> None:
    """One ``$ command`` of docs/git.md, run in the example repository after the ones before
    it, prints what the page shows (``...`` lines standing for lines left out)."""
    ran = doc_run.ran[line]
    where = f"docs/git.md:{line}: $ {ran.step.command}"
    if ran.error is not None:
        pytest.fail(f"{where}\n{ran.error}", pytrace=False)
    if ran.actual is None:
        pytest.skip(f"{needs_missing_program(ran.step.command)} is not installed")
    if not matches(ran.step.expected, ran.actual):
        try:  # the printed lines the page's excerpt stands for, when they can be told
            printed = refill(ran.step.expected, ran.actual)
        except ValueError:
            printed = ran.actual
        diff = difflib.unified_diff(
            ran.step.expected.splitlines(), printed.splitlines(), "docs/git.md", "printed"
        )
        pytest.fail(f"{where}\n" + "\n".join(diff), pytrace=False)


def test_dots_stand_for_one_or_more_left_out_lines() -> None:
    """Guards the comparison: ``...`` hides lines but never a changed or missing one."""
    printed = "head\nleft out\nmiddle\nalso left out\ntail\n"
    assert matches("head\n...\nmiddle\n  ...\ntail\n", printed)
    assert matches("...\nmiddle\n...\n", printed)
    assert not matches("head\n...\nleft out\nmiddle\nalso left out\ntail\n", printed)
    assert not matches("head\n...\nmiddle\n...\ntail\nmore\n", printed)
    assert not matches("head\n...\nMIDDLE\n...\n", printed)
    assert not matches("head\nleft out\n", printed)
    assert refill("head\n  ...\ntail\n", "head\nnew\ntail\n") == "head\n  ...\ntail\n"


def test_git_doc_markdown_is_the_start_of_the_meeting_pack(doc_run: DocRun) -> None:
    """The ```markdown block is how the meeting.md written by the page starts."""
    block = markdown_block(GIT_DOC.read_text(encoding="utf-8")).group(2)
    written = (doc_run.repo.root / MEETING_MD).read_text(encoding="utf-8")
    assert block.strip(), "empty ```markdown block"
    assert written.startswith(block), f"meeting.md starts:\n{written[: len(block) + 200]}"


# -- refreshing the page ------------------------------------------------------------------------


def new_ids(text: str, repo: GitRepo) -> dict[str, str]:
    """Old commit id -> new one, short and full: the page's `git log` output, line by line,
    against the log of the repository just built (matched by everything after the id)."""
    log = next(
        step for session in read_sessions(GIT_DOC) for step in session.steps
    )  # the first command of the page
    now = repo.git(*shlex.split(log.command)[1:]).splitlines()
    full = repo.git("log", "--format=%H").split()
    by_rest = {
        line.split(" ", 1)[1]: (line.split(" ", 1)[0], whole)
        for line, whole in zip(now, full, strict=True)
    }
    mapping: dict[str, str] = {}
    for line in log.expected.splitlines():
        old, rest = line.split(" ", 1)
        if rest not in by_rest:
            raise ValueError(f"no commit like {line!r} any more; fix the page's git log by hand")
        short, whole = by_rest[rest]
        mapping[old] = short
        for found in set(re.findall(rf"\b{old}[0-9a-f]{{33}}\b", text)):
            mapping[found] = whole
    return mapping


def update_git_docs() -> None:
    """Rewrite docs/git.md's commit ids, console outputs and ```markdown block from a fresh
    example repository (a maintainer's tool, not a test)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as monkeypatch:
        repo = build_example_repo(Path(folder), monkeypatch)
        text = GIT_DOC.read_text(encoding="utf-8")
        mapping = new_ids(text, repo)
        if mapping:
            pattern = re.compile(r"\b(" + "|".join(sorted(mapping, key=len, reverse=True)) + r")\b")
            text = pattern.sub(lambda found: mapping[found.group(1)], text)
            GIT_DOC.write_text(text, encoding="utf-8")
        ran = run_doc(GIT_DOC, repo.root)
        meeting = (repo.root / MEETING_MD).read_text(encoding="utf-8").splitlines()
    for item in ran:
        if item.error is not None or item.actual is None:
            raise RuntimeError(f"docs/git.md:{item.line}: {item.error or 'not run'}")
    # (start, end, new text) of each block body, applied from the end so offsets stay valid
    spans = []
    for session in read_sessions(GIT_DOC):
        body = "".join(
            f"$ {item.step.command}\n{refill(item.step.expected, item.actual or '')}"
            for item in ran
            if item.session.body_start == session.body_start
        )
        spans.append((session.body_start, session.body_end, body))
    block = markdown_block(text)
    kept = len(block.group(2).splitlines())  # as many lines as the page shows now
    spans.append((block.start(2), block.end(2), "".join(line + "\n" for line in meeting[:kept])))
    for start, end, body in sorted(spans, reverse=True):
        text = text[:start] + body + text[end:]
    GIT_DOC.write_text(text, encoding="utf-8")
