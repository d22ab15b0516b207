"""``expertteam server init URL`` and ``expertteam --server URL <opdracht>`` on a real server."""

from __future__ import annotations

import pytest

from expertteam.cli import main
from expertteam.services import regions, users
from expertteam.services.store import Store
from tests.pg import PgServer


def test_server_init_prepares_an_empty_database_and_commands_work_on_it(
        pg_server: PgServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = pg_server.new_database().render_as_string(hide_password=False)
    assert main(["server", "init", url, "--gebruiker", "Anna", "--regio", "JZ21"]) == 0
    assert "Server ingericht" in capsys.readouterr().out
    store = Store.open_server(url, origin="test")
    try:
        assert [u.name for u in users.list_users(store)] == ["Anna"]
        region = regions.get_region(store)
        assert region is not None
        assert region.code == "JZ21"
    finally:
        store.close()
    assert main(["--server", url, "demo"]) == 0
    capsys.readouterr()
    assert main(["--server", url, "cases"]) == 0
    assert "ET-" in capsys.readouterr().out
    # A second init refuses a database that is not empty; nothing changes.
    assert main(["server", "init", url, "--gebruiker", "Bert"]) == 2
    assert "niet leeg" in capsys.readouterr().err


def test_a_password_in_the_url_is_never_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--server", "postgresql://anna:geheim@db.regio.example/et", "cases"]) == 2
    err = capsys.readouterr().err
    assert "versleutelde verbinding" in err
    assert "geheim" not in err
