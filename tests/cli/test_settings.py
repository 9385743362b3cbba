def test_settings_show_change_and_refuse(gendan):
    out = gendan.ok("settings", "-f", "csv")
    assert out.splitlines()[0] == "key,value,default,meaning"
    assert out.splitlines()[2].startswith("buffer_days,7,7,")
    gendan.ok("settings", "buffer_days", "10")
    assert gendan.ok("settings", "buffer_days", "-f", "csv").splitlines()[1].startswith("buffer_days,10,7,")
    assert "setting,buffer_days" in gendan.ok("log", "buffer_days", "-f", "csv")
    gendan.refused("settings", "buffer_days", "abc", code=2, message="whole number")
    gendan.refused("settings", "nope", "3", code=2, message="unknown setting 'nope'")


def test_buffer_setting_changes_at_risk(parties):
    parties.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "+20", "--item", "A=10@1")
    parties.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "+10", "--for", "SO-1", "--item", "A=10@1")
    assert parties.ok("order", "list", "-f", "csv").rstrip().endswith("open,false")
    parties.ok("settings", "buffer_days", "12")
    assert parties.ok("order", "list", "-f", "csv").rstrip().endswith("open,true")
