"""Issue 11 (non-UI part): hostile text, unsafe output targets, store faults, two instances,
nothing skipped silently, bounded import. Every test runs the real code a user runs."""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from preptui.banks.errors import BankLoadError
from preptui.banks.load import load_bank, load_banks
from preptui.cli import main
from preptui.kinds import Grade
from preptui.safe import CONTROL, safe, safe_path, strip_controls
from preptui.srs.rebase import reapply, rebaser
from preptui.srs.scheduler import Reviewer, Settings
from preptui.store import Store, StoreFault
from preptui.times import iso

from ..conftest import REPO, SAMPLE_BANKS

ALPHA = SAMPLE_BANKS / "alpha.toml"
ROLE = "alpha-engineer"
NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
CONTROLS = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0))]
ESC_BYTES = (b"\x1b", b"\x9b", "\x9b".encode(), b"\x07", b"\x90", b"\x9d")


def run_cli(
    *args: str, stdout: Any = subprocess.PIPE, **env: str
) -> subprocess.CompletedProcess[bytes]:
    full_env = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "preptui", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=full_env,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def no_escapes(*outputs: bytes) -> None:
    for out in outputs:
        for bad in ESC_BYTES:
            assert bad not in out, out[:400]
        assert b"Traceback" not in out, out.decode(errors="replace")


# --------------------------------------------------------------------------- control characters


