"""`gendan backup` never destroys what it copies: not the database, not its -wal or -shm file
(by any name: a symbolic or hard link is the same file), not a FIFO or a device; a directory
gets a dated file inside it; a killed backup's temporary file is removed by the next one."""
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.conftest import TODAY


@pytest.fixture
def desk(gendan):
    gendan.ok("customer", "add", "ACME", "--name", "Acme")
    gendan.ok("pay", "in", "ACME", "--amount", "85.00", "--ref", "TT 1")
    return gendan


def _holds_the_payment(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM payments").fetchone()[0] == 1
    finally:
        conn.close()


@pytest.fixture
def in_use(desk):
    """Another gendan reading the database: its -wal and -shm files exist, as while anyone
    works (the last connection to close removes them)."""
    conn = sqlite3.connect(desk.db, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM payments").fetchone()
    yield desk
    conn.close()


def _companion(db: Path, suffix: str) -> Path:
    path = Path(str(db) + suffix)
    if not path.exists():   # a -journal exists only while a rollback-journal write is under way
        path.write_bytes(b"")
    return path


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_backup_onto_the_database_or_its_own_files_is_refused_even_with_force(in_use, suffix):
    desk = in_use
    target = _companion(desk.db, suffix)
    desk.refused("backup", str(target), "--force", message="is the database or one of its own files")
    assert _holds_the_payment(desk.db)
    assert desk.ok("check") == ""


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_backup_onto_a_link_to_the_database_or_its_files_is_refused(in_use, tmp_path, suffix, link):
    desk = in_use
    target = _companion(desk.db, suffix)
    alias = tmp_path / "elsewhere" / "alias.db"
    alias.parent.mkdir()
    (os.symlink if link == "symlink" else os.link)(target, alias)
    desk.refused("backup", str(alias), "--force", message="is the database or one of its own files")
    assert _holds_the_payment(desk.db)


def test_backup_onto_a_fifo_is_refused_without_waiting_for_a_reader(desk, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    desk.refused("backup", str(fifo), "--force", message="is not a regular file")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_backup_onto_a_device_node_is_refused(desk, tmp_path):
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))   # a /dev/null of our own
    desk.refused("backup", str(null), "--force", message="is not a regular file")
    assert stat.S_ISCHR(os.stat(null).st_mode)


def test_backup_into_a_directory_writes_a_dated_file_there(desk, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    result = desk("backup", str(folder))
    assert result.exit_code == 0, result.stderr
    written = folder / f"gendan-{TODAY}.db"
    assert result.stderr == f"backed up {desk.db} to {written}\n"
    assert _holds_the_payment(written)
    assert sorted(p.name for p in folder.iterdir()) == [written.name]
    desk.refused("backup", str(folder), message="already exists")


def test_a_killed_backups_temporary_file_is_removed_by_the_next_backup(desk, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)   # a process that is gone, as a killed backup is
    leftover = folder / f".gendan-backup-{dead}-k1ll3d"
    leftover.write_bytes(b"\0" * 4096)
    running = folder / f".gendan-backup-{os.getpid()}-busy"   # a backup still at work: left alone
    running.write_bytes(b"\0" * 4096)
    desk.ok("backup", str(folder / "copy.db"))
    assert not leftover.exists()
    assert running.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted(["copy.db", running.name])
