"""`check` sees what breaks the reports, and the reports say how to repair it."""
import sqlite3


def _break_setting(db) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('buffer_days', 'abc')")
    conn.close()


def test_a_broken_setting_is_found_by_check_and_named_by_the_report(parties):
    _break_setting(parties.db)
    result = parties("check")
    assert result.exit_code == 1
    assert "buffer_days" in result.stdout + result.stderr and "gendan settings buffer_days" in result.stdout + result.stderr
    report = parties("today")
    assert report.exit_code == 1, report.stdout
    assert report.stderr.startswith("gendan: error: setting buffer_days holds 'abc'"), report.stderr
    assert "internal error" not in report.stderr