def _with(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


FIELDS = [  # (what to replace in alpha.toml, the field the error must name)
    ('title = "Alpha Engineer"', "role.title"),
    ('icon = "🅰"', "role.icon"),
    ('rounds = "2 rounds: fundamentals, design and behavioural"', "role.format.rounds"),
    ('prompt = "When would you add a cache, and what can go wrong?"', "questions[0].prompt"),
    ('tip = "Name a concrete hit rate you would expect."', "questions[0].tip"),
    ('tags = ["performance", "caching"]', "questions[0].tags[0]"),
    ('"Repeated expensive reads"', "questions[0].key_points[0]"),
    ('"How would you prevent a cache stampede?"', "questions[0].follow_ups[0]"),
]


def _poison(line: str, char: str) -> str:
    """The TOML line with ``char`` (as a \\u escape) inside its first string, after its first
    character (at an end, whitespace such as CR is stripped)."""
    start = line.index('"') + 1
    end = line.index('"', start)
    content = line[start:end]
    return f"{line[:start]}{content[0]}\\u{ord(char):04x}{content}{line[end:]}"


@pytest.mark.parametrize(("line", "field"), FIELDS)
@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x9b", "\r", "\x7f", "\x00"])
def test_bank_with_a_control_character_names_file_line_and_field(
    tmp_path: Path, line: str, field: str, char: str
) -> None:
    text = ALPHA.read_text(encoding="utf-8")
    bank = tmp_path / "evil.toml"
    bank.write_text(_with(text, line, _poison(line, char)), encoding="utf-8")
    with pytest.raises(BankLoadError) as caught:
        load_bank(bank)
    (error,) = caught.value.errors
    number = text[: text.index(line)].count("\n") + 1
    assert str(error) == f"{bank}:{number}: {field}: control character U+{ord(char):04X}"


def test_answer_with_escape_in_a_multiline_string_is_refused(tmp_path: Path) -> None:
    text = ALPHA.read_text(encoding="utf-8")
    bank = tmp_path / "evil.toml"
    bank.write_text(
        _with(text, "- Pick the key", "- Pick \\u001b]8;;http://x\\u001b\\\\ the key"),
        encoding="utf-8",
    )
    with pytest.raises(BankLoadError) as caught:
        load_bank(bank)
    assert [e.field for e in caught.value.errors] == ["questions[0].answer"]
    assert "control character U+001B" in str(caught.value)


def test_tabs_and_newlines_are_still_fine(tmp_path: Path) -> None:
    text = ALPHA.read_text(encoding="utf-8")
    bank = tmp_path / "ok.toml"
    bank.write_text(_with(text, "- Pick the key", "-\tPick the key"), encoding="utf-8")
    assert "\t" in load_bank(bank).questions[0].answer


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_safe_never_lets_a_control_character_through(text: str) -> None:
    out = safe(text)
    assert all(ch in "\t\n" for ch in CONTROL.findall(out))
    assert not CONTROL.search(safe(text, one_line=True))
    assert not CONTROL.search(safe_path(text))
    if not CONTROL.search(text):
        assert out == text  # ordinary text is untouched


def test_safe_shows_escapes_visibly() -> None:
    assert safe("a\x1b]0;t\x07b\x9b") == "a\\x1b]0;t\\x07b\\x9b"
    assert safe_path(Path("x\ny")) == "x\\ny"
    assert strip_controls("a\x1bb\tc\r\n\x9b") == ("ab\tc\r\n", 2)


def _hostile_store(data: Path) -> None:
    """A store whose rows carry escapes (as an older preptui or a hand edit could leave)."""
    store = Store(data / "preptui.sqlite3")
    mock_id = store.create_mock("x\x1b]0;pwned\x07", "Ti\x1b[2Jtle\x9b", 45, 1, ["q\x1b"])
    store.save_mock_result(mock_id, {"question_id": "q\x1b", "rating": 3}, 12.0)
    reviewer = Reviewer(Settings(fuzz=False))
    card, _ = reviewer.rate(reviewer.new_card("r\x1bole", "q", NOW), Grade.GOOD, NOW)
    store.save_review("r\x1bole", "q", 3, iso(NOW), None, card, reviewer.scheduler_dict())
    store.close()


def test_every_cli_command_prints_hostile_text_safely(tmp_path: Path, isolated_dirs: Path) -> None:
    _hostile_store(isolated_dirs)
    folder = tmp_path / "banks\x1b]0;title\x07"
    folder.mkdir()
    shutil.copyfile(ALPHA, folder / "alpha.toml")
    evil = ALPHA.read_text(encoding="utf-8")
    evil = _with(evil, 'title = "Alpha Engineer"', 'title = "A\\u001b[2J"')
    (folder / "evil\x1b[31m.toml").write_text(evil, encoding="utf-8")
    (tmp_path / "im\x1b.md").write_text(
        "# T\x1b]0;x\x07\n\n## What is \x1b[5mit?\n\nIt is \x9b2J this.\n", encoding="utf-8"
    )
    runs = [
        ("list", "--banks", str(folder)),
        ("validate", str(folder)),
        ("validate", "--json", str(folder)),
        ("export", ROLE, "--banks", str(folder)),
        ("export", ROLE, "-f", "csv", "--banks", str(folder)),
        ("mock", ROLE, "--plan", "--banks", str(folder)),
        ("history",),
        ("stats",),
        ("import", str(tmp_path / "im\x1b.md"), "-o", str(tmp_path / "out\x1b.toml")),
        ("export", "no\x1bsuch", "--banks", str(folder)),
    ]
    for args in runs:
        done = run_cli(*args)
        no_escapes(done.stdout, done.stderr)
        assert done.returncode in (0, 1), (args, done.stderr)
    imported = (tmp_path / "out\x1b.toml").read_text(encoding="utf-8")
    assert "\x1b" not in imported and "\x9b" not in imported
    assert (
        "control characters removed"
        in run_cli(
            "import", str(tmp_path / "im\x1b.md"), "-o", str(tmp_path / "again.toml")
        ).stdout.decode()
    )


# --------------------------------------------------------------------------- output targets


def _targets(tmp_path: Path) -> Iterator[Path]:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    yield fifo
    link = tmp_path / "link.md"
    (tmp_path / "precious.md").write_text("keep me", encoding="utf-8")
    link.symlink_to(tmp_path / "precious.md")
    yield link
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere" / "x.md")
    yield dangling
    if os.geteuid() == 0:  # a device node of our own, like /dev/null
        device = tmp_path / "null"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        yield device


@pytest.mark.parametrize("force", [False, True])
def test_output_that_is_not_a_regular_file_is_refused(tmp_path: Path, force: bool) -> None:
    for target in _targets(tmp_path):
        before = os.lstat(target)
        flags = ["--force"] if force else []
        done = run_cli("export", ROLE, "--banks", str(ALPHA), "-o", str(target), *flags)
        assert done.returncode == 1
        lines = done.stderr.decode().splitlines()
        assert len(lines) == 1 and "not a regular file; not replacing it" in lines[0], lines
        after = os.lstat(target)
        assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
        done = run_cli("import", str(ALPHA), "-o", str(target), *flags)
        assert done.returncode == 1 and b"not a regular file" in done.stderr
        assert os.lstat(target).st_ino == before.st_ino
    assert (tmp_path / "precious.md").read_text(encoding="utf-8") == "keep me"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ("export", ROLE, "--banks", str(ALPHA)),
        ("export", ROLE, "-f", "csv", "--banks", str(ALPHA)),
        ("list",),
        ("validate", "--json"),
        ("schema",),
        ("mock", ROLE, "--plan", "--banks", str(ALPHA)),
        ("history",),
    ],
)
def test_a_full_stdout_is_one_line_and_exit_1(args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        done = run_cli(*args, stdout=full)
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        "preptui: cannot write to standard output: No space left on device"
    ]


# --------------------------------------------------------------------------- store faults


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _seed_history(data: Path) -> None:
    store = Store(data / "preptui.sqlite3")
    mock_id = store.create_mock(ROLE, "Alpha Engineer", 45, 7, ["caching"])
    store.save_mock_result(mock_id, {"question_id": "caching", "rating": 3}, 61.0)
    reviewer = Reviewer(Settings(fuzz=False))
    card, _ = reviewer.rate(reviewer.new_card(ROLE, "caching", NOW), Grade.GOOD, NOW)
    store.save_review(ROLE, "caching", 3, iso(NOW), None, card, reviewer.scheduler_dict())
    store.close()


@contextlib.contextmanager
def small_filesystem(where: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    # Unbuffered: nothing is left to flush (and fail) when the full file is closed.
    with open(filler, "wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 65536)
            handle.flush()
    return filler


def test_full_disk_is_a_fault_not_corruption(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "mnt") as mnt:
        data = mnt / "data"
        _seed_history(data)
        db = data / "preptui.sqlite3"
        for side in ("-wal", "-shm"):  # a closed store leaves none; a crashed one may
            (data / f"preptui.sqlite3{side}").unlink(missing_ok=True)
        before = _digest(db)
        filler = _fill(mnt)
        env = {"PREPTUI_DATA_DIR": str(data)}
        for command in ("history", "stats"):
            done = (
                run_cli(command, "--banks", str(ALPHA), **env)
                if command == "stats"
                else (run_cli(command, **env))
            )
            assert done.returncode == 1, done
            lines = done.stderr.decode().splitlines()
            assert len(lines) == 1, lines
            assert str(data) in lines[0] and "full" in lines[0], lines
            no_escapes(done.stdout, done.stderr)
        assert _digest(db) == before
        assert not list(data.glob("*.corrupt-*"))
        filler.unlink()
        done = run_cli("history", **env)
        assert done.returncode == 0 and b"Alpha Engineer" in done.stdout, done
        done = run_cli("stats", "--banks", str(ALPHA), **env)
        assert done.returncode == 0 and b"Alpha Engineer" in done.stdout, done


def test_read_only_filesystem_is_a_fault_not_corruption(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "mnt") as mnt:
        data = mnt / "data"
        _seed_history(data)
        before = _digest(data / "preptui.sqlite3")
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        try:
            done = run_cli("history", PREPTUI_DATA_DIR=str(data))
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(mnt)], check=True)
        assert done.returncode == 1
        (line,) = done.stderr.decode().splitlines()
        assert str(data) in line and "read-only" in line
        assert _digest(data / "preptui.sqlite3") == before
        assert run_cli("history", PREPTUI_DATA_DIR=str(data)).returncode == 0


def _error(name: str, message: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorname = name
    return exc


class _Failing:
    """A sqlite3 connection that fails one kind of statement with a chosen SQLite error."""

    def __init__(self, conn: sqlite3.Connection, when: str, error: sqlite3.Error) -> None:
        self._conn, self._when, self._error = conn, when, error

    def execute(self, sql: str, *args: Any) -> Any:
        if self._when in sql:
            raise self._error
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


FAULTS = [
    ("SQLITE_FULL", "database or disk is full"),
    ("SQLITE_READONLY", "attempt to write a readonly database"),
    ("SQLITE_IOERR_WRITE", "disk I/O error"),
    ("SQLITE_CANTOPEN", "unable to open database file"),
    ("SQLITE_PERM", "access permission denied"),
    ("SQLITE_BUSY", "database is locked"),
]


@pytest.mark.parametrize(("name", "message"), FAULTS)
@pytest.mark.parametrize("when", ["busy_timeout", "journal_mode", "user_version"])
def test_injected_faults_at_open_never_move_the_file(
    isolated_dirs: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    message: str,
    when: str,
) -> None:
    _seed_history(isolated_dirs)
    db = isolated_dirs / "preptui.sqlite3"
    before = _digest(db)
    real = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> Any:
        return _Failing(real(*args, **kwargs), when, _error(name, message))

    monkeypatch.setattr("preptui.store.connection.sqlite3.connect", connect)
    with pytest.raises(StoreFault):
        Store(db)
    for command in (["history"], ["stats", "--banks", str(ALPHA)]):
        assert main(command) == 1
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1 and str(db) in err[0] and message in err[0], err
    assert _digest(db) == before
    assert sorted(p.name for p in isolated_dirs.iterdir() if "corrupt" in p.name) == []


@pytest.mark.parametrize(("name", "message"), FAULTS[:3])
def test_injected_fault_on_commit_is_reported_as_itself(
    isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch, name: str, message: str
) -> None:
    _seed_history(isolated_dirs)
    store = Store(isolated_dirs / "preptui.sqlite3")
    store._conn = _Failing(store._conn, "COMMIT", _error(name, message))  # type: ignore[assignment]
    reviewer = Reviewer(Settings(fuzz=False))
    card, _ = reviewer.rate(reviewer.new_card(ROLE, "other", NOW), Grade.GOOD, NOW)
    with pytest.raises(sqlite3.OperationalError, match=message):
        store.save_review(ROLE, "other", 3, iso(NOW), None, card, reviewer.scheduler_dict())
    store._conn = store._conn._conn  # type: ignore[attr-defined]
    store.close()
    assert "other" not in Store(isolated_dirs / "preptui.sqlite3").cards(ROLE)


# --------------------------------------------------------------------------- two instances


def _rate_in_process(db: str, barrier: Any, grade: int, queue: Any) -> None:
    store = Store(Path(db))
    reviewer = Reviewer(Settings(fuzz=False))
    stored = store.cards(ROLE).get("caching")
    before = stored if stored and stored.get("last_review") else None
    when = NOW + timedelta(minutes=grade)
    start = before or reviewer.new_card(ROLE, "caching", when)
    after, _ = reviewer.rate(start, Grade(grade), when)
    barrier.wait()  # both have read the same card; now both write
    from preptui.srs.session import Rating

    rating = Rating("caching", Grade(grade), when, before, after, 0, False, 1)
    saved = store.save_review(
        ROLE,
        "caching",
        grade,
        iso(when),
        before,
        after,
        reviewer.scheduler_dict(),
        rebase=rebaser(reviewer, ROLE, rating),
    )
    queue.put((grade, saved.rebased))
    store.close()


def test_two_processes_rating_the_same_card_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Store(db).close()
    ctx = multiprocessing.get_context("spawn")
    barrier, queue = ctx.Barrier(2), ctx.Queue()
    procs = [
        ctx.Process(target=_rate_in_process, args=(str(db), barrier, g, queue)) for g in (2, 4)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    results = sorted(queue.get(timeout=10) for _ in procs)
    assert sorted(rebased for _, rebased in results) == [False, True]
    store = Store(db)
    rows = store.read("SELECT grade, card_before, card_after FROM review_log ORDER BY id")
    assert len(rows) == 2
    first, second = rows
    assert first["card_before"] is None
    # the second rating was re-applied to the card the first one stored: a chain, nothing lost
    assert json.loads(second["card_before"]) == json.loads(first["card_after"])
    assert store.cards(ROLE)["caching"] == json.loads(second["card_after"])
    assert store.new_cards_since(ROLE, iso(NOW - timedelta(days=1))) == 1
    store.close()


def test_a_stale_card_is_refused_or_rebased(tmp_path: Path) -> None:
    from preptui.store.reviews import CardChanged

    db = tmp_path / "s.db"
    one, two = Store(db), Store(db)
    reviewer = Reviewer(Settings(fuzz=False))
    new = reviewer.new_card(ROLE, "caching", NOW)
    a, _ = reviewer.rate(new, Grade.GOOD, NOW)
    b, _ = reviewer.rate(new, Grade.AGAIN, NOW)
    one.save_review(ROLE, "caching", 3, iso(NOW), None, a, reviewer.scheduler_dict())
    with pytest.raises(CardChanged) as caught:
        two.save_review(ROLE, "caching", 1, iso(NOW), None, b, reviewer.scheduler_dict())
    assert caught.value.current == a
    assert len(two.review_log(ROLE)) == 1  # nothing written
    before, after = reapply(reviewer, ROLE, "caching", caught.value.current, Grade.AGAIN, NOW)
    assert before == a
    two.save_review(ROLE, "caching", 1, iso(NOW), before, after, reviewer.scheduler_dict())
    assert one.cards(ROLE)["caching"] == after
    assert one.new_cards_since(ROLE, iso(NOW)) == 1
    one.close()
    two.close()


def test_new_cards_are_counted_once_per_question(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store = Store(db)
    reviewer = Reviewer(Settings(fuzz=False))
    card, _ = reviewer.rate(reviewer.new_card(ROLE, "caching", NOW), Grade.GOOD, NOW)
    store.save_review(ROLE, "caching", 3, iso(NOW), None, card, reviewer.scheduler_dict())
    with store.write() as conn:  # a second first rating, as an older preptui could leave
        conn.execute(
            "INSERT INTO review_log (role_id, question_id, grade, reviewed_at, card_before,"
            " card_after, scheduler_id) SELECT role_id, question_id, grade, reviewed_at,"
            " card_before, card_after, scheduler_id FROM review_log"
        )
    assert len(store.review_log(ROLE)) == 2
    assert store.new_cards_since(ROLE, iso(NOW)) == 1
    store.close()


# --------------------------------------------------------------------------- nothing skipped


def _unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a folder or file unreadable: chmod, or (root reads anything) a refusing os call."""
    if os.geteuid() != 0:
        path.chmod(0)
        return
    real_scandir, real_open = os.scandir, os.open

    def scandir(target: Any = ".") -> Any:
        if Path(os.fspath(target)) == path:
            raise PermissionError(13, "Permission denied", os.fspath(target))
        return real_scandir(target)

    monkeypatch.setattr(os, "scandir", scandir)
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    del real_open


def test_unreadable_banks_folder_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "banks"
    folder.mkdir()
    shutil.copyfile(ALPHA, folder / "alpha.toml")
    _unreadable(folder, monkeypatch)
    try:
        assert main(["validate", str(folder)]) == 1
        out = capsys.readouterr()
        assert f"{folder}: cannot read the folder: permission denied" in out.out
        from preptui.banks.discover import Origin, bank_files

        result = load_banks([(p, Origin.EXTRA) for p in bank_files(folder)], cache=False)
        assert [e.path for e in result.errors] == [folder]
    finally:
        folder.chmod(0o755)


def test_unreadable_user_banks_folder_is_listed_by_validate(
    isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from preptui import paths

    folder = paths.user_bank_dir()
    folder.mkdir(parents=True)
    shutil.copyfile(ALPHA, folder / "mine.toml")
    _unreadable(folder, monkeypatch)
    try:
        assert main(["validate"]) == 1
        assert "cannot read the folder: permission denied" in capsys.readouterr().out
    finally:
        folder.chmod(0o755)


def test_unreadable_bank_file_and_broken_link_are_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "banks"
    folder.mkdir()
    secret = folder / "secret.toml"
    shutil.copyfile(ALPHA, secret)
    (folder / "gone.toml").symlink_to(folder / "nowhere.toml")
    _unreadable(secret, monkeypatch)
    try:
        assert main(["validate", str(folder)]) == 1
        out = capsys.readouterr().out
        assert f"{secret}: cannot read the file: permission denied" in out
        assert f"{folder / 'gone.toml'}: a broken link" in out
    finally:
        secret.chmod(0o644)


def test_each_rejected_edit_is_kept(tmp_path: Path) -> None:
    from preptui.banks.edit import begin_edit, finish, latest_rejected, rejected_files

    bank = tmp_path / "alpha.toml"
    shutil.copyfile(ALPHA, bank)
    assert latest_rejected(bank) is None
    texts = []
    for n in range(3):
        session = begin_edit(bank, "caching")
        text = session.work_path.read_text(encoding="utf-8").replace(
            'difficulty = "easy"', f'difficulty = "wrong-{n}"', 1
        )
        session.work_path.write_text(text, encoding="utf-8")
        outcome = finish(session)
        assert outcome.status == "rejected"
        texts.append(text)
        assert outcome.kept == latest_rejected(bank)
    kept = rejected_files(bank)
    assert len(kept) == 3 and len({p.name for p in kept}) == 3
    assert [p.read_text(encoding="utf-8") for p in kept] == texts  # oldest first
    latest = latest_rejected(bank)
    assert latest is not None and latest.read_text(encoding="utf-8") == texts[-1]
    assert bank.read_bytes() == ALPHA.read_bytes()


def _damage(db: Path) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE mocks SET question_ids = '{not json'")
        conn.execute(
            "INSERT INTO mocks (role_id, role_title, started_at, minutes, seed,"
            " question_ids) VALUES ('r', 'Fine', '2025-01-01T00:00:00+00:00', 30, 1, '[]')"
        )
        conn.execute("UPDATE mock_results SET result = 'nope'")
        conn.execute(
            "INSERT INTO cards (role_id, question_id, card, due, updated_at)"
            f" VALUES ('{ROLE}', 'broken', '[1,', '', '')"
        )
        conn.execute(
            "INSERT INTO cards (role_id, question_id, card, due, updated_at)"
            f" VALUES ('{ROLE}', 'odd', '{{\"due\": \"yesterday\"}}', '', '')"
        )
    conn.close()


def test_damaged_rows_are_reported_and_skipped(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed_history(isolated_dirs)
    db = isolated_dirs / "preptui.sqlite3"
    _damage(db)
    assert main(["history"]) == 0
    out = capsys.readouterr()
    assert "Fine" in out.out
    assert "skipped a damaged row (mock 1)" in out.err
    assert main(["stats", "--banks", str(ALPHA)]) == 0
    out = capsys.readouterr()
    assert "Alpha Engineer" in out.out
    assert "card of 'broken'" in out.err and "card of 'odd'" in out.err
    store = Store(db)
    assert store.mock_results(1) == []
    assert any("mock 1, result of 'caching'" in n for n in store.notices)
    store.close()
    # opening may checkpoint the WAL, so the bytes may differ; the damaged rows stay:
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 3
    conn.close()


# --------------------------------------------------------------------------- bounded import


def test_question_heading_that_is_only_a_number_keeps_its_text(tmp_path: Path) -> None:
    from preptui.importing import import_file

    source = tmp_path / "quiz.md"
    source.write_text(
        "# Quiz\n\n## Question 7?\n\nSeven.\n\n## Question 12?\n\nTwelve.\n\n"
        "## Q3. What is a thread?\n\nA unit of execution.\n",
        encoding="utf-8",
    )
    prompts = [q.prompt for q in import_file(source).bank.questions]
    assert prompts == ["Question 7?", "Question 12?", "What is a thread?"]


def test_imported_control_characters_are_stripped_with_a_note(tmp_path: Path) -> None:
    from preptui.importing import import_file

    source = tmp_path / "quiz.md"
    source.write_text(
        "# Quiz\x1b]0;x\x07\n\n## What is \x1b[5mit?\n\nIt is \x9bthis.\n", encoding="utf-8"
    )
    report = import_file(source)
    (question,) = report.bank.questions
    assert question.prompt == "What is [5mit?" and question.answer == "It is this."
    assert "4 control characters removed (escape codes)" in report.defaults


HOSTILE_MARKDOWN = {
    "nested lists": lambda: "".join("  " * d + "- item\n" for d in range(3000)),
    "nested quotes": lambda: ("> " * 3000 + "x\n") * 300,
    "brackets": lambda: "[" * 2_000_000 + "\n",
    "emphasis": lambda: "*a " * 1_000_000 + "\n",
    "unclosed links": lambda: "<a href=x " * 200_000 + "\n",
    "long indent": lambda: " " * 4_000_000 + "a <b>\n",
}


@pytest.mark.parametrize("kind", list(HOSTILE_MARKDOWN))
def test_hostile_markdown_finishes_with_an_answer(tmp_path: Path, kind: str) -> None:
    # No timing here (see `make bench`); before the fix each of these ran for minutes, which
    # the subprocess timeout (120 s) turns into a failure.
    source = tmp_path / "big.md"
    source.write_text("# T\n\n## What is it?\n\n" + HOSTILE_MARKDOWN[kind](), encoding="utf-8")
    done = run_cli("import", str(source), "-o", str(tmp_path / "out.toml"))
    no_escapes(done.stdout, done.stderr)
    assert done.returncode in (0, 1)
    if done.returncode:
        (line,) = done.stderr.decode().splitlines()
        assert line.startswith(f"preptui: {source}: ")
